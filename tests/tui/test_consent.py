"""Pilot test of the authorization-code consent flow against the simulator on loopback."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx
from textual.app import App
from textual.widgets import Input

from tests.tui.test_dashboard import SIZE, loaded
from tui.checks.accounts import AccountRecords
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
        # Loket.nl says who signed in; nothing is stored before the person says yes
        who = str(screen.query_one("#consent-who").render())
        assert "salaris@goudenkorst.example" in who and "xs-goudenkorst" in who
        secrets = demo_app.runtime.secrets
        assert secrets is not None
        assert secrets.get(SecretKind.LOKET_REFRESH_TOKEN, "xs-goudenkorst") is None
        await pilot.press("j")
        await demo_app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert isinstance(demo_app.screen, DashboardScreen)
        assert secrets.get(SecretKind.LOKET_REFRESH_TOKEN, "xs-goudenkorst")
        record = AccountRecords(demo_app.runtime.paths.profiles_dir).get("xs-goudenkorst")
        assert record is not None and record.two_factor_state == "None"


async def test_consent_for_someone_else_stores_nothing(demo_app: App) -> None:
    """Finding 1: the browser was signed in as another user; Escape stores nothing."""
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)  # profile user xs-goudenkorst
        await pilot.press("l")
        screen = demo_app.screen
        assert isinstance(screen, ConsentScreen)
        redirected = await log_in_at_simulator(
            screen.url, "xs-vandermeer", "Demo-xs-vandermeer-2026!"
        )
        screen.query_one("#redirect", Input).value = redirected
        await pilot.press("enter")
        await demo_app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert "hr@vandermeer-installatie.example" in str(screen.query_one("#consent-who").render())
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert isinstance(demo_app.screen, DashboardScreen)
        secrets = demo_app.runtime.secrets
        assert secrets is not None
        assert secrets.get(SecretKind.LOKET_REFRESH_TOKEN, "xs-goudenkorst") is None
        assert secrets.get(SecretKind.LOKET_REFRESH_TOKEN, "xs-vandermeer") is None


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
