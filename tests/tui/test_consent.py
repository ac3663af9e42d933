"""Pilot test of the authorization-code consent flow against the simulator on loopback."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx
from textual.app import App
from textual.widgets import Input

from tests.tui.test_dashboard import SIZE, loaded
from tui.screens.consent import ConsentScreen
from tui.screens.dashboard import DashboardScreen
from tui.secrets.store import SecretKind


async def log_in_at_simulator(url: str, username: str, password: str) -> str:
    """What the person does in the browser: submit the simulator's login form."""
    parts = urlsplit(url)
    form = dict(parse_qsl(parts.query)) | {"username": username, "password": password}
    async with httpx.AsyncClient() as http:
        page = await http.post(url.split("?")[0], data=form, follow_redirects=False)
    assert page.status_code in (302, 303), page.text[:200]
    return page.headers["location"]


async def test_consent_flow_stores_the_refresh_token(demo_app: App) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)  # Bakkerij De Gouden Korst, user xs-goudenkorst
        await pilot.press("l")
        screen = demo_app.screen
        assert isinstance(screen, ConsentScreen)
        assert screen.url.startswith(demo_app.runtime.settings.loket.oauth_url + "/authorize?")
        assert screen.url in str(screen.query_one("#consent-url").render())
        await pilot.press("ctrl+y")  # OSC 52 copy
        assert demo_app.clipboard == screen.url
        redirected = await log_in_at_simulator(
            screen.url, "xs-goudenkorst", "Demo-xs-goudenkorst-2026!"
        )
        screen.query_one("#redirect", Input).value = redirected
        await pilot.press("enter")
        await demo_app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert isinstance(demo_app.screen, DashboardScreen)
        secrets = demo_app.runtime.secrets
        assert secrets is not None
        assert secrets.get(SecretKind.LOKET_REFRESH_TOKEN, "xs-goudenkorst")


async def test_consent_rejects_a_foreign_state(demo_app: App) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("l")
        screen = demo_app.screen
        screen.query_one(
            "#redirect", Input
        ).value = "http://127.0.0.1/callback?code=abc&state=someone-else"
        await pilot.press("enter")
        await demo_app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert isinstance(demo_app.screen, ConsentScreen)
        assert str(screen.query_one("#consent-error").render()).strip()
