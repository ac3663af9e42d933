"""The check's progress line: a bar drawn in text, in proportion, in ASCII where asked."""

from __future__ import annotations

from tests.tui.test_checks import wait_idle
from tests.tui.test_dashboard import SIZE, loaded
from tui.widgets.check_progress import BAR_WIDTH, CheckProgress, progress_bar


def test_the_bar_fills_in_proportion() -> None:
    assert progress_bar(0, 500, ascii_only=True).plain == "-" * BAR_WIDTH
    assert progress_bar(250, 500, ascii_only=True).plain == "#" * 10 + "-" * 10
    assert progress_bar(500, 500, ascii_only=False).plain == "━" * BAR_WIDTH
    assert progress_bar(9, 0, ascii_only=True).plain == "#" * BAR_WIDTH
    assert len(progress_bar(7, 3, ascii_only=False).plain) == BAR_WIDTH  # never wider


async def test_the_line_shows_while_checking_and_goes_after(demo_app) -> None:  # type: ignore[no-untyped-def]
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        progress = screen.query_one(CheckProgress)
        assert not progress.display
        await pilot.press("a")
        assert progress.display
        await pilot.pause(0.3)
        line = str(progress.render())
        assert "%" in line and "Controle:" in line and "/9" in line
        await wait_idle(pilot, screen)
        assert not progress.display
