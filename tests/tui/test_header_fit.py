"""The header at 80 columns over SSH (no keyring there, a version Loket.nl retires): whole
parts dropped, never a line cut off, and what was dropped said in full in a notification."""

from __future__ import annotations

from tests.tui.conftest import AppFactory
from tests.tui.test_dashboard import SIZE, loaded
from tests.tui.test_hostile import screen_lines
from tui.app import SecretsReady
from tui.text.ui import ui

LONG = "Geheimen: niet beschikbaar, geen sleutelbos op deze machine"
SHORT = "Geheimen: niet beschikbaar"


async def probed(pilot) -> None:
    """The app's own probe of the secret store has reported (it would overwrite the line
    a test posts)."""
    await loaded(pilot)
    for _ in range(200):
        if pilot.app.secrets_line:
            return
        await pilot.pause(0.02)
    raise AssertionError("the secret store was never probed")


def notified(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_long_secrets_line_is_shortened_whole_and_said_in_full(
    make_app: AppFactory,
) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        await probed(pilot)
        app.post_message(SecretsReady(LONG, SHORT, False))
        await pilot.pause(0.1)
        header = screen_lines(app)[0]
        assert "…" not in header and "..." not in header, header
        assert header.strip().endswith(SHORT), header
        assert "Koppelaar" not in header  # the name went first
        assert LONG in notified(app)


async def test_a_wide_header_says_it_all_and_notifies_nothing(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=(160, 40)) as pilot:
        await probed(pilot)
        app.post_message(SecretsReady(LONG, SHORT, False))
        await pilot.pause(0.1)
        header = screen_lines(app)[0]
        assert "Koppelaar" in header and LONG in header, header
        assert LONG not in notified(app)


async def test_a_line_that_fits_without_the_name_is_not_notified(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    fits = "Geheimen: sleutelbos (SecretService.Keyring)"  # fits once "Koppelaar - " is gone
    async with app.run_test(size=SIZE) as pilot:
        await probed(pilot)
        app.post_message(SecretsReady(fits, "Geheimen: sleutelbos", False))
        await pilot.pause(0.1)
        header = screen_lines(app)[0]
        assert fits in header and "Koppelaar" not in header, header
        assert fits not in notified(app)


async def test_a_retiring_version_that_does_not_fit_is_said_once(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        await probed(pilot)
        app.post_message(SecretsReady(LONG, SHORT, False))
        await pilot.pause(0.1)
        for _ in range(3):  # every check that meets it notes it again
            app.note_retiring(["2027-06-01", "2027-03-01"])
        await pilot.pause(0.1)
        retiring = ui("header.retiring", "nl", date="2027-03-01")
        assert notified(app).count(retiring) == 1


async def test_the_table_uses_the_whole_width_and_keeps_its_labels(make_app: AppFactory) -> None:
    """More rows than fit (a vertical scroll bar): every column label whole, no horizontal
    scroll bar taking a row (the table once got 78 of 80 columns)."""
    from tui.widgets.employer_table import EmployerTable

    app = make_app(checked=True)
    async with app.run_test(size=(80, 18)) as pilot:
        await loaded(pilot)
        table = app.screen.query_one(EmployerTable)
        assert table.show_vertical_scrollbar
        assert table.region.width == 80
        assert not table.show_horizontal_scrollbar
        assert "aanlevering" in screen_lines(app)[2]
