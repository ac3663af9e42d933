"""OAuth 2.0 against Loket.nl: token requests, the authorization-code redirect, a token cache.

Token requests are form-encoded POSTs to ``{oauth_url}/token`` (RFC 6749, as Loket's document
describes them). They are not retried, except when the connection was refused, when nothing was
sent. Failures map to the typed AuthError classes in ``errors``.
"""

from __future__ import annotations

import asyncio
import inspect
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from tui.loket.errors import (
    AuthError,
    InvalidGrant,
    MalformedResponse,
    MissingCode,
    NoCredentials,
    ServerError,
    StateMismatch,
    UnexpectedStatus,
    oauth_error,
)
from tui.loket.http import backoff_delay, network_error, validate_base_url

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
RefreshTokenCallback = Callable[[str, str], Awaitable[None] | None]
# username -> the refresh token stored now (another process may have rotated it meanwhile)
StoredRefreshToken = Callable[[str], Awaitable[str | None]]

# Loket answers expires_in=3599; when a server leaves it out the token is treated as short-lived.
DEFAULT_EXPIRES_IN = 300
NO_TWO_FACTOR = "None"


@dataclass(frozen=True, repr=False)
class TokenSet:
    access_token: str
    token_type: str
    expires_at: float
    refresh_token: str | None = None
    two_factor_state: str | None = None  # as this token response said it
    # The state from the last password or code exchange: the refresh flow skips the second
    # factor and answers "None" whatever the user's set-up, so only an exchange tells. A
    # refreshed token set carries the exchange's state over (None: no exchange seen).
    exchange_two_factor_state: str | None = None

    def __repr__(self) -> str:
        refresh = "<redacted>" if self.refresh_token else None
        return (
            f"TokenSet(access_token=<redacted>, token_type={self.token_type!r}, "
            f"expires_at={self.expires_at!r}, refresh_token={refresh}, "
            f"two_factor_state={self.two_factor_state!r}, "
            f"exchange_two_factor_state={self.exchange_two_factor_state!r})"
        )

    __str__ = __repr__

    @property
    def two_factor_enabled(self) -> bool:
        """Loket reports ``two_factor_state: "None"`` for users without 2FA."""
        return self.two_factor_state not in (None, "", NO_TWO_FACTOR)

    def expires_within(self, seconds: float, now: float) -> bool:
        return self.expires_at - now <= seconds


