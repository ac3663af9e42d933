"""What ``koppelaar discover`` does and prints (tui.cli.commands.discover registers it and
loads this only when the command runs)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import typer

from tui.checks.checker import Checker, CheckRun
from tui.cli.commands.profiles import format_table
from tui.cli.unlock import open_secrets
from tui.discovery.create import create_profiles
from tui.discovery.discover import (
    CreateProfilesError,
    DiscoveryResult,
    discover,
)
from tui.discovery.text import say
from tui.runtime import Runtime
from tui.text.safe import plain

# Columns of the table are cut to this many characters (format_table caps them at 40 too).
NAME_WIDTH = 40


@dataclass
class DiscoverRun:
    result: DiscoveryResult
    created: list[str] = field(default_factory=list)
    checks: CheckRun | None = None
    create_error: str | None = None
    requests: int = 0

    def to_json(self, lang: str) -> dict[str, Any]:
        document = self.result.to_json(lang, self.created)
        document["requests"] = self.requests
        if self.checks is not None:
            document["checks"] = [
                {"profile": r.slug, "status": r.status, "error": r.error}
                for r in self.checks.results
            ]
        if self.create_error is not None:
            document["error"] = self.create_error
        return document


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"koppelaar: {plain(message)}", err=True)
    return typer.Exit(code)


def render_entries(result: DiscoveryResult, lang: str) -> str:
    header = [
        say(f"col.{key}", lang)
        for key in ("werkgever_id", "employer", "kvk", "loket_id", "profile")
    ]
    rows = [
        [
            entry.werkgever_id,
            plain(entry.company_name, NAME_WIDTH),
            entry.chamber_of_commerce_number or "-",
            entry.loket_id,
            entry.profile or say("profile.new", lang),
        ]
        for entry in result.entries
    ]
    lines = [format_table(header, rows), ""]
    lines.extend(plain(hint.text(lang)) for hint in result.hints)
    if result.hints:
        lines.append("")
    lines.append(
        say(
            "summary",
            lang,
            total=len(result.entries),
            username=plain(result.username),
            known=len(result.known),
            new=len(result.new),
            requests=result.requests,
        )
    )
    return "\n".join(lines)


async def run_discover(runtime: Runtime, username: str, create: bool) -> DiscoverRun:
    lang = runtime.language
    store = runtime.store
    async with Checker(runtime.settings, open_secrets(runtime), store=store, lang=lang) as checker:
        start = checker.requests
        result = await discover(username, checker, store)
        run = DiscoverRun(result)
        if create and result.new:
            try:
                run.created = await asyncio.to_thread(
                    create_profiles, store, result.new, result.username, lang
                )
            except CreateProfilesError as exc:
                run.created, run.create_error = exc.created, exc.message
            created = set(run.created)
            loaded = await asyncio.to_thread(store.load_all)
            profiles = [p for p in loaded.profiles if p.slug in created]
            result.mark_created({p.loket_id: p.slug for p in profiles if p.loket_id})
            if profiles:
                run.checks = await checker.check_profiles(profiles)
        run.requests = checker.requests - start
    return run
