"""Herstel in the demo: plan per employer, confirm, carry out, check again (80x24, Pilot)."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.widgets import Static

from tests.tui.test_dashboard import loaded
from tui.config import replace
from tui.repair import trail
from tui.screens.confirm import ConfirmScreen
from tui.screens.repair import RepairScreen
from tui.widgets.employer_table import EmployerTable

SIZE = (80, 24)
FIXED = (
    "installatiebedrijf-van-der-meer-bv",  # lacks "Raadplegen beloningen"
    "hoveniersbedrijf-groenrijk-bv",  # blocked
    "tandartspraktijk-zonnehof",  # 2FA required
)


async def until(pilot, condition, what: str, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never: {what}")


def plan_shown(app: App) -> str:
    return str(app.screen.query_one("#plan", Static).render())


async def test_repair_all_from_the_dashboard_ends_ready(demo_app: App) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("H")  # the profiles are read in a thread, then the screen opens
        await until(pilot, lambda: isinstance(demo_app.screen, RepairScreen), "the repair screen")
        screen = demo_app.screen
        assert isinstance(screen, RepairScreen)
        assert len(screen.profiles) == 9  # none checked yet: all are not ready
        await until(pilot, lambda: bool(screen.plans) and not screen.running, "a plan")
        text = plan_shown(demo_app)
        assert "Applicatiebeheerder: beheer-demo" in text
        assert 'Rechten aanzetten: "Raadplegen beloningen"' in text
        assert "De handleiding van NN vraagt deze rechten" in text  # the why
        assert "kan niet" in text  # De Wit: werkgever ID not found for the admin
        assert screen.pending() == 3
        assert trail.read(demo_app.runtime.store.load(FIXED[0])) == []
        await pilot.press("ctrl+s")
        assert isinstance(demo_app.screen, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: screen.applied, "the repair to finish", 30)
        assert {slug: screen.status[slug] for slug in FIXED} == dict.fromkeys(FIXED, "ready")
        assert all(c.status == "done" for p in screen.plans for c in p.changes)
        assert "opnieuw gecontroleerd: gereed" in plan_shown(demo_app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(demo_app.screen, RepairScreen), "closed")
        await asyncio.sleep(0.2)
        await pilot.pause(0.2)
        table = demo_app.screen.query_one(EmployerTable)
        assert FIXED[0] in table.slugs
        stored = demo_app.runtime.store.load(FIXED[0])
        assert stored.status == "ready"
        assert [e["action"] for e in trail.read(stored)] == ["enable_rights"]
        assert trail.read(stored)[0]["admin"] == "beheer-demo"
        # the re-check judged the rights by name, as read back through the admin
        right = stored.items["account.right.beloningen"]
        assert (right.status, right.params["basis"]) == ("pass", "admin")
        assert "bij naam gelezen met applicatiebeheerder beheer-demo" in right.detail
        assert stored.items["account.rights_exact"].status == "pass"


async def test_repair_one_asks_for_the_admin_when_none_is_known(demo_app: App) -> None:
    settings = demo_app.runtime.settings
    demo_app.runtime.settings = replace(settings, loket=replace(settings.loket, admin=""))
    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        table = demo_app.screen.query_one(EmployerTable)
        table.move_cursor(row=table.get_row_index("tandartspraktijk-zonnehof"))
        await pilot.press("h")
        screen = demo_app.screen
        assert isinstance(screen, RepairScreen)
        assert not screen.plans and not screen.running
        await pilot.press(*"beheer-demo", "enter")
        await until(pilot, lambda: bool(screen.plans) and not screen.running, "a plan")
        assert "Tweestapsverificatie niet langer verplicht" in plan_shown(demo_app)
        assert demo_app.services.extras["repair_admin"] == "beheer-demo"  # asked once per run


async def test_the_palette_offers_herstel(demo_app: App) -> None:
    from tui.widgets.palette import KoppelaarCommands

    async with demo_app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        provider = KoppelaarCommands(demo_app.screen)
        names = [text for text, _help, _command in provider._commands()]
        assert "Herstel deze werkgever (als applicatiebeheerder, h)" in names
        assert any(text.startswith("Herstel alle werkgevers") for text in names)


async def test_rights_beyond_the_six_are_turned_off_only_when_ticked(tmp_path) -> None:
    from tests.checklist.conftest import session_secrets, simulator_settings
    from tests.repair.conftest import admin_profiles, admin_world
    from tui.app import KoppelaarApp
    from tui.config import Paths
    from tui.loket.simulator import Scenario, create_app, serve_in_thread
    from tui.profiles.store import ProfileStore
    from tui.runtime import Runtime

    scenario = Scenario.from_dict(admin_world(), "admin-world")
    store = ProfileStore(tmp_path / "profiles")
    for profile in admin_profiles():
        if profile.slug == "extra-right":
            store.save(profile, create=True)
    with serve_in_thread(create_app(scenario)) as base:
        settings = simulator_settings(base, admin="adm")
        runtime = Runtime(
            paths=Paths(store.directory, tmp_path / "config.toml", tmp_path),
            settings=settings,
            language="nl",
            secrets=session_secrets(scenario),
        )
        app = KoppelaarApp(runtime, ascii_glyphs=False)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot)
            await pilot.press("h")
            screen = app.screen
            assert isinstance(screen, RepairScreen)
            await until(pilot, lambda: bool(screen.plans) and not screen.running, "a plan")
            assert 'Rechten buiten de zes: "Beheren werkgever"' in plan_shown(app)
            assert screen.pending() == 0
            await pilot.click("#remove-extra")
            await until(pilot, lambda: screen.pending() == 1 and not screen.running, "re-plan")
            assert 'Rechten uitzetten: "Beheren werkgever"' in plan_shown(app)
