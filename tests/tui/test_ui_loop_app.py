"""The app runs on the UI loop (``tui.ui_loop``): its callbacks with the long switch interval."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import AppFactory, make_runtime
from tui.app import KoppelaarApp, run_tui
from tui.runtime import DEMO_PROFILES_IN_CHECKOUT
from tui.screens.dashboard import DashboardScreen
from tui.ui_loop import UI_RUNNING_INTERVAL, run_on_ui_loop
from tui.widgets.employer_table import EmployerTable

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a selector loop only")


def test_the_dashboard_runs_on_the_ui_loop_and_the_interval_is_put_back(
    make_app: AppFactory,
) -> None:
    before = sys.getswitchinterval()
    app = make_app()
    seen: dict[str, Any] = {}

    async def as_a_person(pilot: Pilot[Any]) -> None:
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        while not screen.loaded:
            await pilot.pause(0.02)
        seen["interval"] = sys.getswitchinterval()
        seen["rows"] = screen.query_one(EmployerTable).row_count
        await pilot.press("q")

    run_on_ui_loop(app.run_async(headless=True, size=(80, 24), auto_pilot=as_a_person))
    assert seen["interval"] == UI_RUNNING_INTERVAL
    assert seen["rows"] == 9
    assert app.return_code in (0, None)
    assert sys.getswitchinterval() == before


def test_koppelaar_runs_the_app_on_the_ui_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The terminal is the one part that cannot run here: the app's own run stands in for it.
    seen: list[float] = []

    async def without_a_terminal(self: KoppelaarApp, **_: Any) -> None:
        seen.append(sys.getswitchinterval())

    monkeypatch.setattr(KoppelaarApp, "run_async", without_a_terminal)
    assert run_tui(make_runtime(tmp_path, DEMO_PROFILES_IN_CHECKOUT)) == 0
    assert seen == [UI_RUNNING_INTERVAL]
