"""The command palette: the app's own actions, named in the current language, with their keys.

``LocalizedPalette`` is Textual's palette with its own words (placeholder, "no matches", the
Escape binding) in the user's language; the app shows only these commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import (
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
    SearchIcon,
)
from textual.dom import DOMNode
from textual.widgets.option_list import Option

from tui.text.ui import ui
from tui.widgets.localized import bindings_in_force, localize_bindings

# (palette text key, action name, where the action lives: "screen" or "app")
PALETTE_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("palette.check_all", "check_all", "screen"),
    ("palette.check", "check", "screen"),
    ("palette.add", "add", "screen"),
    ("palette.edit", "edit", "screen"),
    ("palette.delete", "delete", "screen"),
    ("palette.submit", "submit", "screen"),
    ("palette.submit_all", "submit_all", "screen"),
    ("palette.mark_sent", "mark_sent", "screen"),
    ("palette.connected", "mark_connected", "screen"),
    ("palette.consent", "consent", "screen"),
    ("palette.discover", "discover", "screen"),
    ("palette.repair", "repair", "screen"),
    ("palette.repair_all", "repair_all", "screen"),
    ("palette.sort", "sort", "screen"),
    ("palette.filter", "focus_filter", "screen"),
    ("palette.settings", "settings", "app"),
    ("palette.first_run", "first_run", "app"),
    ("palette.language", "switch_language", "app"),
    ("palette.help", "help", "app"),
    ("palette.quit", "quit", "app"),
)


def key_for(node: DOMNode, action: str) -> str:
    """The keys bound to ``action`` on ``node`` as the user presses them ("" when none)."""
    app = node.app
    keys = [
        app.get_key_display(binding)
        for bindings in bindings_in_force(node).key_to_bindings.values()
        for binding in bindings
        if binding.action == action
    ]
    return ", ".join(dict.fromkeys(keys))


class KoppelaarCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Any]]:
        lang = getattr(self.app, "language", "nl")
        screen = self.screen
        for key, action, where in PALETTE_ACTIONS:
            target = self.app if where == "app" else screen
            if where == "screen" and not hasattr(screen, f"action_{action}"):
                continue
            keys = key_for(target, action)
            help_text = ui("palette.key", lang, keys=keys) if keys else ""
            yield ui(key, lang), help_text, partial(self.app.run_action, action, target)

    async def discover(self) -> Hits:
        for text, help_text, command in self._commands():
            yield DiscoveryHit(text, command, text=text, help=help_text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(text), command, text=text, help=help_text or None
                )


class LocalizedPalette(CommandPalette):
    BINDINGS = [
        *(b for b in CommandPalette.BINDINGS if isinstance(b, Binding) and b.key != "escape"),
        Binding("escape", "escape", "Sluit", id="palette_close"),
    ]

    def __init__(self, lang: str) -> None:
        super().__init__(placeholder=ui("palette.placeholder", lang), id="--command-palette")
        self.lang = lang

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.query_one(SearchIcon).icon = ">"  # no emoji: terminals disagree on their width

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                text = Text(ui("palette.no_matches", self.lang), style="not bold")
                self.query_one(CommandList).add_option(
                    Option(Align.center(text), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
