"""Pilot test of "Werkgevers ophalen uit Loket.nl": one user reaches twenty employers in the
simulator; choose three, create them, and see them checked in the dashboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList

import tui.loket.simulator as simulator
from tests.tui.conftest import DEMO_PROFILES_IN_CHECKOUT, AppFactory, make_runtime
from tests.tui.test_dashboard import SIZE, loaded
from tests.tui.test_submit import until
from tui.app import KoppelaarApp, Services
from tui.cli.commands.demo import demo_world
from tui.discovery.discover import DiscoveryResult, Entry
from tui.screens.dashboard import DashboardScreen
from tui.screens.discover import DiscoverScreen

USER = "xs-goudenkorst"  # reaches Bakkerij De Gouden Korst (20720) and 19 generated employers


@pytest.fixture
def bulk_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[KoppelaarApp]:
    """The demo world, with one user reaching twenty employers."""
    load = simulator.load_scenario
    monkeypatch.setattr(
        simulator, "load_scenario", lambda path: load(path).with_bulk_employers(USER, 19)
    )
    runtime = make_runtime(tmp_path, DEMO_PROFILES_IN_CHECKOUT)
    with demo_world(runtime) as (demo, url):
        yield KoppelaarApp(demo, Services(simulator_url=url), ascii_glyphs=False)


async def test_select_three_of_twenty_create_and_check(bulk_app: KoppelaarApp) -> None:
    async with bulk_app.run_test(size=SIZE) as pilot:
        dashboard = await loaded(pilot)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(bulk_app.screen, DiscoverScreen))
        screen = bulk_app.screen
        assert isinstance(screen, DiscoverScreen)
        assert USER in screen.usernames
        screen.query_one(Select).value = USER  # picking a known user fetches at once
        await until(pilot, lambda: screen.result is not None, limit=15)
        assert screen.result is not None
        assert len(screen.result.entries) == 20
        assert len(screen.result.new) == 19  # the bakkerij has a profile already
        listing = screen.query_one(SelectionList)
        assert listing.option_count == 20
        await pilot.press(*"korst")  # the filter has the focus
        assert listing.option_count == 1
        await pilot.press("ctrl+u", *"bulk")
        assert listing.option_count == 19
        listing.focus()
        for _ in range(3):
            await pilot.press("space", "down")
        assert len(screen.chosen) == 3
        names = sorted(e.company_name for e in screen.result.entries if e.loket_id in screen.chosen)
        screen.query_one("#discover-filter", Input).value = ""
        await pilot.pause()
        assert listing.option_count == 20
        assert len(listing.selected) == 3  # choices survive the filter
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(bulk_app.screen, DashboardScreen))
        created = [slug for slug, row in dashboard.rows.items() if row.source.name in names]
        assert len(created) == 3
        assert all(slug in dashboard.rows for slug in created)

        def checked() -> bool:
            fresh = all(dashboard.rows[slug].checked_at is not None for slug in created)
            return fresh and not dashboard.checking

        await until(pilot, checked, limit=15)
        for slug in created:
            profile = bulk_app.runtime.store.load(slug)
            assert profile.username == USER and profile.loket_id
            assert profile.status != "unchecked" and profile.checked_at is not None
            assert bulk_app.runtime.store.load(slug).checked_at is not None
        assert len(dashboard.rows) == 12


async def test_select_all_and_unknown_user(bulk_app: KoppelaarApp) -> None:
    async with bulk_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(bulk_app.screen, DiscoverScreen))
        screen = bulk_app.screen
        assert isinstance(screen, DiscoverScreen)
        screen.query_one("#username", Input).value = "nobody-here"
        await pilot.press("enter")
        await until(pilot, lambda: not screen.busy and screen.query_one("#discover-error").display)
        assert screen.result is None
        screen.query_one("#username", Input).value = USER
        await pilot.press("enter")
        await until(pilot, lambda: screen.result is not None, limit=15)
        await pilot.press("ctrl+a")
        assert len(screen.chosen) == 19
        await pilot.press("ctrl+a")
        assert not screen.chosen


def discovered_result() -> DiscoveryResult:
    """Twenty employers as discovery reports them: fixed data, no network."""
    entries = [
        Entry(
            loket_id=f"00000000-0000-4000-8000-{number:012d}",
            employer_number=number,
            company_name=f"Bulkbedrijf {index:04d} B.V.",
            chamber_of_commerce_number=None,
        )
        for index, number in enumerate(range(500000, 500019), start=1)
    ]
    known = Entry(
        loket_id="00000000-0000-4000-8000-000000020720",
        employer_number=20720,
        company_name="Bakkerij De Gouden Korst B.V.",
        chamber_of_commerce_number=None,
        profile="bakkerij-de-gouden-korst-bv",
        match="werkgever_id",
    )
    return DiscoveryResult(USER, [known, *entries], [])


def test_snapshot_discovery_list(make_app: AppFactory, snap_compare) -> None:
    async def open_list(pilot: Pilot) -> None:
        await loaded(pilot)
        screen = DiscoverScreen([USER, "xs-vandermeer"], discovered_result())
        await pilot.app.push_screen(screen)
        await pilot.pause()
        await pilot.press("down", "space", "down", "space", "down", "space")
        await pilot.pause(0.1)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_list)
