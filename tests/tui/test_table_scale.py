"""The employer table at provider scale (10,000 employers on 100 accounts): filter, sort,
selection and scrolling work as with a few, and the cursor stays in view."""

from __future__ import annotations

from pathlib import Path

from tests.tui.test_dashboard import SIZE, loaded
from tui.app import KoppelaarApp
from tui.config import Paths, Settings
from tui.runtime import Runtime
from tui.secrets.store import SecretStore
from tui.widgets.employer_table import EmployerTable

ACCOUNTS, PER_ACCOUNT = 100, 100


def provider_app(tmp_path: Path) -> KoppelaarApp:
    directory = tmp_path / "profiles"
    directory.mkdir(mode=0o700)
    for account in range(ACCOUNTS):
        for index in range(PER_ACCOUNT):
            number = 100000 + account * 1000 + index
            path = directory / f"p-{number}.toml"
            path.write_text(
                f'schema = 1\n\n[employer]\nname = "Bedrijf {account:03d} {index + 1:04d} B.V."\n'
                f'werkgever_id = "{number}"\n\n[account]\nusername = "xs-acct-{account:03d}"\n',
                encoding="utf-8",
            )
            path.chmod(0o600)
    runtime = Runtime(
        paths=Paths(directory, tmp_path / "c.toml", tmp_path),
        settings=Settings(),
        secrets=SecretStore("session"),
    )
    return KoppelaarApp(runtime, ascii_glyphs=True)


def cursor_in_view(table: EmployerTable) -> bool:
    top = round(table.scroll_y)
    return top <= table.cursor_row < top + table.scrollable_content_region.height - 1


async def test_ten_thousand_rows_scroll_filter_sort_and_select(tmp_path: Path) -> None:
    app = provider_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(EmployerTable)
        assert table.row_count == ACCOUNTS * PER_ACCOUNT
        assert table.selected_slug == "p-100000"
        await pilot.press("pagedown", "pagedown", "down")
        assert table.cursor_row > 2 and cursor_in_view(table)
        await pilot.press("end")
        await pilot.pause()
        assert table.selected_slug == "p-199099" and cursor_in_view(table)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"xs-acct-042")
        await pilot.pause()
        # account 42's employers; the cursor on the first, in view
        assert table.row_count == PER_ACCOUNT
        assert table.selected_slug == "p-142000"
        assert round(table.scroll_y) == 0 and cursor_in_view(table)
        summary = str(screen.query_one("#summary").render())
        assert "100 van 10000" in summary
        await pilot.press("enter")  # back to the table
        await pilot.press("down", "down")
        assert table.selected_slug == "p-142002"
        screen.query_one("#filter").value = ""  # type: ignore[attr-defined]
        await pilot.pause()
        assert table.row_count == ACCOUNTS * PER_ACCOUNT
        assert table.selected_slug == "p-142002" and cursor_in_view(table)
        await pilot.press("s")  # name, descending
        await pilot.pause()
        assert table.slugs[0] == "p-199099" and table.slugs[-1] == "p-100000"
        # a new order starts at its top, as with a few rows
        assert table.selected_slug == "p-199099" and cursor_in_view(table)
