"""Pilot tests of sending to NN at 80x24: preview, recipient, gate, .eml, demo outbox, batch."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, RadioSet, Static

from tests.tui.conftest import AppFactory
from tests.tui.test_checks import wait_idle
from tests.tui.test_dashboard import SIZE, loaded
from tui.app import KoppelaarApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.submit import SubmitScreen
from tui.screens.submit_batch import BatchSubmitScreen
from tui.secrets.store import SecretKind
from tui.submission import compose as submission
from tui.submission.compose import PASSWORD_MASK
from tui.submission.demo import DemoOutbox
from tui.widgets.employer_table import EmployerTable

BAKKERIJ = "bakkerij-de-gouden-korst-bv"
PASSWORD = "Demo-xs-goudenkorst-2026!"


async def until(pilot: Pilot, condition: Callable[[], object], limit: float = 10.0) -> None:
    for _ in range(int(limit / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


def with_password(app: KoppelaarApp, user: str = "xs-goudenkorst", pw: str = PASSWORD) -> None:
    assert app.runtime.secrets is not None
    app.runtime.secrets.set(SecretKind.LOKET_PASSWORD, user, pw)


async def open_submit(pilot: Pilot, slug: str) -> SubmitScreen:
    screen = await loaded(pilot)
    table = screen.query_one(EmployerTable)
    table.move_cursor(row=table.get_row_index(slug))
    await pilot.press("v")
    await until(pilot, lambda: isinstance(pilot.app.screen, SubmitScreen))
    submit = pilot.app.screen
    assert isinstance(submit, SubmitScreen)
    await until(
        pilot, lambda: submit.draft is not None or submit.query_one("#submit-error").display
    )
    return submit


def preview(screen: SubmitScreen) -> str:
    return str(screen.query_one("#preview-text", Static).render())


def error_text(screen: SubmitScreen) -> str:
    return str(screen.query_one("#submit-error", Static).render())


async def test_preview_masked_until_revealed(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    with_password(app)
    async with app.run_test(size=SIZE) as pilot:
        submit = await open_submit(pilot, BAKKERIJ)
        assert PASSWORD_MASK in preview(submit)
        assert PASSWORD not in preview(submit)
        assert "Aan: spa.inkomen@nn.nl" in preview(submit)
        await pilot.press("ctrl+r")
        assert PASSWORD in preview(submit)
        await pilot.press("ctrl+r")
        assert PASSWORD not in preview(submit)


async def test_recipient_must_be_confirmed_then_eml_is_private(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(checked=True)
    with_password(app)
    target = tmp_path / "out" / "bakkerij.eml"
    target.parent.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        submit = await open_submit(pilot, BAKKERIJ)
        submit.query_one(RadioSet).query_one("#method-eml").value = True
        await pilot.pause()
        assert submit.query_one("#eml-warning").display
        submit.query_one("#eml-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        assert "ontvanger" in error_text(submit).lower()
        assert not target.exists()
        submit.query_one("#confirm-to", Checkbox).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert PASSWORD in target.read_text(encoding="utf-8")
        stored = app.runtime.store.load(BAKKERIJ).submission
        # an .eml file is handed over, not sent (issue 17)
        assert (stored.status, stored.method, stored.to) == ("exported", "eml", "spa.inkomen@nn.nl")
        assert stored.sent_at is None and stored.exported_at is not None
        assert app.screen.rows[BAKKERIJ].submission == "exported"


async def test_not_ready_refused_without_override(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(checked=True)
    with_password(app, "xs-vandermeer", "Demo-xs-vandermeer-2026!")
    slug = "installatiebedrijf-van-der-meer-bv"
    async with app.run_test(size=SIZE) as pilot:
        submit = await open_submit(pilot, slug)
        gate = str(submit.query_one("#submit-gate", Static).render())
        assert "niet gereed" in gate and "beloningen" in gate
        submit.query_one("#confirm-to", Checkbox).value = True
        submit.query_one("#method-clipboard").value = True
        await pilot.press("ctrl+s")
        assert "Toch versturen" in error_text(submit)
        assert app.runtime.store.load(slug).submission.status == "draft"
        submit.query_one("#override", Checkbox).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert "Demo-xs-vandermeer-2026!" in app.clipboard
        assert app.runtime.store.load(slug).submission.method == "clipboard"


async def test_leave_password_out(make_app: AppFactory) -> None:
    app = make_app(checked=True)  # no password stored for the user
    async with app.run_test(size=SIZE) as pilot:
        submit = await open_submit(pilot, BAKKERIJ)
        assert submit.query_one("#without-password", Checkbox).value
        assert "volgt telefonisch" in preview(submit)
        assert "sleutelbos" in error_text(submit)


async def test_send_through_demo_outbox_then_check_shows_connected(
    demo_app: KoppelaarApp,
) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(EmployerTable)
        table.move_cursor(row=table.get_row_index(BAKKERIJ))
        await pilot.press("c")
        await wait_idle(pilot, screen)
        assert screen.rows[BAKKERIJ].status == "ready"
        submit = await open_submit(pilot, BAKKERIJ)
        assert "Demo" in str(submit.query_one("#method-smtp").label)
        submit.query_one("#confirm-to", Checkbox).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(demo_app.screen, DashboardScreen))
        outbox = demo_app.services.outbox
        assert isinstance(outbox, DemoOutbox) and len(outbox.outbox) == 1
        assert screen.rows[BAKKERIJ].submission == "sent"
        await pilot.press("c")
        await wait_idle(pilot, screen)
        assert screen.rows[BAKKERIJ].submission == "connected"


async def test_batch_submits_every_ready_with_summary(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app(checked=True)
    for user in ("xs-goudenkorst", "xs-dezwaan", "xs-hetanker"):  # not xs-zonnehof
        with_password(app, user, f"Demo-{user}-2026!")
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, BatchSubmitScreen))
        batch = app.screen
        assert isinstance(batch, BatchSubmitScreen)
        assert len(batch.ready) == 4
        batch.query_one("#method-eml").value = True
        batch.query_one("#eml-path", Input).value = str(tmp_path)
        batch.query_one("#confirm-to", Checkbox).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: batch.finished)
        kinds = sorted(o.outcome for o in batch.outcomes)
        assert kinds.count("exported") == 3 and kinds.count("failed") == 1
        assert kinds.count("skipped") == 5
        lines = str(batch.query_one("#batch-lines", Static).render())
        assert "mislukt: Tandartspraktijk Zonnehof - " in lines and "wachtwoord" in lines
        assert "al gekoppeld" in lines
        assert "3 klaargezet (nog niet verzonden), 5 overgeslagen, 1 mislukt." in str(
            batch.query_one("#submit-dialog").border_title
        )
        assert sorted(p.name for p in tmp_path.glob("*.eml")) == [
            "bakkerij-de-gouden-korst-bv.eml",
            "cafe-de-zwaan-vof.eml",
            "drukkerij-het-anker-bv.eml",
        ]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert screen.rows["cafe-de-zwaan-vof"].submission == "exported"
        assert screen.rows["tandartspraktijk-zonnehof"].submission == "draft"


async def test_mark_connected_with_confirmation(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    slug = "schoonmaakbedrijf-helder-bv"
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(EmployerTable)
        table.move_cursor(row=table.get_row_index(slug))
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await pilot.pause(0.1)
        assert app.runtime.store.load(slug).submission.status == "sent"
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("j")
        await until(pilot, lambda: screen.rows[slug].submission == "connected")
        stored = app.runtime.store.load(slug).submission
        assert (stored.status, stored.connected_source) == ("connected", "person")


def test_snapshot_submit_preview_masked(
    make_app: AppFactory, snap_compare, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(submission, "_message_id", lambda domain: "<1@koppelaar.invalid>")
    app = make_app(checked=True)
    with_password(app)

    async def open_preview(pilot: Pilot) -> None:
        submit = await open_submit(pilot, BAKKERIJ)
        submit.query_one("#submit-preview").scroll_to(y=9, animate=False)  # the password line
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_preview)


async def test_an_english_ui_shows_the_submission_in_english(
    make_app: AppFactory, tmp_path: Path
) -> None:
    """The send runs in a worker that sets no language: its error and its note come back as
    phrases and the screen renders them in the UI's language (issue 14)."""
    app = make_app(checked=True, lang="en")
    with_password(app)
    async with app.run_test(size=SIZE) as pilot:
        submit = await open_submit(pilot, BAKKERIJ)
        submit.query_one(RadioSet).query_one("#method-eml").value = True
        submit.query_one("#confirm-to", Checkbox).value = True
        submit.query_one("#eml-path", Input).value = str(tmp_path / "missing" / "nn.eml")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "cannot be written" in error_text(submit))
        assert "kan niet" not in error_text(submit)
        submit.query_one("#eml-path", Input).value = str(tmp_path / "nn.eml")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        notes = " ".join(str(n.message) for n in app._notifications)
        assert "not sent yet" in notes and "holds the password" in notes
        assert "nog niet verzonden" not in notes
