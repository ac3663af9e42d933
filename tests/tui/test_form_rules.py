"""The edit form judges what is typed by the rules CSV import, the checker and the CLI use
(``tui.profiles.fields``): it took full-width digits the checker refused, and refused the GUID
forms (braces, no dashes) the checker accepts."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import AppFactory
from tests.tui.test_dashboard import SIZE, loaded
from tui.screens.dashboard import DashboardScreen
from tui.screens.profile_form import ProfileFormScreen

GUID = "{B14ACD0D-75D7-4FC8-8B22-4A3924585CAB}"


async def test_the_form_saves_a_guid_in_lokets_braced_form(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, ProfileFormScreen)
        form.query_one("#name", Input).value = "Fietsenmakerij De Spaak B.V."
        form.query_one("#werkgever_id", Input).value = GUID
        form.query_one("#username", Input).value = "xs-despaak"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert isinstance(app.screen, DashboardScreen)
    assert app.runtime.store.load("fietsenmakerij-de-spaak-bv").werkgever_id == GUID


async def test_the_form_refuses_full_width_digits_and_says_so_in_english(
    make_app: AppFactory,
) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        form = app.screen
        form.query_one("#name", Input).value = "Test B.V."
        form.query_one("#werkgever_id", Input).value = "\uff12\uff10\uff17\uff12\uff10"
        form.query_one("#username", Input).value = "xs-" + "u" * 2001
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProfileFormScreen)
        id_error = str(form.query_one("#werkgever_id-error").render())
        assert "A werkgever ID is a number (e.g. 20720) or a GUID." in id_error
        user_error = str(form.query_one("#username-error").render())
        assert "Too long: at most 2000 characters." in user_error
        assert not app.runtime.store.exists("test-bv")


async def test_discover_refuses_a_username_the_form_would_refuse(make_app: AppFactory) -> None:
    from tests.tui.test_submit import until
    from tui.screens.discover import DiscoverScreen

    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, DiscoverScreen))
        screen = app.screen
        assert isinstance(screen, DiscoverScreen)
        screen.query_one("#username", Input).value = "two words"
        screen.fetch()
        await pilot.pause()
        error = screen.query_one(f"#{screen.ERROR_ID}")
        assert error.display and "A username has no spaces." in str(error.render())
        assert not screen.busy
