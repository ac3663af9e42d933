"""Regenerate the SVG screenshots in ``screenshots/`` from a demo run with checks completed.

    .venv/bin/python scripts/screenshots.py

Dashboard, checklist with failures, edit form with validation errors, help (its text and its
key table, built from the bindings), the submit preview (password masked) and Herstel (plan and
result), in Dutch and English, at 100x32. Runs the demo world (simulator on 127.0.0.1, demo
profiles in a temporary copy): nothing outside ``screenshots/`` is written.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.widgets import Input  # noqa: E402

from tui.app import KoppelaarApp, Services  # noqa: E402
from tui.cli.commands.demo import demo_world  # noqa: E402
from tui.config import Paths, Settings  # noqa: E402
from tui.runtime import Runtime  # noqa: E402
from tui.screens.dashboard import DashboardScreen  # noqa: E402
from tui.screens.repair import RepairScreen  # noqa: E402
from tui.screens.submit import SubmitScreen  # noqa: E402
from tui.widgets.employer_table import EmployerTable  # noqa: E402

OUT = ROOT / "screenshots"
SIZE = (100, 32)


async def shoot(lang: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Runtime(
            Paths(Path(tmp) / "profiles", Path(tmp) / "config.toml", Path(tmp)),
            Settings(language=lang),
            language=lang,
        )
        with demo_world(base) as (demo, url):
            app = KoppelaarApp(demo, Services(simulator_url=url), ascii_glyphs=False)
            async with app.run_test(size=SIZE) as pilot:
                screen = app.screen
                while not (isinstance(screen, DashboardScreen) and screen.loaded):
                    await pilot.pause(0.05)
                    screen = app.screen
                await pilot.press("a")
                await pilot.pause(0.2)
                while screen.checking:
                    await pilot.pause(0.1)
                await pilot.pause(4)  # let the notifications fade
                app.save_screenshot(f"dashboard-{lang}.svg", str(OUT))
                table = screen.query_one(EmployerTable)
                table.move_cursor(row=table.get_row_index("installatiebedrijf-van-der-meer-bv"))
                await pilot.press("tab")
                await pilot.pause(0.2)
                app.save_screenshot(f"checklist-failures-{lang}.svg", str(OUT))
                await pilot.press("tab", "e")
                form = app.screen
                form.query_one("#werkgever_id", Input).value = "ADM-2041"
                await pilot.press("ctrl+s")
                await pilot.pause(0.2)
                app.save_screenshot(f"edit-form-{lang}.svg", str(OUT))
                await pilot.press("escape")  # edits typed: the form asks first
                await pilot.pause(0.1)
                await pilot.press("j")
                await pilot.pause(0.1)
                await pilot.press("question_mark")
                await pilot.pause(0.2)
                app.save_screenshot(f"help-{lang}.svg", str(OUT))
                app.screen.query_one("#help-body").scroll_end(animate=False)
                await pilot.pause(0.2)
                app.save_screenshot(f"help-keys-{lang}.svg", str(OUT))
                await pilot.press("escape")
                table.move_cursor(row=table.get_row_index("bakkerij-de-gouden-korst-bv"))
                await pilot.press("v")
                while not (isinstance(app.screen, SubmitScreen) and app.screen.draft):
                    await pilot.pause(0.05)
                # The password line in view, masked as it is by default.
                app.screen.query_one("#submit-preview").scroll_to(y=9, animate=False)
                await pilot.pause(0.2)
                app.save_screenshot(f"submit-preview-{lang}.svg", str(OUT))
                await pilot.press("escape")
                await pilot.pause(0.2)
                await pilot.press("H")  # Herstel: every employer not ready, as beheer-demo
                repair = app.screen
                assert isinstance(repair, RepairScreen)
                while repair.running or not repair.plans:
                    await pilot.pause(0.05)
                await pilot.pause(0.2)
                app.save_screenshot(f"repair-plan-{lang}.svg", str(OUT))
                await pilot.press("ctrl+s", "y")
                while not repair.applied:
                    await pilot.pause(0.05)
                await pilot.pause(4)
                app.save_screenshot(f"repair-done-{lang}.svg", str(OUT))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for lang in ("nl", "en"):
        asyncio.run(shoot(lang))
    for path in sorted(OUT.glob("*.svg")):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
