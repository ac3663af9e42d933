"""Snapshot tests (pytest-textual-snapshot): fixed clock, stored check results, no network.

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at each SVG.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import AppFactory
from tests.tui.test_dashboard import loaded
from tui.widgets.employer_table import EmployerTable


async def settle(pilot: Pilot) -> None:
    """The profiles are shown and the secret store has been probed (the header says so)."""
    await loaded(pilot)
    for _ in range(100):
        if pilot.app.secrets_line:  # type: ignore[attr-defined]
            break
        await pilot.pause(0.05)
    await pilot.pause(0.1)


def test_dashboard_80x24(make_app: AppFactory, snap_compare) -> None:
    assert snap_compare(make_app(checked=True), terminal_size=(80, 24), run_before=settle)


def test_dashboard_120x40(make_app: AppFactory, snap_compare) -> None:
    assert snap_compare(make_app(checked=True), terminal_size=(120, 40), run_before=settle)


def test_checklist_with_failures(make_app: AppFactory, snap_compare) -> None:
    async def select_failing(pilot: Pilot) -> None:
        await settle(pilot)
        table = pilot.app.screen.query_one(EmployerTable)
        table.move_cursor(row=table.get_row_index("installatiebedrijf-van-der-meer-bv"))
        await pilot.press("tab")
        await pilot.pause(0.1)

    assert snap_compare(make_app(checked=True), terminal_size=(80, 24), run_before=select_failing)


def test_edit_form_with_validation_errors(make_app: AppFactory, snap_compare) -> None:
    async def break_the_form(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("e")
        form = pilot.app.screen
        form.query_one("#werkgever_id", Input).value = "ADM-2041"
        form.query_one("#username", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)

    assert snap_compare(make_app(checked=True), terminal_size=(80, 24), run_before=break_the_form)


def test_help(make_app: AppFactory, snap_compare) -> None:
    async def open_help(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause(0.1)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_help)


def test_dashboard_in_english(make_app: AppFactory, snap_compare) -> None:
    assert snap_compare(
        make_app(checked=True, lang="en"), terminal_size=(80, 24), run_before=settle
    )


def test_repair_plan(make_app: AppFactory, snap_compare) -> None:
    """The Herstel plan for the demo's employers that need a repair, read in process."""
    import asyncio

    import httpx

    from tests.checklist.conftest import session_secrets, simulator_settings
    from tui.loket.simulator import DEMO_SCENARIO, create_app, load_scenario
    from tui.repair.session import RepairSession
    from tui.screens.repair import RepairScreen

    app = make_app(checked=True)
    wanted = ("installatiebedrijf-van-der-meer-bv", "hoveniersbedrijf-groenrijk-bv",
              "tandartspraktijk-zonnehof", "transportbedrijf-de-wit-en-zonen-bv")  # fmt: skip
    profiles = [app.runtime.store.load(slug) for slug in wanted]
    scenario = load_scenario(DEMO_SCENARIO)

    async def plan() -> list:
        transport = httpx.ASGITransport(app=create_app(scenario))
        async with RepairSession(simulator_settings(), session_secrets(scenario), "beheer-demo",
                                 transport=transport) as session:  # fmt: skip
            return await session.plan(profiles)

    plans = asyncio.run(plan())

    async def open_plan(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.app.push_screen(RepairScreen(profiles, plans))
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_plan)


# Issue 17: the checklist's longest hint, the help screen and the e-mail to NN, at 80x24, in
# both languages, with and without NO_COLOR. Text wraps to the width; nothing is cut.
VARIANTS = [("nl", False), ("en", False), ("nl", True), ("en", True)]
VARIANT_IDS = ["nl", "en", "nl-no-color", "en-no-color"]


@pytest.fixture
def variant_app(make_app: AppFactory, monkeypatch: pytest.MonkeyPatch):
    def build(lang: str, no_color: bool, checked: bool = True):
        if no_color:
            monkeypatch.setenv("NO_COLOR", "1")
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        return make_app(checked=checked, lang=lang)

    return build


@pytest.mark.parametrize(("lang", "no_color"), VARIANTS, ids=VARIANT_IDS)
def test_checklist_longest_hint(variant_app, snap_compare, lang: str, no_color: bool) -> None:
    async def show_hint(pilot: Pilot) -> None:
        await settle(pilot)
        table = pilot.app.screen.query_one(EmployerTable)
        table.move_cursor(row=table.get_row_index("hoveniersbedrijf-groenrijk-bv"))
        await pilot.press("tab")
        await pilot.pause(0.2)

    app = variant_app(lang, no_color)
    assert snap_compare(app, terminal_size=(80, 24), run_before=show_hint)


@pytest.mark.parametrize(("lang", "no_color"), VARIANTS, ids=VARIANT_IDS)
def test_help_screen(variant_app, snap_compare, lang: str, no_color: bool) -> None:
    async def open_help(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.1)

    app = variant_app(lang, no_color, checked=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_help)


@pytest.mark.parametrize(("lang", "no_color"), VARIANTS, ids=VARIANT_IDS)
def test_nn_email_preview(
    variant_app, snap_compare, monkeypatch: pytest.MonkeyPatch, lang: str, no_color: bool
) -> None:
    from tui.secrets.store import SecretKind

    monkeypatch.setattr(
        "tui.submission.compose.make_msgid", lambda domain: f"<20261129.1@{domain}>"
    )

    async def open_preview(pilot: Pilot) -> None:
        await settle(pilot)
        table = pilot.app.screen.query_one(EmployerTable)
        table.move_cursor(row=table.get_row_index("bakkerij-de-gouden-korst-bv"))
        await pilot.press("v")
        for _ in range(100):
            screen = pilot.app.screen
            if getattr(screen, "draft", None) is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause(0.1)

    app = variant_app(lang, no_color)
    app.runtime.secrets.set(
        SecretKind.LOKET_PASSWORD, "xs-goudenkorst", "Demo-xs-goudenkorst-2026!"
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_preview)
