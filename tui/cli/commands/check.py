"""``koppelaar check [NAME...] [--all] [--json] [--deep]``: the headless check.

Exit codes: 0 when every checked profile is ready, 1 otherwise, 2 on a usage or configuration
error. Progress goes to standard error, and only when that is a terminal.
"""

from __future__ import annotations

import asyncio
import io
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from tui.cli.commands.profiles import format_table
from tui.cli.typed import username_error
from tui.cli.unlock import open_secrets
from tui.profiles.model import Profile
from tui.profiles.store import StoreError, now
from tui.runtime import Runtime
from tui.text.i18n import t
from tui.text.safe import json_text, plain

if TYPE_CHECKING:  # the checker pulls in httpx: imported when a check runs
    from tui.checks.checker import CheckRun, ProfileResult


def _say(lang: str, key: str, **values: Any) -> str:
    return t(f"check.{key}", lang, **values)


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
    def __init__(self, total: int, enabled: bool, lang: str) -> None:
        self.lang = lang
        self.total = total
        self.done = 0
        self.enabled = enabled

    def __call__(self, result: ProfileResult) -> None:
        self.done += 1
        if self.enabled:
            status = t(f"status.{result.status}", self.lang)
            line = f"[{self.done}/{self.total}] {plain(result.slug, 40)}: {status}"
            sys.stderr.write("\r\x1b[K" + line)
            sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled and self.done:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


class Report:
    """What the command prints, gathered as results stream in and nothing more: with
    ``--json`` each profile is written as it finishes; the table keeps one short row per
    profile and the lines of those that are not ready. Memory stays flat at any count."""

    def __init__(self, lang: str, as_json: bool, out: TextIO, admin: str = "") -> None:
        self.lang = lang
        self.admin = admin
        self.as_json = as_json
        self.out = out
        self.rows: list[list[str]] = []
        self.details: list[str] = []
        self.counts = dict.fromkeys(("ready", "problems", "unverified", "error"), 0)
        self.total = 0
        self.not_saved: list[str] = []
        self.checked_at: datetime | None = None

    def _open(self, checked_at: datetime) -> None:
        if self.checked_at is None:
            self.checked_at = checked_at
            if self.as_json:
                from tui.checks.checker import JSON_VERSION

                head_doc: dict[str, object] = {
                    "version": JSON_VERSION,
                    "checked_at": checked_at.isoformat(),
                }
                if self.admin:
                    head_doc["admin"] = self.admin
                head = json_text(head_doc)
                self.out.write(head.rstrip().removesuffix("}").rstrip() + ',\n  "profiles": [')

    def add(self, result: ProfileResult) -> None:
        self._open(result.checked_at)
        self.total += 1
        self.counts[result.status] = self.counts.get(result.status, 0) + 1
        if result.save_error:
            self.not_saved.append(
                _say(self.lang, "not_saved", slug=result.slug, why=result.save_error)
            )
        if self.as_json:
            document = result.to_json(self.lang)
            if self.admin:
                from tui.repair.judge import annotate

                document = annotate(document, result)
            entry = json_text(document, indent=None)
            self.out.write(("\n    " if self.total == 1 else ",\n    ") + entry)
            return
        lang = self.lang
        profile = result.profile
        self.rows.append(
            [result.slug, profile.name, profile.werkgever_id, t(f"status.{result.status}", lang)]
        )
        if result.status != "ready":
            self.details.extend(problem_lines(result, lang))

    def finish(self, run: CheckRun) -> None:
        requests = run.requests
        if self.as_json:
            self._open(now())
            tail = "\n  ]" if self.total else "]"
            retiring = json_text(
                [
                    {
                        "operation": r.operation,
                        "resource_version": r.resource_version,
                        "obsolete_date": r.obsolete_date,
                    }
                    for r in run.retiring
                ],
                indent=None,
            )
            self.out.write(
                f'{tail},\n  "requests": {requests},\n'
                f'  "slow_lane_accounts": {run.slow_lane_accounts},\n'
                f'  "retiring_versions": {retiring}\n}}\n'
            )
            return
        lang = self.lang
        header = [
            t(k, lang) for k in ("col.profile", "col.employer", "col.werkgever_id", "col.status")
        ]
        lines = [format_table(header, self.rows), "", *self.details]
        lines.append(_say(lang, "summary", total=self.total, requests=requests, **self.counts))
        self.out.write("\n".join(lines) + "\n")


def problem_lines(result: ProfileResult, lang: str) -> list[str]:
    """The lines of one profile that is not ready: why, item by item, then a blank line."""
    lines = [f"{plain(result.slug)} ({t(f'status.{result.status}', lang)})"]
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
    return lines


def render_table(run: CheckRun, lang: str) -> str:
    """The whole table of a finished run (discovery prints its own check this way)."""
    buffer = io.StringIO()
    report = Report(lang, False, buffer)
    for result in run.results:
        report.add(result)
    report.finish(run)
    return buffer.getvalue().rstrip("\n")


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
        admin: Annotated[
            str | None,
            typer.Option("--admin", help="Read the rights by name as this applicatiebeheerder."),
        ] = None,
    ) -> None:
        """Check profiles against Loket.nl (exit 0: all ready, 1: not all ready, 2: usage, or a
        result could not be saved)."""
        from tui.checks.checker import CheckConfigError, Checker

        runtime: Runtime = ctx.obj
        lang = runtime.language
        # A list the checker takes over: it lets each profile go once checked.
        admin_name = (admin or runtime.settings.loket.admin).strip()
        if admin_name and (why := username_error(admin_name, lang)):
            raise _usage(why)
        todo = [select_profiles(runtime, names or [], check_all)]
        try:
            secrets = open_secrets(runtime)
        except ValueError as exc:
            raise _usage(str(exc)) from None
        progress = _Progress(len(todo[0]), sys.stderr.isatty(), lang)
        report = Report(lang, as_json, sys.stdout, admin_name)

        def take(result: ProfileResult) -> None:
            progress(result)
            report.add(result)

        async def run_check() -> CheckRun:
            if admin_name:
                from tui.repair.judge import admin_check

                return await admin_check(runtime.settings, secrets, admin_name, todo.pop(),
                                         store=runtime.store, lang=lang, deep=deep,
                                         on_result=take, keep_results=False)  # fmt: skip
            async with Checker(
                runtime.settings, secrets, store=runtime.store, lang=lang
            ) as checker:
                return await checker.check_profiles(
                    todo.pop(), deep=deep, on_result=take, keep_results=False
                )

        from tui.repair.session import AdminSignInError

        try:
            run = asyncio.run(run_check())
        except CheckConfigError as exc:
            raise _usage(f"configuration error: {exc}") from None
        except AdminSignInError as exc:
            typer.echo(f"koppelaar: {plain(exc.render(lang))}", err=True)
            raise typer.Exit(1) from None
        finally:
            progress.finish()
        runtime.store.flush_index()  # the next load does not parse the checked files again
        for retiring in run.retiring:
            line = _say(
                lang, "retiring", date=retiring.obsolete_date, version=retiring.resource_version
            )
            typer.echo(f"koppelaar: {plain(line)}", err=True)
        for line in report.not_saved:
            typer.echo(plain(line), err=True)
        report.finish(run)
        if report.not_saved:
            raise typer.Exit(2)  # checked, but not saved: the profiles do not say so
        ready = report.counts["ready"] == report.total
        raise typer.Exit(0 if ready and report.total else 1)
