"""What a batch of check results does to the dashboard: the summary's counts kept up to date
row by row (no recount of every row per batch), a filtered view that still shows the right
rows, and the checklist pane rebuilt only for the employer it shows."""

from __future__ import annotations

import threading

from textual import events
from textual.app import App
from textual.widgets import Input

from tests.tui.conftest import AppFactory
from tests.tui.test_checks import wait_idle
from tests.tui.test_dashboard import SIZE, loaded
from tui.checks.checker import ProfileResult
from tui.checks.engine import Evaluation
from tui.screens.dashboard import DashboardScreen
from tui.screens.dashboard_counts import RowCounts
from tui.screens.dashboard_view import filter_rows, row_for, summary_line
from tui.widgets.checklist_pane import ChecklistPane
from tui.widgets.employer_table import EmployerTable


def fresh_summary(screen: DashboardScreen) -> str:
    """The summary as a count over every shown row from scratch would give it."""
    table = screen.query_one(EmployerTable)
    shown = [screen.rows[slug] for slug in table.slugs]
    return summary_line(shown, len(screen.rows), screen.broken, screen.lang, False)


def summary_text(screen: DashboardScreen) -> str:
    return str(screen.query_one("#summary").render())


def result(screen: DashboardScreen, slug: str, status: str) -> ProfileResult:
    """A checked profile as the checker hands it over: a new object with the new status."""
    profile = screen.kapp.runtime.store.load(slug)  # a new object, as the checker reads it
    profile.status = status
    profile.checked_at = screen.now()
    return ProfileResult(profile, Evaluation(status, None, [], None), screen.now())


def test_row_counts_follow_added_and_removed_rows() -> None:
    from tui.profiles.model import Profile
    from tui.screens.dashboard_view import now_local

    now = now_local()
    first = row_for(Profile("a", "A B.V.", "1", "u"), now)
    second = row_for(Profile("b", "B B.V.", "2", "u"), now)
    counts = RowCounts.of([first, second])
    assert counts.rows == 2 and counts.by_status() == {"unchecked": 2}
    checked = Profile("a", "A B.V.", "1", "u")
    checked.status = "problems"
    counts.remove(first)
    counts.add(row_for(checked, now))
    assert counts.by_status() == {"problems": 1, "unchecked": 1}
    assert counts == RowCounts.of([row_for(checked, now), second])


async def test_counts_after_a_check_of_a_filtered_view_equal_a_fresh_count(
    demo_app: App,
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"bv", "enter")
        table = screen.query_one(EmployerTable)
        shown_before = set(table.slugs)
        assert 0 < len(shown_before) < 9
        await pilot.press("a")
        await wait_idle(pilot, screen)
        assert set(table.slugs) == shown_before, "the rows checked stay in the view"
        assert table.counts == RowCounts.of(screen.rows[slug] for slug in table.slugs)
        assert table.counts.statuses["unchecked"] == 0
        assert summary_text(screen) == fresh_summary(screen)
        assert "problemen" in summary_text(screen)


async def test_a_filter_typed_during_a_check_gains_the_rows_that_come_to_match(
    demo_app: App,
) -> None:
    # The check's saves wait until the filter is typed: it is typed while the check runs.
    store = demo_app.runtime.store
    typed = threading.Event()
    update = store.update

    def after_the_filter(slug, change):  # type: ignore[no-untyped-def]
        typed.wait(10)
        return update(slug, change)

    store.update = after_the_filter  # type: ignore[method-assign]
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("a")
        await pilot.press("slash", *"problemen", "enter")
        assert screen.checking and screen.query_one(EmployerTable).row_count == 0
        typed.set()
        await wait_idle(pilot, screen)
        table = screen.query_one(EmployerTable)
        expected = {row.slug for row in filter_rows(screen.rows.values(), "problemen", "nl")}
        assert set(table.slugs) == expected
        assert expected == {
            "hoveniersbedrijf-groenrijk-bv",
            "installatiebedrijf-van-der-meer-bv",
            "transportbedrijf-de-wit-en-zonen-bv",
        }
        summary = summary_text(screen)
        assert summary == fresh_summary(screen)
        assert "3 van 9" in summary and "3 problemen" in summary
        assert screen.query_one("#filter", Input).value == "problemen"


