"""Pilot tests of live checks against the simulator on a loopback port."""

from __future__ import annotations

from textual.app import App

from tests.index_helpers import assert_indexed
from tests.tui.test_dashboard import SIZE, loaded
from tui.gcpolicy import full_collections_deferred
from tui.screens.dashboard import DashboardScreen
from tui.screens.dashboard_check import FULL_COLLECTION_DELAY
from tui.widgets.check_progress import CheckProgress
from tui.widgets.checklist_pane import ChecklistPane


async def wait_idle(pilot, screen: DashboardScreen, limit: float = 15.0) -> None:
    for _ in range(int(limit / 0.05)):
        await pilot.pause(0.05)
        if not screen.checking:
            return
    raise AssertionError("the check never finished")


async def test_check_one(demo_app: App) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        screen.query_one("#employers").move_cursor(row=4)  # Installatiebedrijf Van der Meer
        await pilot.press("c")
        await wait_idle(pilot, screen)
        assert not screen.query_one(CheckProgress).display
        profile = screen.selected_profile()
        assert profile is not None and profile.slug == "installatiebedrijf-van-der-meer-bv"
        assert profile.status == "problems"
        assert screen.rows[profile.slug].status == "problems"
        assert profile.items["account.right.beloningen"].status == "fail"
        assert screen.rows["bakkerij-de-gouden-korst-bv"].status == "unchecked"
        pane = screen.query_one(ChecklistPane)
        highlighted = pane.highlighted_option
        assert highlighted is not None and highlighted.id == "account.right.beloningen"
        stored = demo_app.runtime.store.load("installatiebedrijf-van-der-meer-bv")
        assert stored.status == "problems"


async def test_check_all_shows_every_situation(demo_app: App) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("a")
        assert full_collections_deferred(), "no full collector pass while results stream in"
        await wait_idle(pilot, screen)
        status = {slug: row.status for slug, row in screen.rows.items()}
        assert status["bakkerij-de-gouden-korst-bv"] == "ready"
        assert status["installatiebedrijf-van-der-meer-bv"] == "problems"
        assert status["hoveniersbedrijf-groenrijk-bv"] == "problems"
        assert status["transportbedrijf-de-wit-en-zonen-bv"] == "problems"
        items = {p.slug: p.items for p in demo_app.runtime.store.load_all().profiles}
        assert items["hoveniersbedrijf-groenrijk-bv"]["account.active"].status == "fail"
        assert items["transportbedrijf-de-wit-en-zonen-bv"]["employer.id_found"].status == "fail"
        assert items["tandartspraktijk-zonnehof"]["account.two_factor"].status == "warn"
        assert items["cafe-de-zwaan-vof"]["account.dedicated"].status == "warn"
        assert status["drukkerij-het-anker-bv"] == "ready"  # despite 503s and 429s
        subs = {slug: row.submission for slug, row in screen.rows.items()}
        assert subs["kinderopvang-de-speeltuin-bv"] == "connected"
        assert subs["schoonmaakbedrijf-helder-bv"] == "sent"
        summary = str(screen.query_one("#summary").render())
        assert "3 problemen" in summary
        await pilot.pause(FULL_COLLECTION_DELAY + 0.2)
        assert not full_collections_deferred(), "full passes come back after the check"
        assert_indexed(demo_app.runtime.store.directory)


async def test_check_all_and_cancel_part_way(demo_app: App) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("a")
        for _ in range(200):
            await pilot.pause(0.01)
            if screen.check_done >= 1:
                break
        await pilot.press("escape")
        await wait_idle(pilot, screen)
        done = sum(1 for row in screen.rows.values() if row.status != "unchecked")
        assert 1 <= done < 9
        assert any("gestopt" in str(n.message) for n in demo_app._notifications)
        on_disk = demo_app.runtime.store.load_all().profiles
        assert sum(1 for p in on_disk if p.status != "unchecked") == done


async def test_cancel_right_after_the_start_is_honoured(demo_app: App) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("a", "escape")  # before the check's own thread may have begun
        await wait_idle(pilot, screen)
        assert any("gestopt" in str(n.message) for n in demo_app._notifications)
        assert sum(1 for row in screen.rows.values() if row.status != "unchecked") < 9


async def test_stored_findings_follow_a_language_switch(demo_app: App) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        screen.query_one("#employers").move_cursor(row=4)  # Installatiebedrijf Van der Meer
        await pilot.press("c")
        await wait_idle(pilot, screen)
        await pilot.pause(0.1)
        pane = screen.query_one(ChecklistPane)

        def pane_text() -> str:
            return " ".join(
                str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)
            )

        dutch = pane_text()
        assert 'Het recht "Raadplegen beloningen" ontbreekt' in dutch
        await pilot.press("f3")
        await pilot.pause(0.2)
        english = " ".join(
            str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)
        )
        assert 'The right "Raadplegen beloningen" is missing' in english
        assert "ontbreekt" not in english
    stored = demo_app.runtime.store.load("installatiebedrijf-van-der-meer-bv")
    record = stored.items["account.right.beloningen"]
    assert record.reason == "missing"
    assert record.params["right"] == "Raadplegen beloningen"


async def test_profiles_gone_or_broken_by_their_turn_are_passed_over_and_named(
    demo_app: App,
) -> None:
    """Each profile is read when its turn comes: one deleted and one broken after the rows
    were read are not checked, the total shrinks to what was, the broken file is named."""
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        directory = demo_app.runtime.store.directory
        (directory / "cafe-de-zwaan-vof.toml").unlink()
        (directory / "tandartspraktijk-zonnehof.toml").write_text("[employer\n", encoding="utf-8")
        await pilot.press("a")
        await wait_idle(pilot, screen)
        await pilot.pause(0.2)
        assert screen.check_total == 7
        messages = [str(n.message) for n in demo_app._notifications]
        unreadable = [m for m in messages if "tandartspraktijk-zonnehof" in m]
        assert len(unreadable) == 1, messages
        assert unreadable[0].startswith("Onleesbaar profiel overgeslagen: ")
        assert "Controle klaar: 7 werkgevers" in messages[-1], messages
        assert screen.rows["bakkerij-de-gouden-korst-bv"].status == "ready"
        assert screen.rows["tandartspraktijk-zonnehof"].status == "unchecked"
        assert screen.rows["cafe-de-zwaan-vof"].status == "unchecked"


async def test_an_unreadable_profile_at_start_is_named_in_the_screens_language(
    demo_app: App,
) -> None:
    directory = demo_app.runtime.store.directory
    (directory / "kapot.toml").write_text("[employer\n", encoding="utf-8")
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.pause()
        said = [str(n.message) for n in demo_app._notifications if "kapot.toml" in str(n.message)]
        assert len(said) == 1, said
        assert said[0].startswith("Onleesbaar profiel (niet gewijzigd): "), said
