"""Issue 17, the small behaviours, Pilot at 80x24: settings errors at the field, Esc in the
edit form asks, a changed werkgever ID forgets the old check, a profile saved without a
keyring shows at once, Right arrow reaches "Ja", the batch dialog checks its folder once and
says it is done, discovery takes the password in the app, secrets are masked in data only."""

from __future__ import annotations

from pathlib import Path

import keyring.backends.fail
from textual.widgets import Button, Checkbox, Input

from tests.tui.conftest import AppFactory
from tests.tui.test_dashboard import SIZE, loaded
from tests.tui.test_issue17 import notes, select
from tests.tui.test_submit import until, with_password
from tui.app import KoppelaarApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.discover import DiscoverScreen
from tui.screens.profile_form import ProfileFormScreen
from tui.screens.settings import SettingsScreen
from tui.screens.submit_batch import BatchSubmitScreen
from tui.secrets.store import SecretKind, SecretStore
from tui.widgets.employer_table import EmployerTable

VAN_DER_MEER = "installatiebedrijf-van-der-meer-bv"


async def test_bad_smtp_port_is_shown_at_the_field_with_focus(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        settings = app.screen
        settings.query_one("#smtp_port", Input).value = "70000"
        await pilot.press("ctrl+s")
        await pilot.pause()
        port = settings.query_one("#smtp_port", Input)
        assert app.focused is port
        assert port.has_class("invalid")
        error = settings.query_one("#smtp_port-error")
        assert error.display and "poort" in str(error.render()).lower()
        assert not settings.query_one("#settings-error").display


async def test_escape_in_edit_form_asks_before_dropping_edits(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        form = app.screen
        await pilot.press("escape")  # nothing typed: closes at once
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        form = app.screen
        form.query_one("#notes", Input).value = "belangrijk"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert app.screen is form
        assert form.query_one("#notes", Input).value == "belangrijk"
        await pilot.press("escape")
        await pilot.press("right")  # Right reaches "Ja"
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "yes", app.focused
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_changed_werkgever_id_forgets_the_old_check(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await select(pilot, VAN_DER_MEER)
        assert screen.rows[VAN_DER_MEER].status == "problems"
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        app.screen.query_one("#werkgever_id", Input).value = "31545"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.pause()
        stored = app.runtime.store.load(VAN_DER_MEER)
        assert (stored.status, stored.loket_id, stored.checked_at) == ("unchecked", None, None)
        assert all(r.confirmed_at for r in stored.items.values())
        assert screen.rows[VAN_DER_MEER].status == "unchecked"


async def test_profile_saved_without_keyring_shows_at_once(make_app: AppFactory) -> None:
    app = make_app()
    app.runtime.secrets = SecretStore("keyring", backend=keyring.backends.fail.Keyring())
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        form = app.screen
        for field, value in (("name", "Nieuw B.V."), ("werkgever_id", "12345"),
                             ("username", "xs-nieuw"), ("password", "Geheim-2026!")):  # fmt: skip
            form.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.query_one("#form-error").display)
        assert app.screen is form  # stays open with the password problem
        await until(pilot, lambda: "nieuw-bv" in screen.rows)
        assert "nieuw-bv" in screen.query_one(EmployerTable).slugs


async def test_batch_checks_folder_once_and_says_when_done(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(checked=True)
    for user in ("xs-goudenkorst", "xs-dezwaan", "xs-hetanker"):
        with_password(app, user, f"Demo-{user}-2026!")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, BatchSubmitScreen))
        batch = app.screen
        batch.query_one("#method-eml").value = True
        batch.query_one("#confirm-to", Checkbox).value = True
        batch.query_one("#eml-path", Input).value = str(tmp_path / "bestaat-niet")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(batch.query_one("#submit-error").render())
        assert "bestaat niet" in error and not batch.running and not batch.outcomes
        batch.query_one("#eml-path", Input).value = str(app.runtime.paths.data_dir / "outbox")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: batch.finished)
        assert not batch.query_one("#send", Button).display
        await pilot.press("ctrl+s")
        assert "Klaar" in str(batch.query_one("#submit-error").render())
        assert len(list((app.runtime.paths.data_dir / "outbox").glob("*.eml"))) == 3


async def test_discover_takes_the_password_in_the_app(demo_app: KoppelaarApp) -> None:
    store = demo_app.runtime.secrets
    assert store is not None
    store.delete(SecretKind.LOKET_PASSWORD, "xs-goudenkorst")
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(demo_app.screen, DiscoverScreen))
        screen = demo_app.screen
        screen.query_one("#username", Input).value = "xs-goudenkorst"
        screen.fetch()
        await until(pilot, lambda: not screen.busy, limit=20)
        error = str(screen.query_one("#discover-error").render())
        assert "typ het wachtwoord van xs-goudenkorst hierboven" in error.lower()
        screen.query_one("#discover-password", Input).value = "Demo-xs-goudenkorst-2026!"
        screen.fetch()
        assert screen.query_one("#discover-password", Input).value == ""
        await until(pilot, lambda: not screen.busy, limit=20)
        assert screen.result is not None and screen.result.entries
        assert store.get(SecretKind.LOKET_PASSWORD, "xs-goudenkorst") == "Demo-xs-goudenkorst-2026!"


def test_secrets_masked_in_data_not_in_the_apps_own_words() -> None:
    from tui.secrets.redact import redactor
    from tui.secrets.store import ProbeResult, ProbeStatus

    redactor.register("geheim")
    result = ProbeResult(ProbeStatus.NO_BACKEND, "keyring", "fail.Keyring")
    text = result.message("nl")
    assert "••••••en" not in text
    assert "eheimen" in text or "KOPPELAAR_SECRETS" in text
    leaked = ProbeResult(ProbeStatus.ERROR, "keyring", "x", context={"detail": "pw geheim"})
    assert "geheim" not in leaked.message("nl").replace("Geheimen", "")


async def test_first_real_start_shows_what_is_needed(tmp_path: Path) -> None:
    from tui.config import Paths, Settings
    from tui.runtime import Runtime
    from tui.screens.first_run import FirstRunScreen

    runtime = Runtime(
        Paths(tmp_path / "profiles", tmp_path / "config.toml", tmp_path),
        Settings(),
        secrets=SecretStore("session"),
    )
    app = KoppelaarApp(runtime)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FirstRunScreen))
        screen = app.screen
        await until(pilot, lambda: bool(screen.steps))
        by_key = {step.key: step for step in screen.steps}
        assert not by_key["client_id"].done and "api@loket.nl" in by_key["client_id"].how
        assert by_key["secrets"].done
        assert not by_key["employer"].done
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
        assert not any("Traceback" in n for n in notes(app))


async def test_open_select_menu_speaks_dutch(make_app: AppFactory) -> None:
    from textual.widgets import Select

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        app.screen.query_one("#environment", Select).focus()
        await pilot.press("enter")
        await pilot.pause(0.2)
        escape = app.screen.active_bindings["escape"].binding
        assert escape.action == "dismiss"  # the open menu's own binding
        assert escape.description == "Sluit"
