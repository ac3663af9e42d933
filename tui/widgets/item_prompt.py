"""One checklist item as the pane draws it: its line, then its finding and hint indented by two
cells, each wrapped to the width it is drawn at, never cut.

A Textual ``Visual`` over ``Content``: the pane drew a Rich ``Group`` of ``Padding`` before,
rendered twice per item on every move of the cursor (once for its height, once to draw it),
which made a move cost ~35 ms of the UI's thread, over two frames.

Heights and drawn lines are shared by every pane (``_HEIGHTS``, ``_STRIPS``): most items read
the same from one employer to the next (a passed right, an account's login), and during a check
the pane is rebuilt each time the cursor rests, its items wrapped twice each time.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.segment import Segment
from textual.cache import LRUCache
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

INDENT = 2

_HEIGHTS: LRUCache[Hashable, int] = LRUCache(2048)
_STRIPS: LRUCache[Hashable, list[Strip]] = LRUCache(512)


def _rules(rules: RulesMap) -> tuple[object, ...]:
    """The rules that change how text wraps and lines up."""
    get = rules.get
    return (
        get("line_pad", 0),
        get("text_overflow", "fold"),
        get("text_wrap", "wrap"),
        get("text_align", "left"),
    )


class ItemPrompt(Visual):
    """``str()`` gives its plain text, the parts joined by newlines (what the option says)."""

    def __init__(self, head: Content, *indented: Content) -> None:
        self.head = head
        self.indented = indented
        self.plain = "\n".join([head.plain, *(part.plain for part in indented)])
        # Content compares by its text alone; the key has its styled spans too.
        self.key: Hashable = tuple((part.plain, tuple(part.spans)) for part in (head, *indented))

    def __str__(self) -> str:
        return self.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        widths = [INDENT + part.cell_length for part in self.indented]
        return max([self.head.cell_length, *widths])

    def get_height(self, rules: RulesMap, width: int) -> int:
        key = (self.key, width, _rules(rules))
        height = _HEIGHTS.get(key)
        if height is None:
            inner = max(1, width - INDENT)
            height = self.head.get_height(rules, width) + sum(
                part.get_height(rules, inner) for part in self.indented
            )
            _HEIGHTS[key] = height
        return height

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        shared = options.selection is None and options.post_style is None
        key = (self.key, width, style, _rules(options.rules))
        strips = _STRIPS.get(key) if shared else None
        if strips is None:
            strips = list(self.head.render_strips(width, None, style, options))
            inner = max(1, width - INDENT)
            margin = Segment(" " * INDENT, style.rich_style)
            for part in self.indented:
                for strip in part.render_strips(inner, None, style, options):
                    strips.append(Strip([margin, *strip], strip.cell_length + INDENT))
            if shared:
                _STRIPS[key] = strips
        return list(strips) if height is None else strips[:height]
