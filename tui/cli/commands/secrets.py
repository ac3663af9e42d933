"""``koppelaar secrets status|set|delete|unlock``: see and manage where secrets live.

Secret values never come from an argument (they would land in shell history and `ps`): from
a hidden prompt on a terminal, otherwise from the first line of standard input.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from tui.cli.unlock import unlock_for_run
from tui.secrets import keyctl
from tui.secrets.keyctl import DEFAULT_KEEP_MINUTES, MAX_KEEP_MINUTES
from tui.secrets.redact import redact
from tui.secrets.store import (
    Lang,
    ProbeStatus,
    SecretKind,
    SecretStore,
    SecretStoreError,
    StoreStatus,
    open_store,
)
from tui.secrets.vault import ENV_VAULT_PASSPHRASE
from tui.text.catalogue import text
from tui.text.safe import json_text

MIN_NEW_PASSPHRASE = 8
NAME_HELP = "The Loket.nl or SMTP username, or the client id for a client secret."
KIND_HELP = "One of: " + ", ".join(kind.value for kind in SecretKind) + "."


def _lang(ctx: typer.Context) -> Lang:
    """The language of this run: the runtime's (``--lang`` or the settings)."""
    runtime = ctx.find_root().obj
    return "en" if getattr(runtime, "language", "nl") == "en" else "nl"


def _say(key: str, lang: Lang, **values: object) -> str:
    # Mask secrets in the values, not in the sentence around them.
    return text(f"secretscli.{key}", lang).format(**{k: redact(str(v)) for k, v in values.items()})


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(redact(message), err=True)
    raise typer.Exit(code)


def _store(ctx: typer.Context) -> SecretStore:
    """The run's store (`Runtime.secret_store()`), or one from the environment alone."""
    runtime = ctx.find_root().obj
    try:
        if hasattr(runtime, "secret_store"):
            store: SecretStore = runtime.secret_store()
        else:
            store = open_store()
    except ValueError as exc:
        _fail(str(exc), 2)
    # a passphrase kept by 'secrets unlock --vault'
    unlock_for_run(store, ask=False, lang=_lang(ctx))
    return store


