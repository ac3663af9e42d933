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
from tui.text.i18n import language
from tui.text.safe import json_text

MIN_NEW_PASSPHRASE = 8
NAME_HELP = "The Loket.nl or SMTP username, or the client id for a client secret."
KIND_HELP = "One of: " + ", ".join(kind.value for kind in SecretKind) + "."

_TEXT: dict[str, dict[Lang, str]] = {
    "mode": {
        "en": "Mode:     {mode} (asked for: {requested})",
        "nl": "Modus:    {mode} (gevraagd: {requested})",
    },
    "backend": {"en": "Backend:  {backend}", "nl": "Opslag:   {backend}"},
    "state": {"en": "Status:   {status}", "nl": "Status:   {status}"},
    "vault": {"en": "Vault:    {path} ({state})", "nl": "Kluis:    {path} ({state})"},
    "vault.absent": {"en": "not created", "nl": "niet aangemaakt"},
    "vault.unlocked": {"en": "exists, unlocked", "nl": "bestaat, ontgrendeld"},
    "vault.locked": {"en": "exists, locked", "nl": "bestaat, vergrendeld"},
    "keyring_probe": {
        "en": "Keyring:  {backend}: {message}",
        "nl": "Sleutelbos: {backend}: {message}",
    },
    "stored": {
        "en": "Stored the {what} for {name} ({mode}).",
        "nl": "{what} voor {name} opgeslagen ({mode}).",
    },
    "deleted": {
        "en": "Deleted the {what} for {name} ({mode}).",
        "nl": "{what} voor {name} verwijderd ({mode}).",
    },
    "absent": {
        "en": "No {what} stored for {name}; nothing deleted.",
        "nl": "Geen {what} opgeslagen voor {name}; niets verwijderd.",
    },
    "prompt.secret": {"en": "{what} for {name}: ", "nl": "{what} voor {name}: "},
    "prompt.passphrase": {"en": "Vault passphrase: ", "nl": "Wachtzin van de kluis: "},
    "prompt.new": {
        "en": "New vault passphrase (at least {n} characters): ",
        "nl": "Nieuwe wachtzin voor de kluis (minstens {n} tekens): ",
    },
    "prompt.repeat": {"en": "Repeat the passphrase: ", "nl": "Herhaal de wachtzin: "},
    "empty": {
        "en": "No value given: nothing stored.",
        "nl": "Geen waarde opgegeven: niets opgeslagen.",
    },
    "no_passphrase": {
        "en": "No vault passphrase: run this in a terminal, or set " + ENV_VAULT_PASSPHRASE + ".",
        "nl": "Geen wachtzin voor de kluis: voer dit uit in een terminal, of zet "
        + ENV_VAULT_PASSPHRASE
        + ".",
    },
    "mismatch": {
        "en": "The passphrases differ: nothing created.",
        "nl": "De wachtzinnen verschillen: niets aangemaakt.",
    },
    "too_short": {
        "en": "The passphrase is shorter than {n} characters: nothing created.",
        "nl": "De wachtzin is korter dan {n} tekens: niets aangemaakt.",
    },
    "created": {
        "en": "Created the encrypted vault {path}.",
        "nl": "Versleutelde kluis {path} aangemaakt.",
    },
    "unlocked": {
        "en": "The vault {path} opens with this passphrase.",
        "nl": "De kluis {path} gaat open met deze wachtzin.",
    },
    "use_vault": {
        "en": 'To use the vault, set KOPPELAAR_SECRETS=vault or [secrets] mode = "vault" in '
        "the settings.",
        "nl": 'Zet KOPPELAAR_SECRETS=vault of [secrets] mode = "vault" in de instellingen om de '
        "kluis te gebruiken.",
    },
    "kept": {
        "en": "The vault stays unlocked for {minutes} minutes (the passphrase is kept in the "
        "Linux kernel keyring, in memory only); 'koppelaar secrets lock' locks it now.",
        "nl": "De kluis blijft {minutes} minuten ontgrendeld (de wachtzin staat in de "
        "sleutelbos van de Linux-kernel, alleen in het geheugen); 'koppelaar secrets lock' "
        "vergrendelt hem nu.",
    },
    "not_kept": {
        "en": "Not kept after this command: every later command asks for the passphrase once "
        "on a terminal, or reads {env}.",
        "nl": "Niet bewaard na deze opdracht: elke volgende opdracht vraagt op een terminal één "
        "keer om de wachtzin, of leest {env}.",
    },
    "locked": {
        "en": "The vault is locked: the kept passphrase was removed.",
        "nl": "De kluis is vergrendeld: de bewaarde wachtzin is verwijderd.",
    },
    "nothing_kept": {
        "en": "No passphrase was kept; the vault was already locked.",
        "nl": "Er was geen wachtzin bewaard; de kluis was al vergrendeld.",
    },
    "session_one_shot": {
        "en": "Session mode keeps secrets in memory only while one command runs, so this "
        "{what} would be gone as soon as it is stored. Use the keyring "
        "(KOPPELAAR_SECRETS=keyring), the encrypted vault (koppelaar secrets unlock --vault, "
        "then KOPPELAAR_SECRETS=vault), or session mode in the app, where it lasts until you "
        "close it.",
        "nl": "Sessiemodus bewaart geheimen alleen in het geheugen zolang één opdracht loopt; "
        "dit {what} zou meteen na het opslaan weg zijn. Gebruik de sleutelbos "
        "(KOPPELAAR_SECRETS=keyring), de versleutelde kluis (koppelaar secrets unlock --vault, "
        "dan KOPPELAAR_SECRETS=vault), of sessiemodus in de app, waar het blijft tot u die "
        "sluit.",
    },
}


