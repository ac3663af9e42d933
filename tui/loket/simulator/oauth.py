"""``/oauth``: the token endpoint (password, authorization code, refresh token) and the HTML
login pages of the authorization code flow, including the TOTP step for users with 2FA."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hmac
import html
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pyotp
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from tui.loket.simulator.api import dump
from tui.loket.simulator.scenario import OAuthClient, User
from tui.loket.simulator.world import PendingCode, PendingLogin, World

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
LOGIN_LIFETIME = 300
TOTP_ATTEMPTS = 5
WRONG_CREDENTIALS = "The user name or password is incorrect."


def oauth_error(error: str, description: str, status: int = 400) -> Response:
    return Response(
        dump({"error": error, "error_description": description}),
        status_code=status,
        media_type="application/json;charset=UTF-8",
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )


async def read_form(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body; the first value of each field."""
    body = (await request.body()).decode("utf-8", errors="replace")
    form: dict[str, str] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        form.setdefault(key, value)
    return form


def redirect_allowed(client: OAuthClient, redirect_uri: str) -> bool:
    """Registered URIs match exactly; a registered loopback URI matches any port (RFC 8252 7.3)."""
    if redirect_uri in client.redirect_uris:
        return True
    try:
        candidate = urlsplit(redirect_uri)
        candidate.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    if candidate.scheme != "http" or candidate.fragment or candidate.hostname is None:
        return False
    for registered in map(urlsplit, client.redirect_uris):
        if (
            registered.scheme == "http"
            and registered.hostname in LOOPBACK_HOSTS
            and registered.hostname == candidate.hostname
            and (registered.path or "/") == (candidate.path or "/")
            and registered.query == candidate.query
        ):
            return True
    return False


def _user_problem(user: User | None, password: str) -> str | None:
    """Why these credentials cannot log in, or None when they can."""
    if user is None or not hmac.compare_digest(user.password.encode(), password.encode()):
        return WRONG_CREDENTIALS
    if user.blocked:
        return "The user is blocked."
    if user.webservice:
        return "A webservice user cannot be used for the Loket.nl API."
    return None