class OAuthClient:
    def __init__(
        self,
        oauth_url: str,
        http: httpx.AsyncClient,
        client_id: str,
        client_secret: str | None = None,
        redirect_uri: str | None = None,
        *,
        max_retries: int = 2,
        backoff_base: float = 0.25,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.time,
    ) -> None:
        self.oauth_url = validate_base_url(oauth_url)
        self.client_id = client_id
        self.redirect_uri = redirect_uri
        self._client_secret = client_secret
        self._http = http
        self._max_retries = max_retries
        self._backoff_base = backoff_base
        self._sleep = sleep
        self.clock = clock

    def __repr__(self) -> str:
        return f"OAuthClient(oauth_url={self.oauth_url!r}, client_id={self.client_id!r})"

    @property
    def token_url(self) -> str:
        return self.oauth_url + "/token"

    # -- grants ----------------------------------------------------------------------------

    async def password_grant(self, username: str, password: str) -> TokenSet:
        tokens = await self._token(
            {"grant_type": "password", "username": username, "password": password}
        )
        return replace(tokens, exchange_two_factor_state=tokens.two_factor_state)

    async def exchange_code(self, code: str) -> TokenSet:
        form = {"grant_type": "authorization_code", "code": code}
        if self.redirect_uri:
            form["redirect_uri"] = self.redirect_uri
        tokens = await self._token(form)
        return replace(tokens, exchange_two_factor_state=tokens.two_factor_state)

    async def refresh(self, refresh_token: str) -> TokenSet:
        """A new token set; its ``exchange_two_factor_state`` is None (see TokenSet)."""
        tokens = await self._token({"grant_type": "refresh_token", "refresh_token": refresh_token})
        if tokens.refresh_token is None:
            # RFC 6749 section 6: without a new one, the old refresh token stays valid.
            return replace(tokens, refresh_token=refresh_token)
        return tokens

    # -- authorization code ----------------------------------------------------------------

    def authorize_url(self, state: str | None = None) -> tuple[str, str]:
        """The URL to open in a browser, and the state the redirect must carry back."""
        if not self.redirect_uri:
            raise AuthError(
                "No redirect URI is configured for the browser sign-in (loket.redirect_uri)."
            )
        state = state or secrets.token_urlsafe(24)
        query = urlencode(
            {
                "client_id": self.client_id,
                "redirect_uri": self.redirect_uri,
                "response_type": "code",
                "scope": "all",
                "state": state,
            }
        )
        return f"{self.oauth_url}/authorize?{query}", state

    @staticmethod
    def parse_redirect(text: str, expected_state: str | None) -> str:
        """The authorization code from the redirected URL (or its query), or a bare code.

        A URL must carry ``expected_state``; an ``error`` in it (e.g. access_denied) is raised.
        """
        raw = text.strip()
        if not raw:
            raise MissingCode()
        if "=" not in raw:
            if any(c.isspace() for c in raw) or "/" in raw or len(raw) > 2048:
                raise MissingCode()
            return raw
        parts = urlsplit(raw)
        has_query = "?" in raw or "#" in raw
        query = (parts.query or parts.fragment) if has_query else raw.lstrip("&")
        params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
        error = params.get("error")
        if error:
            raise oauth_error(error)
        code = params.get("code", "").strip()
        if not code:
            raise MissingCode()
        state = params.get("state", "")
        if expected_state is not None and not secrets.compare_digest(
            state.encode(), expected_state.encode()
        ):
            raise StateMismatch()
        return code

    # -- the token endpoint ----------------------------------------------------------------

    async def _token(self, form: dict[str, str]) -> TokenSet:
        form = {**form, "client_id": self.client_id}
        if self._client_secret:
            form["client_secret"] = self._client_secret
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self._http.post(
                    self.token_url, data=form, headers={"Accept": "application/json"}
                )
                break
            except httpx.TransportError as exc:
                failure = network_error(exc, attempts=attempt)
                if failure.kind != "refused" or attempt > self._max_retries:
                    raise failure from None
            await self._sleep(backoff_delay(attempt, base=self._backoff_base, cap=5.0))
        return self._token_response(response)

    def _token_response(self, response: httpx.Response) -> TokenSet:
        status = response.status_code
        body = _json_body(response)
        if status == 200:
            if body is None:
                raise MalformedResponse("not_json", status=status)
            return self._token_set(body, status)
        if body is not None and isinstance(body.get("error"), str):
            raise oauth_error(body["error"], status=status)
        if status >= 500:
            raise ServerError(status)
        if body is None and "html" in response.headers.get("Content-Type", "").lower():
            raise MalformedResponse("html", status=status)
        raise UnexpectedStatus(status)

    def _token_set(self, body: dict[str, Any], status: int) -> TokenSet:
        access_token = body.get("access_token")
        token_type = body.get("token_type", "bearer")
        if not isinstance(access_token, str) or not access_token:
            raise MalformedResponse("shape", status=status, detail="no access_token")
        if not isinstance(token_type, str) or token_type.lower() != "bearer":
            raise MalformedResponse("shape", status=status, detail="token_type is not bearer")
        expires_in = body.get("expires_in", DEFAULT_EXPIRES_IN)
        if isinstance(expires_in, str) and expires_in.isdigit():
            expires_in = int(expires_in)
        if not isinstance(expires_in, int | float) or isinstance(expires_in, bool):
            raise MalformedResponse("shape", status=status, detail="expires_in is not a number")
        refresh_token = body.get("refresh_token")
        two_factor = body.get("two_factor_state")
        return TokenSet(
            access_token=access_token,
            token_type=token_type,
            expires_at=self.clock() + float(expires_in),
            refresh_token=refresh_token
            if isinstance(refresh_token, str) and refresh_token
            else None,
            two_factor_state=two_factor if isinstance(two_factor, str) else None,
        )


