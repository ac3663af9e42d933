"""One checklist item as the pane draws it: its line, then its finding and hint indented by two
cells, each wrapped to the width it is drawn at, never cut.

A Textual ``Visual`` over ``Content``: the pane drew a Rich ``Group`` of ``Padding`` before,
rendered twice per item on every move of the cursor (once for its height, once to draw it),
which made a move cost ~35 ms of the UI's thread, over two frames.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

INDENT = 2


class ItemPrompt(Visual):
    """``str()`` gives its plain text, the parts joined by newlines (what the option says)."""

    def __init__(self, head: Content, *indented: Content) -> None:
        self.head = head
        self.indented = indented
        self.plain = "\n".join([head.plain, *(part.plain for part in indented)])
        self._heights: dict[int, int] = {}

    def __str__(self) -> str:
        return self.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        widths = [INDENT + part.cell_length for part in self.indented]
        return max([self.head.cell_length, *widths])

    def get_height(self, rules: RulesMap, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            inner = max(1, width - INDENT)
            height = self.head.get_height(rules, width) + sum(
                part.get_height(rules, inner) for part in self.indented
            )
            self._heights[width] = height
        return height

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips = list(self.head.render_strips(width, None, style, options))
        inner = max(1, width - INDENT)
        margin = Segment(" " * INDENT, style.rich_style)
        for part in self.indented:
            for strip in part.render_strips(inner, None, style, options):
                strips.append(Strip([margin, *strip], strip.cell_length + INDENT))
        return strips if height is None else strips[:height]
