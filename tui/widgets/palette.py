"""The command palette's provider: the app's own actions, named in the current language."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.text.ui import ui

# (palette text key, action name, where the action lives: "screen" or "app")
PALETTE_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("palette.check_all", "check_all", "screen"),
    ("palette.check", "check", "screen"),
    ("palette.add", "add", "screen"),
    ("palette.edit", "edit", "screen"),
    ("palette.delete", "delete", "screen"),
    ("palette.submit", "submit", "screen"),
    ("palette.submit_all", "submit_all", "screen"),
    ("palette.connected", "mark_connected", "screen"),
    ("palette.consent", "consent", "screen"),
    ("palette.discover", "discover", "screen"),
    ("palette.repair", "repair", "screen"),
    ("palette.repair_all", "repair_all", "screen"),
    ("palette.settings", "settings", "app"),
    ("palette.language", "switch_language", "app"),
    ("palette.help", "help", "app"),
    ("palette.quit", "quit", "app"),
)


class KoppelaarCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, Any]]:
        lang = getattr(self.app, "language", "nl")
        screen = self.screen
        for key, action, where in PALETTE_ACTIONS:
            target = self.app if where == "app" else screen
            if where == "screen" and not hasattr(screen, f"action_{action}"):
                continue
            yield ui(key, lang), partial(self.app.run_action, action, target)

    async def discover(self) -> Hits:
        for text, command in self._commands():
            yield DiscoveryHit(text, command, text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text)
