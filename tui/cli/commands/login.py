"""``koppelaar login NAME`` (or ``--user USERNAME``): authorization-code consent without a TUI.

Prints the authorize URL, reads the address the browser was redirected to (or the bare code) from
standard input, exchanges the code, shows who Loket.nl says signed in (``/user``: name, e-mail)
and asks the person to confirm that this is the profile's user: only then is the refresh token
kept in the secret store under ``("koppelaar:loket-refresh-token", <Loket.nl user name>)``, and
the exchange's two-factor state recorded (``tui.checks.accounts``). Exit codes: 0 stored, 1 the
sign-in, the confirmation or storing failed (the message says what to do), 2 usage or
configuration.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from tui.checks.identity import is_yes, record_consent, who
from tui.cli.typed import username_error
from tui.cli.unlock import open_secrets
from tui.discovery.text import say
from tui.loket.auth import OAuthClient, TokenSet
from tui.loket.client import LoketClient, User
from tui.loket.errors import (
    AccessDenied,
    AuthError,
    InvalidGrant,
    LoketError,
    MissingCode,
    StateMismatch,
)
from tui.loket.http import make_http_client
from tui.profiles.store import StoreError
from tui.runtime import Runtime
from tui.secrets.store import SecretKind, SecretStore, SecretStoreError
from tui.text.safe import plain

# The longest redirect address read from standard input.
MAX_INPUT = 8192

# Shows the authorize URL, returns what the user pasted.
ReadAnswer = Callable[[str], str]


class LoginFailed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"koppelaar: {plain(message)}", err=True)
    return typer.Exit(code)


def auth_message(exc: AuthError, lang: str) -> str:
    """What the user should know and do after a failed consent step."""
    if isinstance(exc, StateMismatch):
        return say("login.state_mismatch", lang)
    if isinstance(exc, AccessDenied):
        return say("login.access_denied", lang)
    if isinstance(exc, InvalidGrant):
        return say("login.invalid_grant", lang)
    if isinstance(exc, MissingCode):
        return say("login.no_code", lang)
    return say("login.failed", lang, why=exc.message)


def _username(runtime: Runtime, name: str | None, user: str | None) -> str:
    lang = runtime.language
    if (name is None) == (user is None):
        raise _fail(say("login.usage", lang), 2)
    if user is not None:
        if not user.strip():
            raise _fail(say("login.usage", lang), 2)
        if why := username_error(user, lang):
            raise _fail(why, 2)
        return user.strip()
    assert name is not None
    try:
        return runtime.store.load(name).username
    except StoreError as exc:
        raise _fail(str(exc), 2) from None


def _client_secret(runtime: Runtime, secrets: SecretStore) -> str | None:
    loket = runtime.settings.loket
    if loket.client_secret:
        return loket.client_secret
    try:
        return secrets.get(SecretKind.LOKET_CLIENT_SECRET, loket.client_id)
    except SecretStoreError:
        return None  # a public client needs none; Loket says invalid_client otherwise


async def _exchange(
    runtime: Runtime, secret: str | None, read_answer: ReadAnswer
) -> tuple[TokenSet, User]:
    loket = runtime.settings.loket
    lang = runtime.language
    async with make_http_client() as http:
        oauth = OAuthClient(loket.oauth_url, http, loket.client_id, secret, loket.redirect_uri)
        url, state = oauth.authorize_url()
        answer = await asyncio.to_thread(read_answer, url)
        if not answer.strip():
            raise LoginFailed(say("login.no_input", lang))
        try:
            code = OAuthClient.parse_redirect(answer, state)
            tokens = await oauth.exchange_code(code)
        except AuthError as exc:
            raise LoginFailed(auth_message(exc, lang)) from None
        except LoketError as exc:
            raise LoginFailed(say("login.failed", lang, why=exc.message)) from None
        if not tokens.refresh_token:
            raise LoginFailed(say("login.no_refresh_token", lang))
        try:
            user = await LoketClient(loket.api_url, http).user(tokens.access_token)
        except LoketError as exc:
            # without it nobody can confirm whose token this is: it is not stored
            raise LoginFailed(say("login.no_user", lang, why=exc.message)) from None
        return tokens, user


def _confirm(
    user: User, username: str, lang: str, verdict: bool | None, read_line: Callable[[], str]
) -> str:
    """``person`` or ``admin`` when the account is confirmed as ``username``; else LoginFailed.

    ``verdict``: what an admin session established (see ``tui.checks.identity``), None when
    there is none or it could not tell; then the person decides.
    """
    if verdict is False:
        raise LoginFailed(say("login.other_user", lang, username=plain(username)))
    if verdict is True:
        return "admin"
    name, email = who(user)
    typer.echo(say("login.who", lang, name=plain(name, 120), email=plain(email, 120)))
    typer.echo(say("login.confirm", lang, username=plain(username)))
    if not is_yes(read_line()):
        raise LoginFailed(say("login.not_confirmed", lang, username=plain(username)))
    return "person"


def _read_from_stdin(username: str, lang: str) -> ReadAnswer:
    def read(url: str) -> str:
        typer.echo(say("login.open", lang, username=plain(username)))
        typer.echo("")
        typer.echo(url)
        typer.echo("")
        typer.echo(say("login.paste", lang))
        return sys.stdin.readline(MAX_INPUT)

    return read


def register(app: typer.Typer) -> None:
    @app.command("login")
    def login(
        ctx: typer.Context,
        name: Annotated[
            str | None, typer.Argument(help="The profile whose Loket.nl user gives consent.")
        ] = None,
        user: Annotated[
            str | None,
            typer.Option("--user", help="A Loket.nl user name instead of a profile."),
        ] = None,
    ) -> None:
        """Give Koppelaar consent for a Loket.nl user in a browser (authorization code)."""
        runtime: Runtime = ctx.obj
        lang = runtime.language
        loket = runtime.settings.loket
        username = _username(runtime, name, user)
        if not loket.client_id:
            raise _fail(
                "configuration error: no Loket.nl client id is configured: set client_id under "
                "[loket] in the settings file, or KOPPELAAR_LOKET_CLIENT_ID",
                2,
            )
        if not loket.redirect_uri:
            raise _fail(say("login.no_redirect", lang, file=runtime.paths.config_file), 2)
        try:
            secrets = open_secrets(runtime)
        except ValueError as exc:
            raise _fail(str(exc), 2) from None
        secret = _client_secret(runtime, secrets)
        try:
            tokens, account = asyncio.run(
                _exchange(runtime, secret, _read_from_stdin(username, lang))
            )
            # No admin session here yet (DESIGN section 9): the person confirms.
            how = _confirm(account, username, lang, None, lambda: sys.stdin.readline(MAX_INPUT))
        except LoginFailed as exc:
            raise _fail(exc.message, 1) from None
        assert tokens.refresh_token is not None
        try:
            secrets.set(SecretKind.LOKET_REFRESH_TOKEN, username, tokens.refresh_token)
        except SecretStoreError as exc:
            raise _fail(
                say("login.not_stored", lang, why=exc.message("en" if lang == "en" else "nl")), 1
            ) from None
        try:
            record_consent(runtime.paths.profiles_dir, username, tokens, account, how)
        except OSError as exc:
            raise _fail(say("login.not_stored", lang, why=exc.strerror or str(exc)), 1) from None
        typer.echo(say("login.stored", lang, username=plain(username), store=secrets.mode))
        if loket.grant == "password":
            typer.echo(say("login.password_grant", lang))
        raise typer.Exit(0)
