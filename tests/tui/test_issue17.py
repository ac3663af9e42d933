"""Issue 17 in the UI, Pilot at 80x24: what each screen says is true, findable and legible.

- .eml goes to the private outbox (0700/0600) by default and is ``klaargezet``, not sent; m
  marks it sent and offers to delete the file.
- ``?`` and F1 open help; its key table comes from the bindings in force ([keys] included).
- Ctrl+C says which key quits, localized, plain text; the palette speaks one language and
  shows keys; the footer keeps the main keys at 80 columns.
- NO_COLOR: no grey-on-grey, toggles say [x]/[ ]; TERM=linux or a non-UTF-8 locale: ASCII.
- Esc clears the filter; an empty result says so; actions on nothing say why.
- The checklist's longest hint keeps its last line.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.filter import Monochrome, NoColor
from textual.widgets import Checkbox, Input, RadioSet

from tests.tui.conftest import AppFactory
from tests.tui.test_dashboard import SIZE, loaded, table_slugs
from tests.tui.test_submit import BAKKERIJ, PASSWORD, open_submit, until, with_password
from tui.app import KoppelaarApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen
from tui.widgets.checklist_pane import ChecklistPane
from tui.widgets.employer_table import EmployerTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.plain import ascii_terminal, locale_is_utf8

GROENRIJK = "hoveniersbedrijf-groenrijk-bv"


def notes(app: KoppelaarApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def screen_text(app: KoppelaarApp) -> str:
    svg = app.export_screenshot()
    return svg.replace("&#160;", " ")


async def select(pilot, slug: str) -> DashboardScreen:
    screen = await loaded(pilot)
    table = screen.query_one(EmployerTable)
    table.move_cursor(row=table.get_row_index(slug))
    await pilot.pause()
    return screen


async def test_eml_goes_to_private_outbox_as_exported_then_mark_sent_and_delete(
    make_app: AppFactory,
) -> None:
    app = make_app(checked=True)
    with_password(app)
    async with app.run_test(size=SIZE) as pilot:
        submit = await open_submit(pilot, BAKKERIJ)
        submit.query_one(RadioSet).query_one("#method-eml").value = True
        await pilot.pause()
        target = Path(submit.query_one("#eml-path", Input).value)
        outbox = app.runtime.paths.data_dir / "outbox"
        assert target == outbox / f"{BAKKERIJ}.eml"  # not the working directory
        submit.query_one("#confirm-to", Checkbox).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert stat.S_IMODE(outbox.stat().st_mode) == 0o700
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert PASSWORD in target.read_text(encoding="utf-8")
        said = " ".join(notes(app))
        assert "Klaargezet (nog niet verzonden)" in said and str(target) in said
        assert "Verstuurd" not in said
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.rows[BAKKERIJ].submission == "exported"
        await pilot.pause(0.1)
        pane = screen.query_one(ChecklistPane)
        assert pane.views["submission.sent"].status == "manual"
        assert "klaargezet als .eml-bestand" in pane.views["submission.sent"].detail
        assert "klaargezet" in screen_text(app)  # the table's column
        # m: the person says it was sent; then the offer to delete the file
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert str(target) in str(app.screen.body)
        await pilot.press("j")
        await until(pilot, lambda: not target.exists())
        stored = app.runtime.store.load(BAKKERIJ).submission
        assert (stored.status, stored.sent_source) == ("sent", "person")
        assert screen.rows[BAKKERIJ].submission == "sent"


async def test_help_on_question_mark_lists_every_key_from_the_bindings(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.plain_text
        expected = (
            "o  Werkgevers ophalen",
            "k  Markeren als gekoppeld",
            "m  Markeren als verzonden",
            "l  Inloggen bij Loket.nl",
            "s  Sorteren",
            "V  Alle gereed",
            "f2  Instellingen",
            "del  Werkgever verwijderen",
            "?, f1  Help",
            "^p  opdrachtenlijst",
        )
        for line in expected:
            assert line in text, line
        await pilot.press("question_mark")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_keys_table_rebinds_and_help_follows(make_app: AppFactory) -> None:
    from tui.config import replace

    app = make_app(checked=True)
    app.runtime.settings = replace(app.runtime.settings, keys={"check": "x", "help": "f1"})
    app.set_keymap(dict(app.runtime.settings.keys))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f1")
        text = app.screen.plain_text
        assert "x  Geselecteerde werkgever controleren" in text
        assert "c  Geselecteerde werkgever controleren" not in text
        await pilot.press("escape")
        await pilot.press("question_mark")  # rebound away from ?
        assert not isinstance(app.screen, HelpScreen)


def test_keys_in_config_are_read(tmp_path: Path) -> None:
    from tui.config import ConfigError, load_settings

    config = tmp_path / "config.toml"
    config.write_text('[keys]\ncheck = "x, f5"\n')
    assert load_settings(config, env={}).keys == {"check": "x,f5"}
    config.write_text('[keys]\ncheck = ""\n')
    with pytest.raises(ConfigError, match="check"):
        load_settings(config, env={})


async def test_ctrl_c_says_how_to_quit_in_plain_dutch(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert "Druk op q om te stoppen." in notes(app)
        assert not any("[b]" in n or "Press" in n for n in notes(app))


@pytest.mark.parametrize(
    ("lang", "placeholder", "query", "expected"),
    [
        ("nl", "Zoek een opdracht...", "ophalen", "Werkgevers ophalen uit Loket.nl (ontdekken)"),
        ("en", "Search for a command...", "discover", "Fetch employers from Loket.nl (discover)"),
    ],
)
async def test_palette_speaks_one_language_and_shows_keys(
    make_app: AppFactory, lang: str, placeholder: str, query: str, expected: str
) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert list(app.get_system_commands(app.screen)) == []
        await pilot.press("ctrl+p")
        await until(pilot, lambda: CommandPalette.is_open(app))
        palette = app.screen
        assert palette.query_one(Input).placeholder == placeholder
        await pilot.press(*query)
        await pilot.pause(0.5)
        hits = [o.hit for o in palette.query_one(CommandList)._options if hasattr(o, "hit")]
        found = {hit.text: hit.help for hit in hits}
        assert found.get(expected) == ("toets: o" if lang == "nl" else "key: o"), found
        await pilot.press("ctrl+u")
        await pilot.pause(0.5)
        everything = [o.hit.text for o in palette.query_one(CommandList)._options]
        assert len(everything) == len(set(everything))  # "Quit" once, not twice
        if lang == "nl":
            assert not {"Keys", "Quit", "Theme", "Screenshot"} & set(everything)


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_footer_keeps_the_main_keys_at_80_columns(make_app: AppFactory, lang: str) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.pause()
        shown, palette = app.screen.query_one(KeyFooter).entries()
        assert palette is not None
        keys = {k.key_display for k in [*shown, palette]}
        assert {"/", "n", "e", "c", "v", "?", "q", "^p"} <= keys, (lang, keys)
        total = sum(len(k.key_display) + len(k.description) + 2 for k in [*shown, palette])
        assert total <= 80, (lang, total)
        assert "palette" not in {k.description for k in [*shown, palette]}
        line = app.screen.query_one(KeyFooter).render().plain
        assert all(f"{k.key_display} {k.description}" in line for k in [*shown, palette]), line


async def test_no_color_drops_grey_shades_and_toggles_say_their_state(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(checked=True)
    assert app.no_color and app.plain_toggles
    assert not any(isinstance(f, Monochrome) for f in app._filters)
    assert any(isinstance(f, NoColor) for f in app._filters)
    with_password(app)
    async with app.run_test(size=SIZE) as pilot:
        submit = await open_submit(pilot, BAKKERIJ)
        box = submit.query_one("#confirm-to", Checkbox)
        assert "[ ]" in str(box.render())
        box.value = True
        await pilot.pause()
        assert "[x]" in str(box.render())
        assert "(*)" in str(submit.query_one("#method-smtp").render())


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM": "linux", "LANG": "nl_NL.UTF-8"}, True),
        ({"TERM": "xterm-256color", "LANG": "nl_NL.UTF-8"}, False),
        ({"TERM": "xterm-256color", "LANG": "nl_NL"}, True),
        ({"TERM": "xterm", "LANG": "nl_NL.ISO-8859-1"}, True),
        ({"TERM": "xterm", "LC_ALL": "en_US.utf8", "LANG": "nl_NL"}, False),
        ({"TERM": "xterm", "LANG": "C"}, False),
        # Python coerces LC_CTYPE when nl_NL.ISO-8859-1 is not installed; LANG still counts
        ({"TERM": "xterm", "LANG": "nl_NL.ISO-8859-1", "LC_CTYPE": "C.UTF-8"}, True),
    ],
)
def test_ascii_on_linux_console_and_non_utf8_locale(env: dict[str, str], expected: bool) -> None:
    assert ascii_terminal(env) is expected
    assert ascii_terminal({"TERM": "xterm", "LANG": "C.UTF-8"}, encoding="iso8859-1")
    assert locale_is_utf8(env) is (expected is False or env["TERM"] == "linux")


async def test_ascii_terminal_draws_ascii_borders(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "linux")
    app = KoppelaarApp(make_app().runtime)
    assert app.ascii_glyphs and app.has_class("-ascii")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        pane = app.screen.query_one(ChecklistPane)
        assert pane.styles.border_top[0] == "ascii"
        text = screen_text(app)
        for glyph in ("╭", "│", "▏", "—", "✓"):
            assert glyph not in text, glyph


async def test_escape_clears_the_filter_and_empty_result_says_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"zzz")
        assert table_slugs(app) == []
        pane = app.screen.query_one(ChecklistPane)
        assert "Geen werkgever past bij het filter 'zzz'" in str(pane.border_title)
        await pilot.press("escape")
        assert len(table_slugs(app)) == 9
        assert app.screen.query_one("#filter", Input).value == ""
        await pilot.press("slash", *"zzz")
        app.screen.query_one(EmployerTable).focus()
        for key in ("e", "c", "v"):
            await pilot.press(key)
        await pilot.pause()
        assert sum("Esc wist het filter" in n for n in notes(app)) == 3


async def test_longest_hint_keeps_its_last_line(make_app: AppFactory) -> None:
    app = make_app(checked=True)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, GROENRIJK)
        await pilot.press("tab")
        await pilot.pause(0.2)
        assert "xs-groenrijk)." in screen_text(app)
