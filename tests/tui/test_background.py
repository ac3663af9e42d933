"""The app's background work: unexpected errors are shown and leave screens usable; the
collector's frozen generation does not grow with repeated actions."""

from __future__ import annotations

import gc

import pytest

from tests.tui.conftest import AppFactory
from tests.tui.test_checks import wait_idle
from tests.tui.test_dashboard import SIZE, loaded
from tui.app import KoppelaarApp
from tui.screens.help import HelpScreen


async def settle(pilot, app: KoppelaarApp) -> None:
    """Until start-up's deferred work (first-frame freeze, checker import, keyring probe) ran."""
    for _ in range(200):
        await pilot.pause(0.05)
        if app.started and app.secrets_line and not app.workers._workers:
            return
    raise AssertionError("start-up never settled")


async def test_language_switches_do_not_grow_the_frozen_generation(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await settle(pilot, app)
        frozen = gc.get_freeze_count()
        for _ in range(10):
            await pilot.press("f3")
            await pilot.pause(0.05)
        await settle(pilot, app)
        assert app.language == "nl"  # ten switches: back where it began
        assert gc.get_freeze_count() <= frozen  # frozen objects may die; none are added


async def test_an_unexpected_error_in_a_check_is_shown_and_the_screen_stays_usable(
    demo_app: KoppelaarApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("the secret store fell over")

    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        monkeypatch.setattr(demo_app, "open_secrets", broken)
        await pilot.press("c")
        await wait_idle(pilot, screen)
        await pilot.pause(0.1)
        messages = [str(n.message) for n in demo_app._notifications]
        assert any("the secret store fell over" in m for m in messages), messages
        assert any("Onverwachte fout" in m for m in messages), messages
        assert not screen.checking
        monkeypatch.undo()
        await pilot.press("c")  # the screen is usable: a second check runs to its end
        await wait_idle(pilot, screen)
        selected = screen.selected_profile()
        assert selected is not None and selected.status != "unchecked"
        await pilot.press("f1")
        await pilot.pause(0.1)
        assert isinstance(demo_app.screen, HelpScreen)


async def test_an_unexpected_error_in_a_thread_worker_is_shown(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.config

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("settings writer broke")

    monkeypatch.setattr(tui.config, "save_settings", broken)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f3")
        for _ in range(40):
            await pilot.pause(0.05)
            if any("settings writer broke" in str(n.message) for n in app._notifications):
                break
        messages = [str(n.message) for n in app._notifications]
        assert any("settings writer broke" in m for m in messages), messages
        assert app.is_running
        await pilot.press("f1")
        await pilot.pause(0.1)
        assert isinstance(app.screen, HelpScreen)
