"""Pilot tests of the dashboard at 80x24: filter, sort, language, manual items, forms."""

from __future__ import annotations

import time
import tomllib
from datetime import timedelta

from textual.widgets import Input

from tests.tui.conftest import FIXED_NOW, AppFactory
from tui.screens.confirm import ConfirmScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.profile_form import ProfileFormScreen
from tui.secrets.store import SecretKind
from tui.widgets.checklist_pane import ChecklistPane
from tui.widgets.employer_table import EmployerTable

SIZE = (80, 24)


def table_slugs(app) -> list[str]:
    table = app.screen.query_one(EmployerTable)
    return table.slugs


async def loaded(pilot, seconds: float = 10.0) -> DashboardScreen:
    """The dashboard once its rows are in (returns as soon as they are: the limit is for a
    busy machine, e.g. 10,000 rows beside another test worker)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        screen = pilot.app.screen
        if isinstance(screen, DashboardScreen) and screen.loaded:
            return screen
    raise AssertionError(f"the dashboard did not load within {seconds} s")


async def test_filter_as_you_type(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert len(table_slugs(app)) == 9
        await pilot.press("slash", *"zwaan")
        assert table_slugs(app) == ["cafe-de-zwaan-vof"]
        summary = str(app.screen.query_one("#summary").render())
        assert "1 van 9 werkgevers" in summary
        await pilot.press("ctrl+u")
        assert len(table_slugs(app)) == 9


async def test_filter_matches_status_words(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"problemen")
        assert set(table_slugs(app)) == {
            "hoveniersbedrijf-groenrijk-bv",
            "installatiebedrijf-van-der-meer-bv",
            "transportbedrijf-de-wit-en-zonen-bv",
        }


async def test_sort_by_column_and_reverse(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert table_slugs(app)[0] == "bakkerij-de-gouden-korst-bv"
        await pilot.press("s")  # name, descending (issue 17: s sorts both ways)
        assert table_slugs(app)[0] == "transportbedrijf-de-wit-en-zonen-bv"
        await pilot.press("s")  # name descending -> werkgever ID ascending
        slugs = table_slugs(app)
        assert slugs[0] == "cafe-de-zwaan-vof"  # 18266
        assert slugs[-1] == "transportbedrijf-de-wit-en-zonen-bv"  # 100482
        app.screen.sort_by("werkgever_id")  # the same column again reverses
        await pilot.pause()
        assert table_slugs(app)[0] == "transportbedrijf-de-wit-en-zonen-bv"


async def test_summary_counts_per_status(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        summary = str(app.screen.query_one("#summary").render())
        assert "6 gereed" in summary
        assert "3 problemen" in summary


async def test_switch_language_is_remembered(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f3")
        await pilot.pause(0.2)
        assert app.language == "en"
        table = app.screen.query_one(EmployerTable)
        labels = [label.plain for label in table.labels.values()]
        assert labels[0].startswith("employer")
        summary = str(app.screen.query_one("#summary").render())
        assert "6 ready" in summary
        pane = app.screen.query_one(ChecklistPane)
        assert "Step 1: Loket.nl user" in str(pane.get_option_at_index(0).prompt)
        # Loket's right names stay verbatim in English
        prompts = " ".join(
            str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)
        )
        assert "Raadplegen beloningen" in prompts
        await app.workers.wait_for_complete()
    saved = tomllib.loads(app.runtime.paths.config_file.read_text())
    assert saved["language"] == "en"


async def test_confirm_and_unconfirm_a_manual_item(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        pane = app.screen.query_one(ChecklistPane)
        assert pane.has_focus
        pane.highlighted = pane.get_option_index("admin.rights")
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stored = app.runtime.store.load("bakkerij-de-gouden-korst-bv")
        assert stored.items["admin.rights"].status == "pass"
        assert stored.items["admin.rights"].confirmed_at is not None
        assert "bevestigd door u" in str(pane.get_option("admin.rights").prompt)
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stored = app.runtime.store.load("bakkerij-de-gouden-korst-bv")
        assert stored.items["admin.rights"].confirmed_at is None
        assert stored.items["admin.rights"].status == "manual"


async def test_checked_items_cannot_be_confirmed_by_hand(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        pane = app.screen.query_one(ChecklistPane)
        pane.highlighted = pane.get_option_index("account.active")
        await pilot.press("space")
        await pilot.pause()
        assert any("niet handmatig" in str(n.message) for n in app._notifications)


async def test_add_employer_with_password_in_the_secret_store(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, ProfileFormScreen)
        form = app.screen
        form.query_one("#name", Input).value = "Fietsenmakerij De Spaak B.V."
        form.query_one("#werkgever_id", Input).value = "44120"
        form.query_one("#username", Input).value = "xs-despaak"
        form.query_one("#password", Input).value = "Geheim-123!"
        assert form.query_one("#password", Input).password
        await pilot.press("ctrl+r")
        assert not form.query_one("#password", Input).password
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert isinstance(app.screen, DashboardScreen)
        assert "fietsenmakerij-de-spaak-bv" in table_slugs(app)
        assert app.screen.query_one(EmployerTable).selected_slug == "fietsenmakerij-de-spaak-bv"
    profile = app.runtime.store.load("fietsenmakerij-de-spaak-bv")
    assert (profile.werkgever_id, profile.username) == ("44120", "xs-despaak")
    assert app.runtime.secrets is not None
    assert app.runtime.secrets.get(SecretKind.LOKET_PASSWORD, "xs-despaak") == "Geheim-123!"
    text = app.runtime.store.path_for("fietsenmakerij-de-spaak-bv").read_text()
    assert "Geheim-123!" not in text


async def test_form_shows_validation_errors_inline(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        form = app.screen
        form.query_one("#name", Input).value = "Test B.V."
        form.query_one("#werkgever_id", Input).value = "ADM-2041"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProfileFormScreen)
        id_error = str(form.query_one("#werkgever_id-error").render())
        assert "administratienummer" in id_error
        assert "Verplicht" in str(form.query_one("#username-error").render())
        assert form.query_one("#werkgever_id", Input).has_class("invalid")
        # nothing typed is lost, nothing is written
        assert form.query_one("#werkgever_id", Input).value == "ADM-2041"
        assert not app.runtime.store.exists("test-bv")


async def test_edit_employer(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ProfileFormScreen)
        assert form.query_one("#werkgever_id", Input).value == "20720"
        form.query_one("#werkgever_id", Input).value = "20721"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert isinstance(app.screen, DashboardScreen)
    profile = app.runtime.store.load("bakkerij-de-gouden-korst-bv")
    assert profile.werkgever_id == "20721"
    assert profile.notes == "Bakkerij en banketbakkerij, 14 medewerkers."


async def test_delete_asks_first_and_moves_to_trash(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.runtime.store.exists("bakkerij-de-gouden-korst-bv")
        await pilot.press("delete")
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert "bakkerij-de-gouden-korst-bv" not in table_slugs(app)
    assert not app.runtime.store.exists("bakkerij-de-gouden-korst-bv")
    trash = list((app.runtime.paths.profiles_dir / ".trash").glob("bakkerij*.toml"))
    assert len(trash) == 1


async def test_help_on_f1_names_the_contacts(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f1")
        text = app.screen.plain_text
        assert "spa.inkomen@nn.nl" in text
        assert "api@loket.nl" in text
        assert "Raadplegen variabele gegevens" in text
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_overdue_submission_is_flagged(make_app: AppFactory) -> None:
    # the demo's Schoonmaakbedrijf Helder was sent on 2026-11-26 09:30; 15 days later:
    app = make_app(clock=lambda: FIXED_NOW + timedelta(days=12))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.rows["schoonmaakbedrijf-helder-bv"].overdue
        assert not screen.rows["kinderopvang-de-speeltuin-bv"].overdue
        summary = str(screen.query_one("#summary").render())
        assert "1 wacht > 14 dagen" in summary


async def test_ascii_glyphs(make_app: AppFactory) -> None:
    app = make_app(checked=True, ascii_glyphs=True)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        summary = str(app.screen.query_one("#summary").render())
        assert "+ 6 gereed" in summary
        assert "x 3 problemen" in summary
        assert not any(ord(ch) > 127 for ch in summary)


async def test_keys_typed_in_one_burst_after_slash_all_reach_the_filter(
    make_app: AppFactory,
) -> None:
    """A terminal delivers "/zwaan" pasted or typed fast as keys already queued when "/" runs:
    the filter must have focus before the next key is handled ("e" on the table opens the form)."""
    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for key, char in (("slash", "/"), *((c, c) for c in "bedrijf")):
            app.post_message(events.Key(key, char))
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one("#filter", Input).value == "bedrijf"
        await pilot.press("slash", "2")
        assert app.screen.query_one("#filter", Input).value == "bedrijf/2"