def _lang() -> Lang:
    return "en" if language() == "en" else "nl"


def _say(key: str, **values: object) -> str:
    # Mask secrets in the values, not in the sentence around them.
    return _TEXT[key][_lang()].format(**{k: redact(str(v)) for k, v in values.items()})


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
    unlock_for_run(store, ask=False)  # a passphrase kept by 'secrets unlock --vault'
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


def _read_secret(kind: SecretKind, name: str) -> str:
    if _is_terminal():
        value = _ask_hidden(_say("prompt.secret", what=kind.label(_lang()), name=name))
    else:
        value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        _fail(_say("empty"), 2)
    return value


def _unlock_if_needed(store: SecretStore) -> None:
    """Vault mode without KOPPELAAR_VAULT_PASSPHRASE: ask on the terminal, once."""
    result = store.probe()
    if result.status is not ProbeStatus.VAULT_LOCKED:
        return
    if not _is_terminal():
        _fail(result.message(_lang()))
    passphrase = _ask_hidden(_say("prompt.passphrase"))
    try:
        store.unlock_vault(passphrase)
    except SecretStoreError as exc:
        _fail(exc.message(_lang()))


def _usable_store(ctx: typer.Context) -> SecretStore:
    store = _store(ctx)
    _unlock_if_needed(store)
    result = store.probe()
    if not result.usable:
        _fail(result.message(_lang()))
    return store


def _mode_label(store: SecretStore) -> str:
    return store.describe(_lang())


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
        store = _store(ctx)
        current = store.status()
        lang = _lang()
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
        parsed = _kind(kind)
        store = _usable_store(ctx)
        if store.mode == "session":
            _fail(_say("session_one_shot", what=parsed.label(_lang())), 2)
        value = _read_secret(parsed, name)
        try:
            store.set(parsed, name, value)
        except SecretStoreError as exc:
            _fail(exc.message(_lang()))
        typer.echo(_say("stored", what=parsed.label(_lang()), name=name, mode=_mode_label(store)))

    @secrets_app.command("delete")
    def delete_secret(
        ctx: typer.Context,
        kind: Annotated[str, typer.Argument(metavar="KIND", help=KIND_HELP)],
        name: Annotated[str, typer.Argument(metavar="NAME", help=NAME_HELP)],
    ) -> None:
        """Delete a secret (exit 1 when there was none)."""
        parsed = _kind(kind)
        store = _usable_store(ctx)
        try:
            deleted = store.delete(parsed, name)
        except SecretStoreError as exc:
            _fail(exc.message(_lang()))
        what = parsed.label(_lang())
        if not deleted:
            _fail(_say("absent", what=what, name=name))
        typer.echo(_say("deleted", what=what, name=name, mode=_mode_label(store)))

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
        store = _store(ctx)
        if vault or store.requested_mode == "vault":
            if not 0 <= keep <= MAX_KEEP_MINUTES:
                _fail(f"--keep: 0 to {MAX_KEEP_MINUTES} minutes", 2)
            _unlock_vault(store, keep)
            return
        result = store.probe()
        if not result.usable:
            _fail(result.message(_lang()))
        typer.echo(redact(result.message(_lang())))

    @secrets_app.command("lock")
    def lock(ctx: typer.Context) -> None:
        """Forget the vault passphrase kept by 'secrets unlock --vault'."""
        store = _store(ctx)
        typer.echo(_say("locked" if keyctl.forget(store.vault_path) else "nothing_kept"))

    app.add_typer(secrets_app, name="secrets")


def _unlock_vault(store: SecretStore, keep: int) -> None:
    path: Path = store.vault_path
    exists = path.exists()
    passphrase = os.environ.get(ENV_VAULT_PASSPHRASE) or None
    if passphrase is None:
        if not _is_terminal():
            _fail(_say("no_passphrase"), 2)
        if exists:
            passphrase = _ask_hidden(_say("prompt.passphrase"))
        else:
            passphrase = _ask_hidden(_say("prompt.new", n=MIN_NEW_PASSPHRASE))
            if len(passphrase) < MIN_NEW_PASSPHRASE:
                _fail(_say("too_short", n=MIN_NEW_PASSPHRASE), 2)
            if _ask_hidden(_say("prompt.repeat")) != passphrase:
                _fail(_say("mismatch"), 2)
    elif not exists and len(passphrase) < MIN_NEW_PASSPHRASE:
        _fail(_say("too_short", n=MIN_NEW_PASSPHRASE), 2)
    try:
        created = store.unlock_vault(passphrase, create=True)
    except SecretStoreError as exc:
        _fail(exc.message(_lang()))
    typer.echo(_say("created" if created else "unlocked", path=path))
    if keyctl.remember(path, passphrase, keep):
        typer.echo(_say("kept", minutes=keep))
    else:
        typer.echo(_say("not_kept", env=ENV_VAULT_PASSPHRASE))
    if store.requested_mode not in ("vault", "auto"):
        typer.echo(_say("use_vault"))


def _status_lines(current: StoreStatus, lang: Lang) -> list[str]:
    text = _TEXT
    lines = [
        text["mode"][lang].format(mode=current.mode, requested=current.requested_mode),
        text["backend"][lang].format(backend=current.backend),
        text["state"][lang].format(status=current.probe.message(lang)),
    ]
    if not current.vault_exists:
        state = text["vault.absent"][lang]
    elif current.vault_unlocked:
        state = text["vault.unlocked"][lang]
    else:
        state = text["vault.locked"][lang]
    lines.append(text["vault"][lang].format(path=current.vault_path, state=state))
    if current.keyring_probe is not None:
        probe = current.keyring_probe
        lines.append(
            text["keyring_probe"][lang].format(backend=probe.backend, message=probe.message(lang))
        )
    return lines