class OAuthRoutes:
    def __init__(self, world: World) -> None:
        self.world = world

    def routes(self, prefix: str = "/oauth") -> list[Route]:
        return [
            Route(prefix + "/token", self.token, methods=["POST"]),
            Route(prefix + "/authorize", self.authorize_page, methods=["GET"]),
            Route(prefix + "/authorize", self.authorize_submit, methods=["POST"]),
        ]

    # --- token endpoint --------------------------------------------------------------------

    def _client(self, request: Request, form: Mapping[str, str]) -> OAuthClient | None:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        header = request.headers.get("authorization", "")
        if header.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(header[6:].strip()).decode("utf-8")
                client_id, _, secret = decoded.partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
        client = self.world.clients.get(client_id or "")
        if client is None:
            return None
        if client.client_secret is not None and not hmac.compare_digest(
            client.client_secret.encode(), (secret or "").encode()
        ):
            return None
        return client

    async def token(self, request: Request) -> Response:
        form = await read_form(request)
        grant_type = form.get("grant_type", "")
        if not grant_type:
            return oauth_error("invalid_request", "The grant_type parameter is missing.")
        client = self._client(request, form)
        if client is None:
            return oauth_error("invalid_client", "The client credentials are invalid.", 401)
        if grant_type == "password":
            return self._password(client, form)
        if grant_type == "authorization_code":
            return self._authorization_code(client, form)
        if grant_type == "refresh_token":
            return self._refresh(client, form)
        return oauth_error("unsupported_grant_type", f"Grant type '{grant_type}' is not supported.")

    def _tokens(self, username: str, client: OAuthClient, *, refreshed: bool = False) -> Response:
        return Response(
            dump(self.world.issue_tokens(username, client.client_id, refreshed=refreshed)),
            media_type="application/json;charset=UTF-8",
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
        )

    def _password(self, client: OAuthClient, form: Mapping[str, str]) -> Response:
        if not client.password_grant:
            return oauth_error(
                "unauthorized_client", "The password grant is not enabled for this client."
            )
        username, password = form.get("username"), form.get("password")
        if not username or password is None:
            return oauth_error("invalid_request", "The username and password are required.")
        problem = _user_problem(self.world.users.get(username), password)
        if problem is not None:
            return oauth_error("invalid_grant", problem)
        return self._tokens(username, client)

    def _authorization_code(self, client: OAuthClient, form: Mapping[str, str]) -> Response:
        code, redirect_uri = form.get("code"), form.get("redirect_uri")
        if not code or not redirect_uri:
            return oauth_error("invalid_request", "The code and redirect_uri are required.")
        pending = self.world.codes.pop(code, None)  # single use, even when the rest is wrong
        if (
            pending is None
            or pending.expires_at <= self.world.clock()
            or pending.client_id != client.client_id
            or pending.redirect_uri != redirect_uri
        ):
            return oauth_error("invalid_grant", "The authorization code is invalid or expired.")
        if _blocked(self.world.users.get(pending.username)):
            return oauth_error("invalid_grant", "The user is blocked.")
        return self._tokens(pending.username, client)

    def _refresh(self, client: OAuthClient, form: Mapping[str, str]) -> Response:
        token = form.get("refresh_token")
        if not token:
            return oauth_error("invalid_request", "The refresh_token is required.")
        grant = self.world.refresh_tokens.get(token)
        if grant is None or grant.client_id != client.client_id:
            return oauth_error("invalid_grant", "The refresh token is invalid.")
        del self.world.refresh_tokens[token]  # rotation: every refresh token works once
        if _blocked(self.world.users.get(grant.username)):
            return oauth_error("invalid_grant", "The user is blocked.")
        return self._tokens(grant.username, client, refreshed=True)

    # --- authorization code flow: HTML pages -------------------------------------------------

    def _check_request(self, params: Mapping[str, str]) -> tuple[OAuthClient, str] | Response:
        client = self.world.clients.get(params.get("client_id", ""))
        if client is None:
            return _error_page("Onbekende applicatie (client_id).")
        redirect_uri = params.get("redirect_uri", "")
        if not redirect_uri or not redirect_allowed(client, redirect_uri):
            return _error_page("De redirect_uri is niet geregistreerd voor deze applicatie.")
        return client, redirect_uri

    async def authorize_page(self, request: Request) -> Response:
        params = dict(request.query_params)
        checked = self._check_request(params)
        if isinstance(checked, Response):
            return checked
        _, redirect_uri = checked
        if params.get("response_type") != "code":
            return _redirect(redirect_uri, {"error": "unsupported_response_type"}, params)
        return _login_page(params)

    async def authorize_submit(self, request: Request) -> Response:
        form = await read_form(request)
        checked = self._check_request(form)
        if isinstance(checked, Response):
            return checked
        client, redirect_uri = checked
        if form.get("step") == "totp":
            return self._totp_step(form, client, redirect_uri)
        username = form.get("username", "")
        user = self.world.users.get(username)
        problem = _user_problem(user, form.get("password", ""))
        if problem is not None or user is None:
            return _login_page(form, _DUTCH.get(problem or "", problem))
        if user.totp_secret:
            ticket = secrets.token_urlsafe(24)
            self.world.logins[ticket] = PendingLogin(
                username,
                client.client_id,
                redirect_uri,
                form.get("state"),
                self.world.clock() + LOGIN_LIFETIME,
            )
            return _totp_page(form, ticket)
        return self._issue_code(username, client, redirect_uri, form)

    def _totp_step(
        self, form: Mapping[str, str], client: OAuthClient, redirect_uri: str
    ) -> Response:
        ticket = form.get("ticket", "")
        login = self.world.logins.get(ticket)
        if (
            login is None
            or login.expires_at <= self.world.clock()
            or login.client_id != client.client_id
            or login.redirect_uri != redirect_uri
        ):
            self.world.logins.pop(ticket, None)
            return _login_page(form, "De sessie is verlopen. Log opnieuw in.")
        user = self.world.users[login.username]
        assert user.totp_secret is not None
        code = form.get("totp_code", "").strip().replace(" ", "")
        if pyotp.TOTP(user.totp_secret).verify(
            code, for_time=int(self.world.clock()), valid_window=1
        ):
            del self.world.logins[ticket]
            return self._issue_code(login.username, client, redirect_uri, form)
        if login.attempts + 1 >= TOTP_ATTEMPTS:
            del self.world.logins[ticket]
            return _login_page(form, "Te veel onjuiste codes. Log opnieuw in.")
        self.world.logins[ticket] = dataclasses.replace(login, attempts=login.attempts + 1)
        return _totp_page(form, ticket, "De verificatiecode is onjuist.")

    def _issue_code(
        self, username: str, client: OAuthClient, redirect_uri: str, form: Mapping[str, str]
    ) -> Response:
        code = secrets.token_urlsafe(24)
        self.world.codes[code] = PendingCode(
            username,
            client.client_id,
            redirect_uri,
            self.world.clock() + self.world.scenario.oauth.code_lifetime,
        )
        return _redirect(redirect_uri, {"code": code}, form)