def _kind(text: str) -> SecretKind:
    try:
        return SecretKind.parse(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _ask_hidden(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        _fail("", 130)


def _read_secret(kind: SecretKind, name: str, lang: Lang) -> str:
    if _is_terminal():
        value = _ask_hidden(_say("prompt.secret", lang, what=kind.label(lang), name=name))
    else:
        value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        _fail(_say("empty", lang), 2)
    return value


def _unlock_if_needed(store: SecretStore, lang: Lang) -> None:
    """Vault mode without KOPPELAAR_VAULT_PASSPHRASE: ask on the terminal, once."""
    result = store.probe()
    if result.status is not ProbeStatus.VAULT_LOCKED:
        return
    if not _is_terminal():
        _fail(result.message(lang))
    passphrase = _ask_hidden(_say("prompt.passphrase", lang))
    try:
        store.unlock_vault(passphrase)
    except SecretStoreError as exc:
        _fail(exc.message(lang))


def _usable_store(ctx: typer.Context) -> SecretStore:
    lang = _lang(ctx)
    store = _store(ctx)
    _unlock_if_needed(store, lang)
    result = store.probe()
    if not result.usable:
        _fail(result.message(lang))
    return store


def _mode_label(store: SecretStore, lang: Lang) -> str:
    return store.describe(lang)


def register(app: typer.Typer) -> None:
    secrets_app = typer.Typer(
        name="secrets",
        help="Where Koppelaar keeps passwords and tokens: keyring, encrypted vault or memory.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @secrets_app.command("status")
    def status(
        ctx: typer.Context,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Show the mode, the backend and whether it works (exit 1 when it does not)."""
        lang = _lang(ctx)
        store = _store(ctx)
        current = store.status()
        if as_json:
            typer.echo(json_text(current.to_dict(lang)))
        else:
            for line in _status_lines(current, lang):
                typer.echo(redact(line))
        if not current.probe.usable:
            raise typer.Exit(1)

    @secrets_app.command("set")
    def set_secret(
        ctx: typer.Context,
        kind: Annotated[str, typer.Argument(metavar="KIND", help=KIND_HELP)],
        name: Annotated[str, typer.Argument(metavar="NAME", help=NAME_HELP)],
    ) -> None:
        """Store a secret; the value is read from a hidden prompt or standard input."""
        lang = _lang(ctx)
        parsed = _kind(kind)
        store = _usable_store(ctx)
        if store.mode == "session":
            _fail(_say("session_one_shot", lang, what=parsed.label(lang)), 2)
        value = _read_secret(parsed, name, lang)
        try:
            store.set(parsed, name, value)
        except SecretStoreError as exc:
            _fail(exc.message(lang))
        mode = _mode_label(store, lang)
        typer.echo(_say("stored", lang, what=parsed.label(lang), name=name, mode=mode))

    @secrets_app.command("delete")
    def delete_secret(
        ctx: typer.Context,
        kind: Annotated[str, typer.Argument(metavar="KIND", help=KIND_HELP)],
        name: Annotated[str, typer.Argument(metavar="NAME", help=NAME_HELP)],
    ) -> None:
        """Delete a secret (exit 1 when there was none)."""
        lang = _lang(ctx)
        parsed = _kind(kind)
        store = _usable_store(ctx)
        try:
            deleted = store.delete(parsed, name)
        except SecretStoreError as exc:
            _fail(exc.message(lang))
        what = parsed.label(lang)
        if not deleted:
            _fail(_say("absent", lang, what=what, name=name))
        typer.echo(_say("deleted", lang, what=what, name=name, mode=_mode_label(store, lang)))

    @secrets_app.command("unlock")
    def unlock(
        ctx: typer.Context,
        vault: Annotated[
            bool, typer.Option("--vault", help="Create or open the encrypted vault file.")
        ] = False,
        keep: Annotated[
            int,
            typer.Option(
                "--keep",
                metavar="MINUTES",
                help="Keep the vault unlocked this long for later commands (Linux kernel "
                "keyring; 0: only this command).",
            ),
        ] = DEFAULT_KEEP_MINUTES,
    ) -> None:
        """Check that the secrets backend opens; with --vault create or open the vault."""
        lang = _lang(ctx)
        store = _store(ctx)
        if vault or store.requested_mode == "vault":
            if not 0 <= keep <= MAX_KEEP_MINUTES:
                _fail(f"--keep: 0 to {MAX_KEEP_MINUTES} minutes", 2)
            _unlock_vault(store, keep, lang)
            return
        result = store.probe()
        if not result.usable:
            _fail(result.message(lang))
        typer.echo(redact(result.message(lang)))

    @secrets_app.command("lock")
    def lock(ctx: typer.Context) -> None:
        """Forget the vault passphrase kept by 'secrets unlock --vault'."""
        lang = _lang(ctx)
        store = _store(ctx)
        typer.echo(_say("locked" if keyctl.forget(store.vault_path) else "nothing_kept", lang))

    app.add_typer(secrets_app, name="secrets")


def _unlock_vault(store: SecretStore, keep: int, lang: Lang) -> None:
    path: Path = store.vault_path
    exists = path.exists()
    passphrase = os.environ.get(ENV_VAULT_PASSPHRASE) or None
    if passphrase is None:
        if not _is_terminal():
            _fail(_say("no_passphrase", lang), 2)
        if exists:
            passphrase = _ask_hidden(_say("prompt.passphrase", lang))
        else:
            passphrase = _ask_hidden(_say("prompt.new", lang, n=MIN_NEW_PASSPHRASE))
            if len(passphrase) < MIN_NEW_PASSPHRASE:
                _fail(_say("too_short", lang, n=MIN_NEW_PASSPHRASE), 2)
            if _ask_hidden(_say("prompt.repeat", lang)) != passphrase:
                _fail(_say("mismatch", lang), 2)
    elif not exists and len(passphrase) < MIN_NEW_PASSPHRASE:
        _fail(_say("too_short", lang, n=MIN_NEW_PASSPHRASE), 2)
    try:
        created = store.unlock_vault(passphrase, create=True)
    except SecretStoreError as exc:
        _fail(exc.message(lang))
    typer.echo(_say("created" if created else "unlocked", lang, path=path))
    if keyctl.remember(path, passphrase, keep):
        typer.echo(_say("kept", lang, minutes=keep))
    else:
        typer.echo(_say("not_kept", lang, env=ENV_VAULT_PASSPHRASE))
    if store.requested_mode not in ("vault", "auto"):
        typer.echo(_say("use_vault", lang))


def _status_lines(current: StoreStatus, lang: Lang) -> list[str]:
    lines = [
        text("secretscli.mode", lang).format(mode=current.mode, requested=current.requested_mode),
        text("secretscli.backend", lang).format(backend=current.backend),
        text("secretscli.state", lang).format(status=current.probe.message(lang)),
    ]
    if not current.vault_exists:
        state = text("secretscli.vault.absent", lang)
    elif current.vault_unlocked:
        state = text("secretscli.vault.unlocked", lang)
    else:
        state = text("secretscli.vault.locked", lang)
    lines.append(text("secretscli.vault", lang).format(path=current.vault_path, state=state))
    if current.keyring_probe is not None:
        probe = current.keyring_probe
        lines.append(
            text("secretscli.keyring_probe", lang).format(
                backend=probe.backend, message=probe.message(lang)
            )
        )
    return lines
