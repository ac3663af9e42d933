"""End to end over a loopback socket: authorization-code sign-in and API calls to the simulator.

The client knows nothing of the simulator; the test plays the browser (login page, TOTP page,
redirect) the way a person would, using the demo world of docs/internals.md.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from urllib.parse import parse_qsl, urlsplit

import httpx
import pyotp
import pytest

from tui.loket.auth import OAuthClient, TokenCache
from tui.loket.client import LoketClient
from tui.loket.errors import InvalidGrant, StateMismatch
from tui.loket.http import make_http_client
from tui.loket.simulator import create_app, serve_in_thread

CLIENT_ID = "koppelaar-demo"
CLIENT_SECRET = "koppelaar-demo-secret"
REDIRECT_URI = "http://127.0.0.1/callback"


@pytest.fixture(scope="module")
def simulator() -> Iterator[tuple[str, object]]:
    app = create_app()
    with serve_in_thread(app) as base:
        yield base, app


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with make_http_client(timeout=10.0) as client:
        yield client


async def browser_sign_in(authorize_url: str, username: str, totp_secret: str | None = None) -> str:
    """Log in on the authorization page like a person; returns the URL it redirects to."""
    async with httpx.AsyncClient(follow_redirects=False) as browser:
        page = await browser.get(authorize_url)
        assert page.status_code == 200
        carried = dict(parse_qsl(urlsplit(authorize_url).query))
        form = {**carried, "step": "password", "username": username,
                "password": f"Demo-{username}-2026!"}  # fmt: skip
        post_url = authorize_url.split("?", 1)[0]
        answer = await browser.post(post_url, data=form)
        if totp_secret is not None:
            assert answer.status_code == 200
            match = re.search(r'name="ticket" value="([^"]+)"', answer.text)
            assert match is not None
            form = {**carried, "step": "totp", "ticket": match.group(1),
                    "totp_code": pyotp.TOTP(totp_secret).now()}  # fmt: skip
            answer = await browser.post(post_url, data=form)
        assert answer.status_code == 302
        return answer.headers["location"]


async def test_authorization_code_flow_then_api(
    simulator: tuple[str, object], http: httpx.AsyncClient
) -> None:
    base, _ = simulator
    oauth = OAuthClient(base + "/oauth", http, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)
    url, state = oauth.authorize_url()
    redirected = await browser_sign_in(url, "xs-goudenkorst")

    with pytest.raises(StateMismatch):
        OAuthClient.parse_redirect(redirected, "another-state")
    code = OAuthClient.parse_redirect(redirected, state)
    tokens = await oauth.exchange_code(code)
    assert tokens.refresh_token
    assert not tokens.two_factor_enabled
    with pytest.raises(InvalidGrant):
        await oauth.exchange_code(code)  # a code is good for one exchange

    stored: list[str] = []
    cache = TokenCache(oauth, on_refresh_token=lambda user, token: stored.append(token))
    cache.put("xs-goudenkorst", tokens)
    cache.invalidate("xs-goudenkorst")
    renewed = await cache.get("xs-goudenkorst")
    assert renewed.access_token != tokens.access_token
    assert renewed.refresh_token not in (None, tokens.refresh_token)  # rotated
    assert stored == [renewed.refresh_token]

    loket = LoketClient(base + "/v2", http)
    before = loket.requests
    user = await loket.user(renewed.access_token)
    assert user.last_name == "De Gouden Korst"
    employers = await loket.employers(renewed.access_token)
    assert [e.employer_number for e in employers] == [20720]
    (employer,) = employers
    assert employer.company_name == "Bakkerij De Gouden Korst B.V."
    activities = await loket.employer_authorizations(renewed.access_token, employer.id)
    assert "GetEmployeesByEmployerId" in activities
    model = await loket.authorization_model(renewed.access_token)
    assert any(entry.activity == "GetWagesByEmploymentId" for entry in model)
    assert loket.requests - before == 4


async def test_authorization_code_flow_with_totp(
    simulator: tuple[str, object], http: httpx.AsyncClient
) -> None:
    base, _ = simulator
    oauth = OAuthClient(base + "/oauth", http, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)
    url, state = oauth.authorize_url()
    # The demo world's TOTP secret for xs-zonnehof (tui/loket/simulator/scenarios/demo.toml).
    redirected = await browser_sign_in(url, "xs-zonnehof", "JBSWY3DPEHPK3PXPZONNEHOFDEMOTWZS")
    tokens = await oauth.exchange_code(OAuthClient.parse_redirect(redirected, state))
    assert tokens.two_factor_enabled
    assert tokens.refresh_token is not None
    refreshed = await oauth.refresh(tokens.refresh_token)
    assert refreshed.access_token != tokens.access_token


async def test_flaky_demo_user_gets_through_with_retries(
    simulator: tuple[str, object], http: httpx.AsyncClient
) -> None:
    """Demo user xs-hetanker: 503, 503, then 429 with Retry-After: 1, then all is well."""
    base, _ = simulator
    oauth = OAuthClient(base + "/oauth", http, CLIENT_ID, CLIENT_SECRET)
    tokens = await oauth.password_grant("xs-hetanker", "Demo-xs-hetanker-2026!")
    delays: list[float] = []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)

    loket = LoketClient(base + "/v2", http, sleep=sleep)
    before = loket.requests
    employers = await loket.employers(tokens.access_token)
    assert [e.employer_number for e in employers] == [52093]
    assert loket.requests - before == 4
    assert delays[-1] == 1.0  # Retry-After honoured
