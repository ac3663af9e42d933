"""The footer (``KeyFooter``, one line of text): the keys in force, Escape only while it does
something, the palette's key at the right edge, a click runs the key it lands on, ASCII
terminals get no box-drawing border."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import AppFactory
from tests.tui.test_dashboard import SIZE, loaded
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen
from tui.widgets.key_footer import KeyFooter


def footer_line(screen: object) -> str:
    assert isinstance(screen, DashboardScreen)
    return screen.query_one(KeyFooter).render().plain


async def test_the_line_fills_the_width_with_the_palette_at_the_right(
    make_app: AppFactory,
) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        line = footer_line(app.screen)
        assert len(line) == SIZE[0]
        assert line.endswith("▏^p Commands")
        assert line.startswith("/ Filter n Add e Edit c Check")
        assert "esc" not in line  # Escape does nothing yet


async def test_escape_shows_while_a_filter_is_set_and_goes_when_it_is_cleared(
    make_app: AppFactory,
) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"bakkerij")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "bakkerij"
        assert "esc Cancel" in footer_line(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert "esc" not in footer_line(app.screen)


async def test_a_click_on_a_key_runs_it(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        line = footer_line(app.screen)
        column = line.index("? Help")
        assert await pilot.click(KeyFooter, offset=(column + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_key_under_the_mouse_is_marked_and_unmarked_when_it_leaves(
    make_app: AppFactory,
) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        footer = app.screen.query_one(KeyFooter)
        plain_line = footer.render()
        column = plain_line.plain.index("e Edit")
        await pilot.hover(KeyFooter, offset=(column + 3, 0))
        await pilot.pause()
        assert footer.hovered == "e"
        marked = footer.render()
        assert marked.plain == plain_line.plain
        assert marked.spans != plain_line.spans  # drawn otherwise, same text
        await pilot.hover("#employers", offset=(2, 2))
        await pilot.pause()
        assert footer.hovered is None


async def test_a_click_between_keys_does_nothing(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        line = footer_line(screen)
        gap = line.index("▏") - 1
        assert line[gap] == " "
        await pilot.click(KeyFooter, offset=(gap, 0))
        await pilot.pause()
        assert app.screen is screen


async def test_an_ascii_terminal_gets_no_border_before_the_palette(
    make_app: AppFactory,
) -> None:
    app = make_app(lang="en", ascii_glyphs=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        line = footer_line(app.screen)
        assert line.isascii(), line
        assert line.endswith(" ^p Commands")
