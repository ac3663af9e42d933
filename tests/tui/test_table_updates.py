"""The employer table redraws only the rows whose results came in, and shows every update,
on screen at once or when the row is scrolled into view; a long list is there at once."""

from __future__ import annotations

from pathlib import Path

from tests.tui.test_dashboard import SIZE, loaded
from tests.tui.test_hostile import screen_lines
from tui.app import KoppelaarApp
from tui.config import Paths, Settings
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.runtime import Runtime
from tui.screens.dashboard_view import row_for
from tui.secrets.store import SecretStore
from tui.widgets.checklist_pane import ChecklistPane
from tui.widgets.employer_table import EmployerTable

COUNT = 300


def bulk_app(tmp_path: Path) -> KoppelaarApp:
    store = ProfileStore(tmp_path / "profiles")
    for n in range(COUNT):
        profile = Profile(f"w{n:03d}", f"Werkgever {n:03d} B.V.", str(10000 + n), "u")
        store.save(profile, create=True)
    runtime = Runtime(
        paths=Paths(store.directory, tmp_path / "c.toml", tmp_path),
        settings=Settings(),
        secrets=SecretStore("session"),
    )
    return KoppelaarApp(runtime, ascii_glyphs=True)


async def test_updates_show_on_screen_and_when_scrolled_into_view(tmp_path: Path) -> None:
    app = bulk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(EmployerTable)
        assert table.row_count == COUNT
        await pilot.pause(0.05)
        drawn: list[str] = []
        draw = table._row_strip

        def counting(row):  # type: ignore[no-untyped-def]
            if row.slug not in table._strips:
                drawn.append(row.slug)
            return draw(row)

        table._row_strip = counting  # type: ignore[method-assign]
        before = "\n".join(screen_lines(app))
        assert "niet gecontroleerd" in before or "nieuw" in before
        updated = []
        for slug in ("w000", "w250"):
            profile = app.runtime.store.load(slug)
            profile.status = "problems"
            updated.append(row_for(profile, screen.now()))
        # a moment later on the same day: no reason to draw the other rows again
        later = screen.now().replace(microsecond=1)
        assert table.update_rows(updated, "nl", True, later) == []
        await pilot.pause(0.05)
        assert drawn == ["w000"], "only the changed row on screen is drawn again"
        top = [line for line in screen_lines(app) if "Werkgever 000" in line]
        assert top and "problemen" in top[0]
        untouched = [line for line in screen_lines(app) if "Werkgever 001" in line]
        assert untouched and "problemen" not in untouched[0]
        table.move_cursor(row=table.get_row_index("w250"))
        await pilot.pause(0.05)
        far = [line for line in screen_lines(app) if "Werkgever 250" in line]
        assert far and "problemen" in far[0]
        neighbour = [line for line in screen_lines(app) if "Werkgever 249" in line]
        assert neighbour and "problemen" not in neighbour[0]


async def test_keys_move_the_cursor_and_keep_it_in_view(tmp_path: Path) -> None:
    app = bulk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(EmployerTable)
        table.focus()
        await pilot.pause(0.05)
        assert table.selected_slug == "w000"
        await pilot.press("down", "down")
        assert table.selected_slug == "w002"
        shown = table.scrollable_content_region.height - 1  # rows below the header
        await pilot.press("pagedown")
        assert table.cursor_row == 2 + shown
        await pilot.press("end")
        await pilot.pause(0.05)
        assert table.selected_slug == f"w{COUNT - 1:03d}"
        assert any(f"Werkgever {COUNT - 1:03d}" in line for line in screen_lines(app))
        await pilot.press("home")
        await pilot.pause(0.05)
        assert table.cursor_row == 0 and table.scroll_y == 0
        await pilot.press("up")  # stays on the first row
        assert table.cursor_row == 0
        await pilot.pause(0.3)
        assert screen.query_one(ChecklistPane).profile is not None
        assert screen.query_one(ChecklistPane).profile.slug == "w000"


async def test_mouse_selects_a_row_and_sorts_by_a_header(tmp_path: Path) -> None:
    app = bulk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(EmployerTable)
        await pilot.pause(0.05)
        await pilot.click(EmployerTable, offset=(3, 4))  # the header is line 0
        await pilot.pause(0.05)
        assert table.selected_slug == "w003"
        await pilot.pause(0.3)
        assert screen.query_one(ChecklistPane).profile.slug == "w003"
        id_column = table.widths["name"] + 2 + 1
        await pilot.click(EmployerTable, offset=(id_column, 0))
        await pilot.pause(0.05)
        assert screen.sort_column == "werkgever_id" and not screen.sort_reverse
        await pilot.click(EmployerTable, offset=(id_column, 0))
        await pilot.pause(0.05)
        assert screen.sort_reverse
        assert table.slugs[0] == f"w{COUNT - 1:03d}"  # werkgever IDs 10000 + n, reversed