async def test_results_in_batches_keep_the_counts_of_a_long_list(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(EmployerTable)
        slugs = list(table.slugs)
        for slug, status in zip(slugs, ("ready", "problems", "error", "ready"), strict=False):
            screen.take_result(result(screen, slug, status))
        screen.flush_results()
        assert table.counts == RowCounts.of(screen.rows[slug] for slug in table.slugs)
        assert table.counts.by_status() == {
            "ready": 2,
            "problems": 1,
            "error": 1,
            "unchecked": len(slugs) - 4,
        }
        assert summary_text(screen) == fresh_summary(screen)
        screen.take_result(result(screen, slugs[0], "problems"))  # the same row again
        screen.flush_results()
        assert table.counts.by_status()["problems"] == 2
        assert table.counts.by_status()["ready"] == 1
        assert summary_text(screen) == fresh_summary(screen)


async def test_the_pane_is_rebuilt_only_for_the_employer_it_shows(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.pause(0.1)
        table = screen.query_one(EmployerTable)
        pane = screen.query_one(ChecklistPane)
        selected = table.selected_slug
        assert selected is not None and pane.profile is not None
        shown: list[str | None] = []
        show = pane.show

        def recording(profile, lang, ascii_only):  # type: ignore[no-untyped-def]
            shown.append(profile.slug if profile is not None else None)
            show(profile, lang, ascii_only)

        pane.show = recording  # type: ignore[method-assign]
        others = [slug for slug in table.slugs if slug != selected]
        for slug in others[:3]:
            screen.take_result(result(screen, slug, "ready"))
        screen.flush_results()
        assert shown == [], "results of other employers leave the pane alone"
        screen.take_result(result(screen, others[3], "ready"))
        new = result(screen, selected, "problems")
        screen.take_result(new)
        screen.flush_results()
        assert shown == [selected]
        assert pane.profile is new.profile
        assert pane.profile.status == "problems"


async def test_the_dashboards_check_saves_on_its_own_few_threads(demo_app: App) -> None:
    """Every saving thread is one more the UI thread waits behind for the interpreter lock:
    the dashboard's check writes its results on ``SAVE_THREADS`` threads, fewer than the CLI."""
    from tui.checks.checker import SAVE_THREADS as CLI_SAVE_THREADS
    from tui.screens.dashboard_check import SAVE_THREADS

    assert SAVE_THREADS < CLI_SAVE_THREADS
    store = demo_app.runtime.store
    threads: set[str] = set()
    update = store.update

    def recording(slug, change):  # type: ignore[no-untyped-def]
        threads.add(threading.current_thread().name)
        return update(slug, change)

    store.update = recording  # type: ignore[method-assign]
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("a")
        await wait_idle(pilot, screen)
        assert all(row.status != "unchecked" for row in screen.rows.values())
    assert threads and len(threads) <= SAVE_THREADS
    assert all(name.startswith("koppelaar-save") for name in threads)


async def test_rows_that_come_to_match_are_placed_in_order_without_a_refill(
    make_app: AppFactory,
) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"problemen", "enter")
        table = screen.query_one(EmployerTable)
        assert len(table.slugs) == 3
        refills: list[int] = []
        refill = screen.refill

        def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
            refills.append(1)
            refill(*args, **kwargs)

        screen.refill = counting  # type: ignore[method-assign]
        newcomers = [slug for slug in screen.rows if slug not in table.slugs]
        for reverse in (False, True):
            if reverse:
                screen.sort_reverse = True
                screen.set_headers()
                refill()
            table.move_cursor(row=1)
            cursor_on = table.selected_slug
            batch, newcomers = newcomers[:2], newcomers[2:]
            for slug in batch:
                screen.take_result(result(screen, slug, "problems"))
            screen.take_result(result(screen, newcomers.pop(), "ready"))  # stays out
            screen.flush_results()
            assert table.slugs == [row.slug for row in screen.visible_rows()]
            assert set(batch) <= set(table.slugs)
            assert table.selected_slug == cursor_on, "the cursor stays on its employer"
            assert table.counts == RowCounts.of(screen.rows[slug] for slug in table.slugs)
            assert summary_text(screen) == fresh_summary(screen)
        assert refills == [], "rows are placed, not the table filled again"


async def test_during_a_check_the_pane_follows_the_resting_cursor_with_a_read_off_the_ui_thread(
    demo_app: App,
) -> None:
    # The check's saves wait until the cursor has moved and the pane followed it.
    store = demo_app.runtime.store
    moved = threading.Event()
    update, load = store.update, store.load
    loads: list[tuple[str, str]] = []

    def held(slug, change):  # type: ignore[no-untyped-def]
        moved.wait(10)
        return update(slug, change)

    def counted(slug):  # type: ignore[no-untyped-def]
        loads.append((slug, threading.current_thread().name))
        return load(slug)

    store.update = held  # type: ignore[method-assign]
    store.load = counted  # type: ignore[method-assign]
    try:
        async with demo_app.run_test(size=SIZE) as pilot:
            screen = await loaded(pilot)
            table = screen.query_one(EmployerTable)
            pane = screen.query_one(ChecklistPane)
            await pilot.press("a")
            assert screen.checking
            loads.clear()
            start = table.cursor_row
            passed = {table.slugs[start + 1], table.slugs[start + 2]}
            # Two keys back to back, as a terminal's input thread hands them over (the pilot's
            # press waits after each key, on a busy machine past the pane's delay).
            driver = demo_app._driver
            assert driver is not None
            for _ in range(2):
                driver.send_message(events.Key("down", None))
            for _ in range(100):
                await pilot.pause(0.05)
                wanted = table.selected_slug
                if table.cursor_row == start + 2 and pane.profile and pane.profile.slug == wanted:
                    break
            assert table.cursor_row == start + 2
            wanted = table.selected_slug
            assert pane.profile is not None and pane.profile.slug == wanted
            assert loads and loads[-1][0] == wanted, loads
            assert {slug for slug, _ in loads} <= passed, "read only where the cursor went"
            assert all(thread != "MainThread" for _, thread in loads), loads
            assert screen.checking, "all of it while the check ran"
            moved.set()
            await wait_idle(pilot, screen)
    finally:
        moved.set()
