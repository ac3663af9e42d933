"""The keys that work on a screen, in its bottom line: one widget that draws one line of text.

Textual's ``Footer`` is a widget per key, all unmounted and mounted again whenever the screen's
bindings change; on the dashboard that is every check's start and end (Escape starts and stops
working). With 10,000 rows that cost the UI's thread ~25 ms at the moment the check's threads
start, the longest stall of the whole check. Redrawing one line costs well under a millisecond.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

DIM = Style(dim=True)


class FooterEntry(NamedTuple):
    key: str
    key_display: str
    description: str
    enabled: bool


class KeyFooter(Widget, can_focus=False):
    """Each shown binding of the screen once (its action's first key), left to right, and the
    command palette's key at the right; a click runs the key it lands on."""

    COMPONENT_CLASSES = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--palette",
        "key-footer--hover",
    }

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._spans: list[tuple[int, int, FooterEntry]] = []
        self.hovered: str | None = None  # the key under the mouse

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def entries(self) -> tuple[list[FooterEntry], FooterEntry | None]:
        """(the keys on the left, the command palette's key or None)."""
        app = self.app
        active = self.screen.active_bindings

        def entry(binding: Binding, enabled: bool) -> FooterEntry:
            return FooterEntry(
                binding.key, app.get_key_display(binding), binding.description, enabled
            )

        shown: list[FooterEntry] = []
        actions: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                shown.append(entry(binding, enabled))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = entry(binding, enabled)
        return shown, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        palette_style = self.get_component_rich_style("key-footer--palette")
        hover_style = self.get_component_rich_style("key-footer--hover")
        width = self.size.width
        shown, palette = self.entries()
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, FooterEntry]] = []

        def add(entry: FooterEntry) -> None:
            start = line.cell_len
            extra = Style() if entry.enabled else DIM
            if entry.key == self.hovered:
                extra += hover_style
            line.append(entry.key_display, key_style + extra)
            if entry.description:
                line.append(" " + entry.description, description_style + extra)
            spans.append((start, line.cell_len, entry))

        for entry in shown:
            add(entry)
            line.append(" ")
        if palette is not None:
            border = "" if self.app.has_class("-ascii") else "▏"
            tail = cell_len(f"{border}{palette.key_display} {palette.description}")
            room = max(0, width - tail)
            line.truncate(room, pad=True)
            spans = [span for span in spans if span[1] <= room]
            line.append(border, palette_style)
            add(palette)
        line.truncate(width)
        self._spans = spans
        return line

    def entry_at(self, x: int) -> FooterEntry | None:
        for start, end, entry in self._spans:
            if start <= x < end:
                return entry
        return None

    def on_click(self, event: events.Click) -> None:
        entry = self.entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self.entry_at(event.x)
        key = entry.key if entry is not None else None
        if key != self.hovered:
            self.hovered = key
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self.hovered is not None:
            self.hovered = None
            self.refresh()
