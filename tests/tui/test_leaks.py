"""Issue 6's leak test for the UI flows: add, edit, check, consent, language switch, export
and screenshots, with the secrets in an encrypted vault. Afterwards no file the app wrote holds
a secret in any form (the vault file itself is scanned too: it must hold ciphertext only)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.secrets.leakscan import assert_no_secret_in_tree
from tests.tui.conftest import make_runtime
from tests.tui.test_checks import wait_idle
from tests.tui.test_consent import log_in_at_simulator
from tests.tui.test_dashboard import SIZE, loaded
from tui.app import KoppelaarApp, Services
from tui.cli.commands.demo import demo_world
from tui.loket.simulator import DEMO_SCENARIO, load_scenario
from tui.profiles.csvio import export_csv
from tui.runtime import DEMO_PROFILES_IN_CHECKOUT
from tui.screens.dashboard import DashboardScreen
from tui.secrets.store import SecretKind, SecretStore
from tui.secrets.vault import KdfParams

NEW_PASSWORD = "Leak-Test-Passw0rd-7731"
PASSPHRASE = "vault passphrase for the leak test"


async def test_no_file_the_app_wrote_holds_a_secret(tmp_path: Path) -> None:
    scenario = load_scenario(DEMO_SCENARIO)
    runtime = make_runtime(tmp_path, DEMO_PROFILES_IN_CHECKOUT)
    with demo_world(runtime) as (demo, url):
        vault = SecretStore(
            "vault",
            tmp_path / "vault.bin",
            vault_passphrase=PASSPHRASE,
            vault_kdf=KdfParams.fast_for_tests(),
        )
        vault.unlock_vault(PASSPHRASE, create=True)
        for user in scenario.users.values():
            vault.set(SecretKind.LOKET_PASSWORD, user.username, user.password)
        demo.secrets = vault
        app = KoppelaarApp(demo, Services(simulator_url=url), ascii_glyphs=False)
        async with app.run_test(size=SIZE) as pilot:
            screen = await loaded(pilot)
            # Add an employer with its password, then edit it.
            await pilot.press("n")
            form = app.screen
            form.query_one("#name", Input).value = "Lekvrij B.V."
            form.query_one("#werkgever_id", Input).value = "20720"
            form.query_one("#username", Input).value = "xs-lekvrij"
            form.query_one("#password", Input).value = NEW_PASSWORD
            await pilot.press("ctrl+r")  # revealed on screen for a moment
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause(0.1)
            await pilot.press("e")
            app.screen.query_one("#werkgever_id", Input).value = "20721"
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause(0.1)
            # Check every employer against the simulator.
            await pilot.press("a")
            await wait_idle(pilot, screen, limit=30)
            # Consent for one account: a refresh token reaches the vault.
            screen.query_one("#employers").move_cursor(row=0)
            await pilot.press("l")
            consent = app.screen
            redirected = await log_in_at_simulator(
                consent.url, "xs-goudenkorst", "Demo-xs-goudenkorst-2026!"
            )
            consent.query_one("#redirect", Input).value = redirected
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause(0.1)
            await pilot.press("j")  # yes, this is the profile's user
            await app.workers.wait_for_complete()
            await pilot.pause(0.1)
            assert isinstance(app.screen, DashboardScreen)
            # Switch language (written to config.toml) and take screenshots.
            (tmp_path / "screens").mkdir()
            await pilot.press("f3")
            await pilot.pause(0.1)
            app.save_screenshot("dashboard.svg", path=str(tmp_path / "screens"))
            await pilot.press("f1")
            await pilot.pause(0.1)
            app.save_screenshot("help.svg", path=str(tmp_path / "screens"))
        refresh = vault.get(SecretKind.LOKET_REFRESH_TOKEN, "xs-goudenkorst")
        assert refresh, "the consent flow stored no refresh token"
        assert vault.get(SecretKind.LOKET_PASSWORD, "xs-lekvrij") == NEW_PASSWORD
        export_csv(tmp_path / "export.csv", demo.store.load_all().profiles)
        secrets = [
            NEW_PASSWORD,
            PASSPHRASE,
            refresh,
            demo.settings.loket.client_secret or "",
            *(user.password for user in scenario.users.values()),
        ]
        written = [tmp_path, demo.paths.profiles_dir.parent]
        scanned = sum(assert_no_secret_in_tree(root, secrets) for root in written)
        assert scanned >= 12, f"only {scanned} files scanned"
        assert demo.paths.config_file.exists(), "the language switch was not saved"
