"""OAuthClient and TokenCache against a purpose-built token endpoint on a loopback socket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from tests.loket.servers import free_port, serve
from tui.loket.auth import OAuthClient, TokenCache, TokenSet
from tui.loket.errors import (
    AccessDenied,
    InvalidClient,
    InvalidGrant,
    MalformedResponse,
    MissingCode,
    NetworkError,
    NoCredentials,
    ServerError,
    StateMismatch,
    UnsupportedGrantType,
)
from tui.loket.http import make_http_client

CLIENT_ID = "koppelaar-test"
CLIENT_SECRET = "client-secret-value"
PASSWORD = "Correct-Horse-2026!"


@dataclass
class TokenServer:
    """A token endpoint after RFC 6749 and Loket's description: form in, JSON out.

    Refresh tokens rotate on every use; a used refresh token becomes invalid.
    """

    delay: float = 0.0
    expires_in: int = 3599
    two_factor_state: str = "None"
    grants: list[str] = field(default_factory=list)
    forms: list[dict[str, str]] = field(default_factory=list)
    valid_refresh: set[str] = field(default_factory=set)
    issued: int = 0

    def issue(self) -> dict[str, object]:
        self.issued += 1
        refresh = f"refresh-{self.issued}"
        self.valid_refresh.add(refresh)
        return {
            "access_token": f"access-{self.issued}",
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "refresh_token": refresh,
            "two_factor_state": self.two_factor_state,
        }

    async def token(self, request: Request) -> Response:
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        self.forms.append(form)
        self.grants.append(form.get("grant_type", ""))
        if self.delay:
            await asyncio.sleep(self.delay)
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return JSONResponse({"error": "invalid_client"}, 401)
        grant = form.get("grant_type")
        if grant == "password":
            if form.get("username") == "xs-user" and form.get("password") == PASSWORD:
                return JSONResponse(self.issue())
            wrong = {"error": "invalid_grant", "error_description": "The password is wrong."}
            return JSONResponse(wrong, 400)
        if grant == "refresh_token":
            refresh = form.get("refresh_token", "")
            if refresh in self.valid_refresh:
                self.valid_refresh.discard(refresh)
                return JSONResponse(self.issue())
            return JSONResponse({"error": "invalid_grant"}, 400)
        if grant == "authorization_code":
            if form.get("code") == "good-code" and form.get("redirect_uri"):
                return JSONResponse(self.issue())
            return JSONResponse({"error": "invalid_grant"}, 400)
        return JSONResponse({"error": "unsupported_grant_type"}, 400)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/oauth/token", self.token, methods=["POST"])])


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with make_http_client(timeout=5.0) as client:
        yield client


@pytest.fixture
def token_server() -> Iterator[tuple[TokenServer, str]]:
    server = TokenServer()
    with serve(server.app()) as base:
        yield server, base + "/oauth"


def oauth_for(url: str, http: httpx.AsyncClient, clock: Clock | None = None) -> OAuthClient:
    return OAuthClient(
        url,
        http,
        CLIENT_ID,
        CLIENT_SECRET,
        "https://koppelaar.example/callback",
        clock=clock or Clock(),
    )


# -- grants ------------------------------------------------------------------------------------


async def test_password_grant_ok(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    server, url = token_server
    clock = Clock(5000.0)
    tokens = await oauth_for(url, http, clock).password_grant("xs-user", PASSWORD)
    assert tokens.access_token == "access-1"
    assert tokens.refresh_token == "refresh-1"
    assert tokens.expires_at == 5000.0 + 3599
    assert not tokens.two_factor_enabled
    assert server.forms == [
        {
            "grant_type": "password",
            "username": "xs-user",
            "password": PASSWORD,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        }
    ]


async def test_two_factor_state_reported(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    server, url = token_server
    server.two_factor_state = "Enabled"
    tokens = await oauth_for(url, http).password_grant("xs-user", PASSWORD)
    assert tokens.two_factor_enabled
    assert tokens.two_factor_state == "Enabled"


async def test_password_grant_invalid_grant(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    _, url = token_server
    with pytest.raises(InvalidGrant) as caught:
        await oauth_for(url, http).password_grant("xs-user", "wrong-password-123")
    assert caught.value.code == "auth.invalid_grant"
    assert "refused the user name or password, or the user is blocked" in caught.value.message
    assert "wrong-password-123" not in repr(caught.value) + str(caught.value)


async def test_password_grant_invalid_client(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    _, url = token_server
    oauth = OAuthClient(url, http, CLIENT_ID, "not-the-secret")
    with pytest.raises(InvalidClient) as caught:
        await oauth.password_grant("xs-user", PASSWORD)
    assert caught.value.status == 401
    assert "client id or client secret" in caught.value.message
    assert "not-the-secret" not in caught.value.message + repr(oauth)


async def test_unsupported_grant_type(http: httpx.AsyncClient) -> None:
    async def token(request: Request) -> Response:
        return JSONResponse({"error": "unsupported_grant_type"}, 400)

    app = Starlette(routes=[Route("/token", token, methods=["POST"])])
    with serve(app) as base, pytest.raises(UnsupportedGrantType) as caught:
        await OAuthClient(base, http, CLIENT_ID).password_grant("xs-user", PASSWORD)
    assert "browser sign-in" in caught.value.message


async def test_token_endpoint_html_page(http: httpx.AsyncClient) -> None:
    async def token(request: Request) -> Response:
        return HTMLResponse("<html>Gateway</html>", 200)

    app = Starlette(routes=[Route("/token", token, methods=["POST"])])
    with serve(app) as base, pytest.raises(MalformedResponse):
        await OAuthClient(base, http, CLIENT_ID).password_grant("xs-user", PASSWORD)


async def test_token_request_retried_only_when_refused(http: httpx.AsyncClient) -> None:
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    oauth = OAuthClient(f"http://127.0.0.1:{free_port()}", http, CLIENT_ID, sleep=sleep)
    with pytest.raises(NetworkError) as caught:
        await oauth.password_grant("xs-user", PASSWORD)
    assert caught.value.kind == "refused"
    assert len(delays) == 2  # max_retries=2: three attempts in all


async def test_token_post_not_retried_on_server_error(http: httpx.AsyncClient) -> None:
    calls = 0

    async def token(request: Request) -> Response:
        nonlocal calls
        calls += 1
        return Response("busy", 503)

    app = Starlette(routes=[Route("/token", token, methods=["POST"])])
    with serve(app) as base, pytest.raises(ServerError) as caught:
        await OAuthClient(base, http, CLIENT_ID).password_grant("xs-user", PASSWORD)
    assert caught.value.code == "server_error"
    assert calls == 1


async def test_exchange_code_and_refresh_rotation(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    server, url = token_server
    oauth = oauth_for(url, http)
    first = await oauth.exchange_code("good-code")
    assert server.forms[0]["redirect_uri"] == "https://koppelaar.example/callback"
    assert first.refresh_token is not None
    second = await oauth.refresh(first.refresh_token)
    assert second.refresh_token not in (None, first.refresh_token)
    with pytest.raises(InvalidGrant):
        await oauth.refresh(first.refresh_token)


def test_token_set_repr_is_redacted() -> None:
    tokens = TokenSet("secret-access", "bearer", 1.0, "secret-refresh", "None")
    assert "secret" not in repr(tokens)
    assert "secret" not in str(tokens)
    assert "<redacted>" in repr(tokens)


# -- authorization code redirect ---------------------------------------------------------------


def test_authorize_url(http: httpx.AsyncClient) -> None:
    oauth = oauth_for("https://oauth.loket.nl", http)
    url, state = oauth.authorize_url()
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "oauth.loket.nl", "/authorize")
    assert query == {
        "client_id": CLIENT_ID,
        "redirect_uri": "https://koppelaar.example/callback",
        "response_type": "code",
        "scope": "all",
        "state": state,
    }
    assert len(state) >= 24
    assert oauth.authorize_url()[1] != state
    assert oauth.authorize_url("given")[1] == "given"


@pytest.mark.parametrize(
    "text",
    [
        "https://koppelaar.example/callback?code=abc123&state=s1",
        "  https://koppelaar.example/callback?state=s1&code=abc123\n",
        "code=abc123&state=s1",
        "?code=abc123&state=s1",
        "abc123",
    ],
)
def test_parse_redirect_variants(text: str) -> None:
    assert OAuthClient.parse_redirect(text, "s1") == "abc123"


def test_parse_redirect_state_mismatch() -> None:
    with pytest.raises(StateMismatch) as caught:
        OAuthClient.parse_redirect("https://x.example/cb?code=abc&state=other", "s1")
    assert "start the sign-in again" in caught.value.message
    with pytest.raises(StateMismatch):
        OAuthClient.parse_redirect("https://x.example/cb?code=abc", "s1")


def test_parse_redirect_access_denied() -> None:
    with pytest.raises(AccessDenied) as caught:
        OAuthClient.parse_redirect("https://x.example/cb?error=access_denied&state=s1", "s1")
    assert caught.value.code == "auth.access_denied"


@pytest.mark.parametrize("text", ["", "   ", "https://x.example/cb?state=s1", "two words"])
def test_parse_redirect_without_code(text: str) -> None:
    with pytest.raises(MissingCode):
        OAuthClient.parse_redirect(text, "s1")


# -- token cache -------------------------------------------------------------------------------


async def test_cache_renews_before_expiry_with_rotation(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    server, url = token_server
    clock = Clock()
    stored: list[tuple[str, str]] = []
    cache = TokenCache(
        oauth_for(url, http, clock),
        clock=clock,
        margin=60,
        on_refresh_token=lambda user, token: stored.append((user, token)),
    )
    first = await cache.get("xs-user", password=PASSWORD)
    assert stored == [("xs-user", "refresh-1")]

    clock.now += 3599 - 61
    assert await cache.get("xs-user", password=PASSWORD) is first
    assert server.grants == ["password"]

    clock.now += 2  # now within the 60 s margin
    second = await cache.get("xs-user", password=PASSWORD)
    assert second.access_token == "access-2"
    assert server.grants == ["password", "refresh_token"]
    assert server.forms[1]["refresh_token"] == "refresh-1"
    assert stored[-1] == ("xs-user", "refresh-2")

    clock.now += 3599
    await cache.get("xs-user", password=PASSWORD)
    assert server.forms[2]["refresh_token"] == "refresh-2"  # the rotated one was kept


async def test_cache_uses_stored_refresh_token_without_password(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    server, url = token_server
    server.valid_refresh.add("stored-refresh")
    stored: list[str] = []

    async def keep(user: str, token: str) -> None:
        stored.append(token)

    cache = TokenCache(oauth_for(url, http), on_refresh_token=keep)
    tokens = await cache.get("xs-user", refresh_token="stored-refresh")
    assert tokens.access_token == "access-1"
    assert server.grants == ["refresh_token"]
    assert stored == ["refresh-1"]


async def test_cache_falls_back_to_password_when_refresh_refused(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    server, url = token_server
    cache = TokenCache(oauth_for(url, http))
    tokens = await cache.get("xs-user", password=PASSWORD, refresh_token="revoked")
    assert tokens.access_token == "access-1"
    assert server.grants == ["refresh_token", "password"]


async def test_cache_refresh_refused_without_password(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    _, url = token_server
    cache = TokenCache(oauth_for(url, http))
    with pytest.raises(InvalidGrant):
        await cache.get("xs-user", refresh_token="revoked")
    with pytest.raises(NoCredentials):
        await cache.get("xs-other")


async def test_one_token_request_for_fifty_callers(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    server, url = token_server
    server.delay = 0.05
    cache = TokenCache(oauth_for(url, http))
    results = await asyncio.gather(*(cache.get("xs-user", password=PASSWORD) for _ in range(50)))
    assert {t.access_token for t in results} == {"access-1"}
    assert server.grants == ["password"]


async def test_cache_invalidate_after_401_keeps_refresh_token(
    http: httpx.AsyncClient, token_server: tuple[TokenServer, str]
) -> None:
    server, url = token_server
    cache = TokenCache(oauth_for(url, http))
    await cache.get("xs-user", password=PASSWORD)
    cache.invalidate("xs-user")
    renewed = await cache.get("xs-user", password=PASSWORD)
    assert renewed.access_token == "access-2"
    assert server.grants == ["password", "refresh_token"]
