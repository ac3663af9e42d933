"""``koppelaar setup``: the first run for real use, step by step, each step checked first.

The Loket.nl client id, the password store (keyring, vault or session, as this machine has
them), the sender and SMTP, then the first employer or a CSV import. ``--check`` only reports
(exit 0 when everything is in place, 1 otherwise); without it, each missing value is asked for
and saved before the next step.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

from tui.config import ConfigError, replace, save_settings
from tui.firstrun import Step, setup_steps
from tui.runtime import Runtime
from tui.secrets.store import ProbeResult
from tui.text.safe import plain
from tui.text.ui import ui


def _lang(runtime: Runtime) -> str:
    return "en" if runtime.language == "en" else "nl"


def _show(steps: list[Step], lang: str) -> None:
    for step in steps:
        mark = "[x]" if step.done else "[ ]"
        typer.echo(f"{mark} {step.title}: {plain(step.state, 300)}")
        if not step.done:
            typer.echo(f"    {step.how}")


def _save(runtime: Runtime, lang: str) -> None:
    try:
        save_settings(runtime.settings, runtime.paths.config_file)
    except (ConfigError, OSError) as exc:
        typer.echo(f"koppelaar: {plain(str(exc))}", err=True)
        raise typer.Exit(2) from None
    typer.echo(ui("setup.saved", lang, path=runtime.paths.config_file))


def _ask(text: str, default: str = "") -> str:
    return str(typer.prompt(text, default=default, show_default=bool(default))).strip()


def _client_id(runtime: Runtime, lang: str) -> None:
    value = _ask(ui("setup.ask.client_id", lang))
    if value:
        loket = replace(runtime.settings.loket, client_id=value)
        runtime.settings = replace(runtime.settings, loket=loket)
        _save(runtime, lang)


def _sender(runtime: Runtime, lang: str) -> None:
    from tui.submission.compose import SubmissionConfigError, parse_address

    value = _ask(ui("setup.ask.sender", lang))
    try:
        parse_address(value, "bad_from")
    except SubmissionConfigError:
        typer.echo(ui("setup.bad_sender", lang, value=plain(value, 200)), err=True)
        return
    submission = replace(runtime.settings.submission, sender=value)
    runtime.settings = replace(runtime.settings, submission=submission)
    _save(runtime, lang)


def _smtp(runtime: Runtime, lang: str) -> None:
    from tui.secrets.store import SecretKind, SecretStoreError

    host = _ask(ui("setup.ask.smtp_host", lang))
    if not host:
        return
    port = _ask(ui("setup.ask.smtp_port", lang), "587")
    security = _ask(ui("setup.ask.smtp_security", lang), "starttls")
    user = _ask(ui("setup.ask.smtp_user", lang))
    if not port.isdigit() or not 0 < int(port) < 65536 or security not in ("starttls", "ssl"):
        typer.echo(f"koppelaar: [smtp] port {port!r} / security {security!r}", err=True)
        return
    smtp = replace(
        runtime.settings.smtp, host=host, port=int(port), security=security, username=user
    )
    runtime.settings = replace(runtime.settings, smtp=smtp)
    _save(runtime, lang)
    if user and sys.stdin.isatty():
        password = getpass.getpass(f"{ui('setup.ask.smtp_user', lang)} {user}: ")
        if password:
            try:
                runtime.secret_store().set(SecretKind.SMTP_PASSWORD, user, password)
            except (SecretStoreError, ValueError) as exc:
                typer.echo(f"koppelaar: {plain(str(exc))}", err=True)


def _employer(runtime: Runtime, lang: str) -> None:
    from tui.profiles.csvio import CsvError, import_csv

    value = _ask(ui("setup.ask.csv", lang))
    if not value:
        return
    from tui.cli.commands.profiles import row_error_text

    try:
        result = import_csv(Path(value).expanduser(), runtime.store)
    except CsvError as exc:
        typer.echo(f"koppelaar: {plain(exc.message(lang))}", err=True)
        return
    for error in result.errors:
        typer.echo(plain(row_error_text(error, lang)), err=True)
    typer.echo(f"{len(result.created)} + {len(result.updated)}")


ASK = {"client_id": _client_id, "sender": _sender, "smtp": _smtp, "employer": _employer}


def _probe(runtime: Runtime) -> ProbeResult | None:
    from tui.secrets.store import SecretStoreError

    try:
        return runtime.secret_store().probe()
    except (SecretStoreError, ValueError):
        return None


def register(app: typer.Typer) -> None:
    @app.command("setup")
    def setup(
        ctx: typer.Context,
        check: Annotated[
            bool, typer.Option("--check", help="Only report what is in place; ask nothing.")
        ] = False,
    ) -> None:
        """First run for real use: client id, password store, sender and SMTP, first employer."""
        runtime: Runtime = ctx.obj
        lang = _lang(runtime)
        typer.echo(ui("setup.title", lang))
        if not check:
            for key in ("client_id", "secrets", "sender", "smtp", "employer"):
                step = next(s for s in setup_steps(runtime, _probe(runtime), lang) if s.key == key)
                if step.done:
                    continue
                typer.echo(f"\n{step.title}\n  {step.how}")
                if key == "secrets":
                    typer.echo(f"  {plain(step.state, 400)}")
                    break  # nothing to type here; the advice says what to change first
                ASK[key](runtime, lang)
                again = next(s for s in setup_steps(runtime, _probe(runtime), lang) if s.key == key)
                if not again.done and key in ("client_id", "sender"):
                    break  # each step is in place before the next
            typer.echo("")
        steps = setup_steps(runtime, _probe(runtime), lang)
        _show(steps, lang)
        open_steps = [s.title for s in steps if not s.done and s.key != "smtp"]
        if open_steps:
            typer.echo(ui("setup.still_open", lang, steps=", ".join(open_steps)))
            raise typer.Exit(1)
        typer.echo(ui("setup.all_done", lang))
