"""The dashboard holds rows, not profiles (issue 19): a row is never older than its file, the
selected employer's profile is read from its file, and an action over all rows still gets
every profile, as it is now."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.tui.conftest import AppFactory
from tests.tui.test_dashboard import SIZE, loaded
from tests.tui.test_hostile import screen_lines
from tests.tui.test_issue17 import select
from tests.tui.test_submit import until
from tui.app import KoppelaarApp
from tui.checks import checker as checker_module
from tui.profiles.model import Profile
from tui.profiles.rows import RowsResult
from tui.profiles.store import INDEX_NAME, ProfileStore
from tui.screens import dashboard as dashboard_module
from tui.screens.dashboard import DashboardScreen
from tui.screens.submit_batch import BatchSubmitScreen
from tui.text.ui import ui
from tui.widgets.checklist_pane import ChecklistPane

VAN_DER_MEER = "installatiebedrijf-van-der-meer-bv"
HELDER = "schoonmaakbedrijf-helder-bv"


def rename_on_disk(app: KoppelaarApp, slug: str, name: str) -> None:
    """Another program (or a text editor) changes the file: its inode stays."""
    path = app.runtime.store.path_for(slug)
    text = path.read_text()
    old = app.runtime.store.load(slug).name
    path.write_text(text.replace(f'name = "{old}"', f'name = "{name}"'))


async def test_a_profile_changed_on_disk_since_the_index_shows_its_current_row(
    make_app: AppFactory,
) -> None:
    app = make_app(checked=True)
    store = app.runtime.store
    store.load_rows()  # the index holds every file
    assert (store.directory / INDEX_NAME).exists()
    rename_on_disk(app, VAN_DER_MEER, "Van der Meer Techniek B.V.")
    ProfileStore(store.directory).update(HELDER, lambda p: setattr(p, "status", "problems"))
    app.runtime.start_loading_profiles()  # as a start does, beside the imports
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.rows[VAN_DER_MEER].name == "Van der Meer Techniek B.V."
        assert screen.rows[HELDER].status == "problems"
        assert any("Van der Meer Technie~" in line for line in screen_lines(app))  # its column


async def test_the_selected_employer_is_read_from_its_file_as_it_is_now(
    make_app: AppFactory,
) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.rows[VAN_DER_MEER].status == "problems"
        # changed by another Koppelaar (a CLI check, say) after this one started
        ProfileStore(app.runtime.store.directory).update(
            VAN_DER_MEER, lambda p: setattr(p, "notes", "gebeld met de boekhouder")
        )
        rename_on_disk(app, VAN_DER_MEER, "Van der Meer Techniek B.V.")
        screen = await select(pilot, VAN_DER_MEER)
        shown = screen.selected_profile()
        assert shown is not None and shown.notes == "gebeld met de boekhouder"
        pane = screen.query_one(ChecklistPane).profile
        assert pane is not None and pane.notes == "gebeld met de boekhouder"
        await pilot.pause()
        assert screen.rows[VAN_DER_MEER].name == "Van der Meer Techniek B.V."
        assert any("Van der Meer Techniek B.V." in line for line in screen_lines(app))


async def test_an_employer_whose_file_went_is_said_once_not_shown(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        app.runtime.store.path_for(VAN_DER_MEER).unlink()
        await select(pilot, VAN_DER_MEER)
        assert screen.selected_profile() is None
        screen.show_selected()
        said = [n for n in app._notifications if VAN_DER_MEER in str(n.message)]
        assert len(said) == 1
        await pilot.press("e")  # an action on it says why it cannot, not "choose one first"
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert sum(VAN_DER_MEER in text for text in said) == 2
        assert not any("Kies eerst een werkgever" in text for text in said)
        assert isinstance(app.screen, DashboardScreen)


async def test_check_all_gets_every_profile_as_it_is_now(
    demo_app: KoppelaarApp, monkeypatch
) -> None:
    given: list[Profile] = []
    check = checker_module.Checker.check_profiles

    async def recording(self, profiles, *args, read, **kwargs):  # type: ignore[no-untyped-def]
        def reading(slug: str) -> Profile | None:  # each as its turn comes
            profile = read(slug)
            if profile is not None:
                given.append(profile)
            return profile

        return await check(self, profiles, *args, read=reading, **kwargs)

    monkeypatch.setattr(checker_module.Checker, "check_profiles", recording)
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        ProfileStore(demo_app.runtime.store.directory).update(
            HELDER, lambda p: setattr(p, "notes", "na de start gewijzigd")
        )
        await pilot.press("a")
        await until(pilot, lambda: bool(given) and not screen.checking, limit=30)
        assert sorted(p.slug for p in given) == sorted(screen.rows)
        assert {p.slug: p.notes for p in given}[HELDER] == "na de start gewijzigd"
        assert all(row.status != "unchecked" for row in screen.rows.values())


async def test_submit_all_gets_every_profile(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, BatchSubmitScreen))
        batch = app.screen
        assert isinstance(batch, BatchSubmitScreen)
        assert sorted(p.slug for p in batch.profiles) == sorted(screen.rows)
        assert all(p.items for p in batch.profiles if p.status != "unchecked")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))


def test_rows_only_are_held(tmp_path: Path) -> None:
    """The dashboard's state: rows, and at most the selected employer's profile."""
    assert not hasattr(DashboardScreen(), "profiles")


@pytest.mark.parametrize(("delay", "first"), [(0.05, "rows"), (None, "loading")])
async def test_the_first_frame_waits_briefly_for_rows_being_read_and_no_longer(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, delay: float | None, first: str
) -> None:
    """Rows that arrive within ``ROWS_WAIT`` are in the first frame (no "loading" frame
    drawn first); a slower read shows "loading" and its rows when they come."""
    app = make_app(checked=True)
    future: Future[RowsResult] = Future()
    release = threading.Event()

    def read() -> None:
        release.wait(delay if delay is not None else 10)
        future.set_result(app.runtime.store.load_rows())

    monkeypatch.setattr(dashboard_module, "ROWS_WAIT", 0.5 if delay else 0.05)
    app.runtime._loading = future
    threading.Thread(target=read, daemon=True).start()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        summary = str(screen.query_one("#summary", Static).render())
        loading = ui("dash.loading", "nl")
        if first == "rows":
            assert screen.loaded and VAN_DER_MEER in screen.rows
            assert loading not in summary, summary
        else:
            assert not screen.loaded
            assert loading in summary, summary
            release.set()
            screen = await loaded(pilot)
            assert VAN_DER_MEER in screen.rows
