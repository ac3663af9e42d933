"""The employer table redraws only the rows whose results came in, and shows every update,
on screen at once or when the row is scrolled into view; long lists fill in chunks."""

from __future__ import annotations

from pathlib import Path

from tests.tui.test_dashboard import SIZE, loaded
from tests.tui.test_hostile import screen_lines
from tui.app import KoppelaarApp
from tui.config import Paths, Settings
from tui.model import Profile
from tui.runtime import Runtime
from tui.secrets import SecretStore
from tui.store import ProfileStore
from tui.ui_state import row_for
from tui.widgets.employer_table import FIRST_ROWS, EmployerTable

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
        assert table.row_count + table.pending == COUNT
        for _ in range(50):
            if table.row_count == COUNT:
                break
            await pilot.pause(0.02)
        assert table.row_count == COUNT, "the rest of a long list never arrived"
        assert FIRST_ROWS < COUNT
        before = "\n".join(screen_lines(app))
        assert "niet gecontroleerd" in before or "nieuw" in before
        updated = []
        for slug in ("w000", "w250"):
            profile = screen.profiles[slug]
            profile.status = "problems"
            updated.append(row_for(profile, screen.now()))
        assert table.update_rows(updated, "nl", True, screen.now()) == []
        await pilot.pause(0.05)
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
