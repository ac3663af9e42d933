"""Issue 15, finding 6: a resource version Loket.nl will retire is noted in the TUI header,
and the checklist pane says what each status rests on."""

from __future__ import annotations

from tests.tui.conftest import AppFactory
from tests.tui.test_dashboard import SIZE, loaded
from tui.screens.dashboard_view import checklist_view
from tui.widgets.checklist_pane import ChecklistPane


async def test_header_notes_a_retiring_version(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "2027" not in app.title
        app.note_retiring(["2027-06-01", "2027-03-01"])
        await pilot.pause()
        assert app.title.endswith("Loket.nl stopt 2027-03-01 met een gebruikte versie")


async def test_pane_says_the_basis_in_words(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        pane = screen.query_one(ChecklistPane)
        profile = app.runtime.store.load("bakkerij-de-gouden-korst-bv")
        views = {view.id: view for view in checklist_view(profile, "nl")}
        assert views["account.active"].basis == "loket"
        assert views["account.right.hrm"].basis == "model"
        assert views["employer.id_format"].basis == "local"
        prompt = pane._prompt(views["account.right.hrm"], "nl", False).plain
        assert "(afgeleid uit het autorisatiemodel)" in prompt
        prompt = pane._prompt(views["account.active"], "en", False).plain
        assert "(source: Loket.nl)" in prompt