def _blocked(user: User | None) -> bool:
    return user is None or user.blocked


_DUTCH = {
    WRONG_CREDENTIALS: "Gebruikersnaam of wachtwoord is onjuist.",
    "The user is blocked.": "Dit account is geblokkeerd. Neem contact op met uw beheerder.",
    "A webservice user cannot be used for the Loket.nl API.": (
        "Een webservicegebruiker kan niet inloggen op de Loket.nl API."
    ),
}


def _redirect(redirect_uri: str, values: dict[str, str], params: Mapping[str, str]) -> Response:
    if params.get("state"):
        values = {**values, "state": params["state"]}
    separator = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{urlencode(values)}", status_code=302)


_PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Loket.nl - {title}</title></head>
<body><main><h1>{title}</h1>{error}
<form method="post" action="authorize">{hidden}{fields}
<button type="submit">{button}</button></form></main></body></html>
"""
_CARRIED = ("client_id", "redirect_uri", "response_type", "scope", "state")


def _page(
    title: str, params: Mapping[str, Any], fields: str, button: str, error: str | None = None
) -> HTMLResponse:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(str(params[name]))}">'
        for name in _CARRIED
        if params.get(name) is not None
    )
    message = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    body = _PAGE.format(title=title, error=message, hidden=hidden, fields=fields, button=button)
    return HTMLResponse(body, headers={"Cache-Control": "no-store"})


def _login_page(params: Mapping[str, str], error: str | None = None) -> HTMLResponse:
    username = html.escape(params.get("username", ""))
    fields = (
        '<input type="hidden" name="step" value="password">'
        f'<label>Gebruikersnaam <input name="username" value="{username}" autocomplete="username">'
        "</label>"
        '<label>Wachtwoord <input type="password" name="password" '
        'autocomplete="current-password"></label>'
    )
    return _page("Inloggen", params, fields, "Inloggen", error)


def _totp_page(params: Mapping[str, str], ticket: str, error: str | None = None) -> HTMLResponse:
    fields = (
        '<input type="hidden" name="step" value="totp">'
        f'<input type="hidden" name="ticket" value="{html.escape(ticket)}">'
        '<label>Verificatiecode uit uw authenticator-app <input name="totp_code" '
        'inputmode="numeric" autocomplete="one-time-code"></label>'
    )
    return _page("Tweestapsverificatie", params, fields, "Verifiëren", error)


def _error_page(message: str) -> HTMLResponse:
    body = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Loket.nl - Fout'
        f'</title></head><body><h1>Fout</h1><p role="alert">{html.escape(message)}</p>'
        "</body></html>"
    )
    return HTMLResponse(body, status_code=400)
