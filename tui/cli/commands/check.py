"""``koppelaar check [NAME...] [--all] [--json] [--deep]``: the headless check.

Exit codes: 0 when every checked profile is ready, 1 otherwise, 2 on a usage or configuration
error. Progress goes to standard error, and only when that is a terminal.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from tui.cli.commands.profiles import format_table
from tui.cli.unlock import open_secrets
from tui.profiles.model import Profile
from tui.profiles.store import StoreError
from tui.runtime import Runtime
from tui.text.i18n import t
from tui.text.safe import json_text, plain

if TYPE_CHECKING:  # the checker pulls in httpx: imported when a check runs
    from tui.checks.checker import CheckRun, ProfileResult

_TEXT = {
    "usage": (
        "noem een of meer profielen, of gebruik --all",
        "name one or more profiles, or use --all",
    ),
    "both": (
        "noem profielen of gebruik --all, niet allebei",
        "name profiles or use --all, not both",
    ),
    "none": ("geen profielen om te controleren in {dir}", "no profiles to check in {dir}"),
    "unreadable": ("Onleesbaar profiel overgeslagen: {what}", "Unreadable profile skipped: {what}"),
    "not_saved": (
        "Resultaat niet opgeslagen voor {slug}: {why}",
        "Result not saved for {slug}: {why}",
    ),
    "summary": (
        "{total} gecontroleerd: {ready} gereed, {problems} met problemen, {unverified} niet "
        "geverifieerd, {error} fout; {requests} aanvragen.",
        "{total} checked: {ready} ready, {problems} with problems, {unverified} unverified, "
        "{error} error; {requests} requests.",
    ),
    "error": ("fout: {why}", "error: {why}"),
}


def _say(lang: str, key: str, **values: object) -> str:
    nl, en = _TEXT[key]
    return (en if lang == "en" else nl).format(**values)


def _usage(message: str) -> typer.Exit:
    typer.echo(f"koppelaar: {plain(message)}", err=True)
    return typer.Exit(2)


def select_profiles(runtime: Runtime, names: list[str], check_all: bool) -> list[Profile]:
    """The profiles to check; a usage problem raises typer.Exit(2) after saying what."""
    lang = runtime.language
    if check_all and names:
        raise _usage(_say(lang, "both"))
    if not check_all and not names:
        raise _usage(_say(lang, "usage"))
    store = runtime.store
    if check_all:
        loaded = store.load_all()
        for broken in loaded.broken:
            typer.echo(plain(_say(lang, "unreadable", what=broken.describe())), err=True)
        if not loaded.profiles:
            raise _usage(_say(lang, "none", dir=runtime.paths.profiles_dir))
        return loaded.profiles
    profiles = []
    for name in dict.fromkeys(names):
        try:
            profiles.append(store.load(name))
        except StoreError as exc:
            raise _usage(str(exc)) from None
    return profiles


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled

    def __call__(self, result: ProfileResult) -> None:
        self.done += 1
        if self.enabled:
            status = t(f"status.{result.status}")
            line = f"[{self.done}/{self.total}] {plain(result.slug, 40)}: {status}"
            sys.stderr.write("\r\x1b[K" + line)
            sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled and self.done:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def render_table(run: CheckRun, lang: str) -> str:
    header = [t(k, lang) for k in ("col.profile", "col.employer", "col.werkgever_id", "col.status")]
    rows = [
        [r.slug, r.profile.name, r.profile.werkgever_id, t(f"status.{r.status}", lang)]
        for r in run.results
    ]
    lines = [format_table(header, rows), ""]
    for result in run.results:
        if result.status == "ready":
            continue
        lines.append(f"{plain(result.slug)} ({t(f'status.{result.status}', lang)})")
        if result.error:
            lines.append(f"  {plain(_say(lang, 'error', why=result.error))}")
        for item in result.items(lang):
            if item.status in ("pass", "skipped") or item.id.startswith("submission."):
                continue
            if result.status == "error" and item.status != "fail":
                continue  # the error says why these could not be checked
            status = t(f"item.{item.status}", lang)
            lines.append(f"  [{status}] {plain(item.title)}: {plain(item.detail)}")
        lines.append("")
    counts = {
        s: sum(r.status == s for r in run.results)
        for s in ("ready", "problems", "unverified", "error")
    }
    lines.append(_say(lang, "summary", total=len(run.results), requests=run.requests, **counts))
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check(
        ctx: typer.Context,
        names: Annotated[
            list[str] | None,
            typer.Argument(help="Profiles to check (their names).", show_default=False),
        ] = None,
        check_all: Annotated[bool, typer.Option("--all", help="Check every profile.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
        deep: Annotated[
            bool, typer.Option("--deep", help="Also confirm each right with one real request.")
        ] = False,
    ) -> None:
        """Check profiles against Loket.nl (exit 0: all ready, 1: not all ready, 2: usage, or a
        result could not be saved)."""
        from tui.checks.checker import CheckConfigError, Checker

        runtime: Runtime = ctx.obj
        lang = runtime.language
        profiles = select_profiles(runtime, names or [], check_all)
        try:
            secrets = open_secrets(runtime)
        except ValueError as exc:
            raise _usage(str(exc)) from None
        progress = _Progress(len(profiles), sys.stderr.isatty())

        async def run_check() -> CheckRun:
            async with Checker(
                runtime.settings, secrets, store=runtime.store, lang=lang
            ) as checker:
                return await checker.check_profiles(profiles, deep=deep, on_result=progress)

        try:
            run = asyncio.run(run_check())
        except CheckConfigError as exc:
            raise _usage(f"configuration error: {exc}") from None
        finally:
            progress.finish()
        runtime.store.flush_index()  # the next load does not parse the checked files again
        for result in run.results:
            if result.save_error:
                typer.echo(
                    plain(_say(lang, "not_saved", slug=result.slug, why=result.save_error)),
                    err=True,
                )
        if as_json:
            typer.echo(json_text(run.to_json(lang)))
        else:
            typer.echo(render_table(run, lang))
        if any(result.save_error for result in run.results):
            raise typer.Exit(2)  # checked, but not saved: the profiles do not say so
        ready = all(result.status == "ready" for result in run.results)
        raise typer.Exit(0 if ready and run.results else 1)
