"""Hostile names from files and from Loket.nl: shown literally in the TUI, layout intact.

The strings come from ``tests.hardening.hostile`` (markup, ANSI and C1 escapes, zero-width and
right-to-left characters, newlines, 10,000 characters); the profiles hold them as names and
the simulator answers with them as company names.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hardening.hostile import (
    ANSI,
    CLIENT_ID,
    CLIENT_SECRET,
    HOSTILE_NAMES,
    HOSTILE_PASSWORD,
    HOSTILE_USER,
    forbidden_in,
    hostile_employer_numbers,
    hostile_scenario,
)
from tests.tui.test_checks import wait_idle
from tests.tui.test_dashboard import SIZE, loaded
from tui.app import KoppelaarApp
from tui.config import LoketSettings, Paths, Settings, replace
from tui.loket.simulator import create_app, serve_in_thread
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.runtime import Runtime
from tui.secrets.store import SecretKind, SecretStore
from tui.widgets.employer_table import EmployerTable


def screen_lines(app: KoppelaarApp) -> list[str]:
    """The text of each screen row, from the SVG screenshot."""
    svg = app.export_screenshot()
    rows: dict[str, list[str]] = {}
    pattern = r'<text class="[^"]*-r\d+"[^>]*\by="([\d.]+)"[^>]*>([^<]*)</text>'
    for y, text in re.findall(pattern, svg):
        rows.setdefault(y, []).append(html.unescape(text).replace("\xa0", " "))
    # a row filled to the last column carries the line's end in its last text: not a cell
    ordered = sorted(rows.items(), key=lambda kv: float(kv[0]))
    return ["".join(parts).removesuffix("\n") for _, parts in ordered]


@pytest.fixture
def hostile_app(tmp_path: Path) -> Iterator[KoppelaarApp]:
    store = ProfileStore(tmp_path / "profiles")
    numbers = hostile_employer_numbers()
    for kind, name in HOSTILE_NAMES.items():
        store.save(Profile(f"hostile-{kind}", name, str(numbers[kind]), HOSTILE_USER), create=True)
    secrets = SecretStore("session")
    secrets.set(SecretKind.LOKET_PASSWORD, HOSTILE_USER, HOSTILE_PASSWORD)
    with serve_in_thread(create_app(hostile_scenario())) as url:
        loket = LoketSettings(
            environment="custom",
            api_url=f"{url}/v2",
            oauth_url=f"{url}/oauth",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            grant="password",
        )
        runtime = Runtime(
            paths=Paths(store.directory, tmp_path / "config.toml", tmp_path),
            settings=replace(Settings(), loket=loket),
            secrets=secrets,
        )
        yield KoppelaarApp(runtime, ascii_glyphs=False)


async def test_hostile_names_are_shown_literally_and_the_layout_holds(
    hostile_app: KoppelaarApp,
) -> None:
    async with hostile_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("a")
        await wait_idle(pilot, screen, limit=30)
        assert hostile_app.is_running, "markup such as [@click=app.quit] must not run"
        table = screen.query_one(EmployerTable)
        assert table.row_count == len(HOSTILE_NAMES)
        seen: set[str] = set()
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            lines = screen_lines(hostile_app)
            assert len(lines) == SIZE[1], "every screen row is still one row"
            assert all(len(line) <= SIZE[0] for line in lines), "no row wider than the screen"
            for line in lines:
                assert forbidden_in(line) == [], f"raw control characters on screen: {line!r}"
            seen.update(lines)
        text = "\n".join(seen)
        # Markup is text, not style; escapes are visible, not interpreted.
        assert "[bold red]Vet[/]" in text or "[bold red]Vet[" in text
        assert "\\x1b[31mRood" in text
        assert "\\u202e" in text
        assert "\\u200b" in text
        # The footer and the summary line are still where they belong.
        assert "Filter" in lines[-1]
        assert str(len(HOSTILE_NAMES)) in lines[-2]
        assert ANSI not in text


async def test_notifications_show_markup_literally(hostile_app: KoppelaarApp) -> None:
    async with hostile_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        name = HOSTILE_NAMES["markup"]
        screen.notify(f"Verwijderd: {name}")  # a screen passes markup=True
        await pilot.pause(0.1)
        assert hostile_app.is_running
        notes = list(hostile_app._notifications)
        assert notes, "no notification was made"
        assert all(not note.markup for note in notes), "a notification would parse markup"
        assert any(name in note.message for note in notes)