def _json_body(response: httpx.Response) -> dict[str, Any] | None:
    if "json" not in response.headers.get("Content-Type", "").lower():
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


class TokenCache:
    """Access tokens per account (user name + client), renewed before they expire.

    Renewal uses the refresh token when there is one (keeping the rotated one and handing it to
    ``on_refresh_token`` for the secret store) and falls back to the password grant when the
    refresh token is refused and a password is given. One token request per account is in
    flight at a time, however many coroutines ask.
    """

    def __init__(
        self,
        oauth: OAuthClient,
        *,
        margin: float = 60.0,
        clock: Clock | None = None,
        on_refresh_token: RefreshTokenCallback | None = None,
        stored_refresh_token: StoredRefreshToken | None = None,
    ) -> None:
        self._oauth = oauth
        self._stored_refresh_token = stored_refresh_token
        self._margin = margin
        # Expiry times come from the OAuth client's clock, so by default the cache reads that one.
        self._clock = clock or oauth.clock
        self._on_refresh_token = on_refresh_token
        self._tokens: dict[tuple[str, str], TokenSet] = {}
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    def __repr__(self) -> str:
        return f"TokenCache(client_id={self._oauth.client_id!r}, accounts={len(self._tokens)})"

    @property
    def oauth(self) -> OAuthClient:
        return self._oauth

    def _key(self, username: str) -> tuple[str, str]:
        return (username, self._oauth.client_id)

    def cached(self, username: str) -> TokenSet | None:
        return self._tokens.get(self._key(username))

    def put(self, username: str, tokens: TokenSet) -> None:
        """Seed the cache, e.g. with the tokens of an authorization-code exchange."""
        self._tokens[self._key(username)] = tokens

    def invalidate(self, username: str) -> None:
        """Forget the access token (after a 401); a cached refresh token is kept."""
        key = self._key(username)
        tokens = self._tokens.get(key)
        if tokens is not None:
            self._tokens[key] = replace(tokens, expires_at=float("-inf"))

    async def get(
        self, username: str, *, password: str | None = None, refresh_token: str | None = None
    ) -> TokenSet:
        """A token set whose access token is valid for at least ``margin`` more seconds."""
        key = self._key(username)
        current = self._tokens.get(key)
        if current is not None and not current.expires_within(self._margin, self._clock()):
            return current
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            current = self._tokens.get(key)
            if current is not None and not current.expires_within(self._margin, self._clock()):
                return current
            known_refresh = (current.refresh_token if current else None) or refresh_token
            tokens = await self._renew(username, password, known_refresh)
            if tokens.exchange_two_factor_state is None and current is not None:
                # a refresh never replaces what the exchange said about the second factor
                tokens = replace(
                    tokens, exchange_two_factor_state=current.exchange_two_factor_state
                )
            self._tokens[key] = tokens
            if tokens.refresh_token and tokens.refresh_token != known_refresh:
                await self._store_refresh_token(username, tokens.refresh_token)
            return tokens

    async def _renew(
        self, username: str, password: str | None, refresh_token: str | None
    ) -> TokenSet:
        rotated: str | None = None
        if refresh_token:
            try:
                return await self._oauth.refresh(refresh_token)
            except InvalidGrant:
                # Refresh tokens rotate: another process that refreshed first has stored the
                # new one. The loser reads it again instead of calling the account refused.
                rotated = await self._rotated_meanwhile(username, refresh_token)
                if rotated is None and not password:
                    raise
            if rotated is not None:
                try:
                    return await self._oauth.refresh(rotated)
                except InvalidGrant:
                    if not password:
                        raise
        if password:
            return await self._oauth.password_grant(username, password)
        raise NoCredentials()

    async def _rotated_meanwhile(self, username: str, used: str) -> str | None:
        """The stored refresh token when another process replaced the one just refused."""
        if self._stored_refresh_token is None:
            return None
        stored = await self._stored_refresh_token(username)
        return stored if stored and stored != used else None

    async def _store_refresh_token(self, username: str, refresh_token: str) -> None:
        if self._on_refresh_token is None:
            return
        result = self._on_refresh_token(username, refresh_token)
        if inspect.isawaitable(result):
            await result
