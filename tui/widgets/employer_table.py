"""The employers table: one line per employer, drawn with Textual's line API.

Made for this one list rather than a general grid: every column has a fixed width and every
row is one line, so a row is drawn once into a strip and kept until its employer changes.
Filling 1,000 rows costs the time to sort them; a check result redraws its own line only,
and only when that line is on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.screens.dashboard_counts import RowCounts
from tui.screens.dashboard_view import COLUMN_LABELS, COLUMNS, EmployerRow, clip, column_widths
from tui.text.ui import ui

_STATUS_STYLE = {
    "ready": "green",
    "problems": "bold red",
    "error": "red",
    "unverified": "yellow",
    "unchecked": "",
}
CELL_PADDING = 1
HEADER_LINES = 1


@dataclass(frozen=True, slots=True)
class _Look:
    """What a row's text depends on besides the row itself. Of the clock only the day and
    the zone count (a time today, a day this year, else a year): a new second is no reason
    to draw every row again."""

    lang: str
    ascii_only: bool
    day: date
    offset: timedelta | None
    now: datetime = field(compare=False)


def _look(lang: str, ascii_only: bool, now: datetime) -> _Look:
    return _Look(lang, ascii_only, now.date(), now.utcoffset(), now)


def _place(
    rows: Sequence[EmployerRow],
    row: EmployerRow,
    key: Callable[[EmployerRow], Any],
    reverse: bool,
) -> int:
    """Where ``row`` goes among ``rows`` sorted by ``key``: after the rows of an equal key, as
    a stable sort of the rows given in that order would put it."""
    wanted = key(row)
    low, high = 0, len(rows)
    while low < high:
        middle = (low + high) // 2
        other = key(rows[middle])
        if (wanted > other) if reverse else (wanted < other):
            high = middle
        else:
            low = middle + 1
    return low


class EmployerTable(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False, id="table_up"),
        Binding("down", "cursor_down", "Down", show=False, id="table_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="table_page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table_page_down"),
        Binding("home", "first", "First", show=False, id="table_first"),
        Binding("end", "last", "Last", show=False, id="table_last"),
    ]
    COMPONENT_CLASSES = {
        "employer-table--header",
        "employer-table--cursor",
    }

    class _Message(Message):
        def __init__(self, table: EmployerTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> EmployerTable:
            return self.table

    class RowHighlighted(_Message):
        """The cursor is on another employer (``slug`` None: the table is empty)."""

        def __init__(self, table: EmployerTable, slug: str | None) -> None:
            super().__init__(table)
            self.slug = slug

    class HeaderSelected(_Message):
        """A column's header was clicked."""

        def __init__(self, table: EmployerTable, column: str) -> None:
            super().__init__(table)
            self.column = column

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.widths = column_widths(80)
        self.labels: dict[str, Text] = {}
        self.cursor_row = 0
        self._rows: list[EmployerRow] = []
        self._index: dict[str, int] = {}
        # of the rows shown, kept as they change: the summary reads them without a recount
        self.counts = RowCounts()
        self._look = _look("nl", False, datetime.now())
        self._strips: dict[str, tuple[EmployerRow, Strip]] = {}
        self._header: Strip | None = None
        self._highlighted: str | None = None

    # contents ------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def line_width(self) -> int:
        return sum(width + 2 * CELL_PADDING for width in self.widths.values())

    @property
    def slugs(self) -> list[str]:
        """The employers shown, top to bottom."""
        return [row.slug for row in self._rows]

    def has_row(self, slug: str) -> bool:
        return slug in self._index

    def get_row_index(self, slug: str) -> int:
        """The row of ``slug``; KeyError when it is not shown."""
        return self._index[slug]

    @property
    def selected_slug(self) -> str | None:
        if not self._rows:
            return None
        return self._rows[self.cursor_row].slug

    def set_headers(self, lang: str, sort_column: str, reverse: bool, table_width: int) -> None:
        """Column labels in ``lang`` and widths for ``table_width``; the sort column gets an
        arrow. Clears the rows too: the caller fills them again."""
        self.widths = column_widths(table_width)
        self.labels = {}
        for column in COLUMNS:
            width = self.widths[column]
            label = ui(COLUMN_LABELS[column], lang)
            if len(label) + (2 if column == sort_column else 0) > width:
                label = ui(f"short.{COLUMN_LABELS[column]}", lang)
            if column == sort_column:
                label = clip(label, width - 2) + (" v" if reverse else " ^")
            self.labels[column] = Text(clip(label, width))
        self._header = None
        self._strips.clear()
        self.fill([], lang, self._look.ascii_only, self._look.now, None)

    def fill(
        self,
        rows: Sequence[EmployerRow],
        lang: str,
        ascii_only: bool,
        now: datetime,
        keep: str | None,
    ) -> None:
        """Show ``rows``, keeping the cursor on ``keep`` when it is among them (else on the
        first row). Lines already drawn for unchanged rows are reused."""
        self._set_look(_look(lang, ascii_only, now))
        self._rows = list(rows)
        self._index = {row.slug: n for n, row in enumerate(self._rows)}
        self.counts = RowCounts.of(self._rows)
        self.virtual_size = Size(self.line_width, len(self._rows) + HEADER_LINES)
        self.cursor_row = self._index.get(keep, 0) if keep is not None else 0
        self.refresh()
        if self._rows:
            self.scroll_to_cursor()
        self._cursor_moved()

    def update_row(self, row: EmployerRow, lang: str, ascii_only: bool, now: datetime) -> bool:
        """Update one shown row in place; False when the row is not shown (filtered out)."""
        return not self.update_rows([row], lang, ascii_only, now)

    def update_rows(
        self, rows: Iterable[EmployerRow], lang: str, ascii_only: bool, now: datetime
    ) -> list[EmployerRow]:
        """Update shown rows in place, redrawing only those on screen; returns the rows that
        are not shown (filtered out), which the caller must add by filling again."""
        self._set_look(_look(lang, ascii_only, now))
        missing: list[EmployerRow] = []
        for row in rows:
            index = self._index.get(row.slug)
            if index is None:
                missing.append(row)
                continue
            self.counts.remove(self._rows[index])
            self.counts.add(row)
            self._rows[index] = row
            self._strips.pop(row.slug, None)
            self._refresh_row(index)
        return missing

    def insert_rows(
        self,
        rows: Iterable[EmployerRow],
        key: Callable[[EmployerRow], Any],
        reverse: bool,
        lang: str,
        ascii_only: bool,
        now: datetime,
    ) -> None:
        """Add rows not shown yet where the order (``key``, ``reverse``, as ``sorted`` gives
        it) puts them, the cursor staying on its employer: a result that comes to match the
        filter costs a search among the rows, not a filter and sort of all of them."""
        self._set_look(_look(lang, ascii_only, now))
        keep = self.selected_slug
        for row in rows:
            if row.slug in self._index:
                continue
            self._rows.insert(_place(self._rows, row, key, reverse), row)
            self.counts.add(row)
        self._index = {row.slug: n for n, row in enumerate(self._rows)}
        self.virtual_size = Size(self.line_width, len(self._rows) + HEADER_LINES)
        self.cursor_row = self._index.get(keep, 0) if keep is not None else 0
        self.refresh()
        self.scroll_to_cursor()
        self._cursor_moved()

    def _set_look(self, look: _Look) -> None:
        if look != self._look:
            self._look = look
            self._strips.clear()
            self.refresh()

    # cursor --------------------------------------------------------------------------------

    def move_cursor(self, *, row: int, animate: bool = False, scroll: bool = True) -> None:
        if not self._rows:
            return
        before = self.cursor_row
        self.cursor_row = max(0, min(row, len(self._rows) - 1))
        if self.cursor_row != before:
            self._refresh_row(before)
            self._refresh_row(self.cursor_row)
        if scroll:
            self.scroll_to_cursor()
        self._cursor_moved()

    def scroll_to_cursor(self) -> None:
        shown = self._rows_shown()
        if shown <= 0:
            # not laid out yet: once it is
            self.call_after_refresh(self._scroll_if_sized)
            return
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + shown:
            self.scroll_to(y=self.cursor_row - shown + 1, animate=False, immediate=True)

    def _scroll_if_sized(self) -> None:
        if self._rows_shown() > 0:
            self.scroll_to_cursor()

    def _rows_shown(self) -> int:
        return self.scrollable_content_region.height - HEADER_LINES

    def _cursor_moved(self) -> None:
        slug = self.selected_slug
        if slug != self._highlighted:
            self._highlighted = slug
            self.post_message(self.RowHighlighted(self, slug))

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - max(self._rows_shown(), 1))

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + max(self._rows_shown(), 1))

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self._rows) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < HEADER_LINES:
            column = self._column_at(offset.x + round(self.scroll_x))
            if column is not None:
                self.post_message(self.HeaderSelected(self, column))
            return
        row = round(self.scroll_y) + offset.y - HEADER_LINES
        if row < len(self._rows):
            self.move_cursor(row=row, scroll=False)

    def _column_at(self, x: int) -> str | None:
        right = 0
        for column in COLUMNS:
            right += self.widths[column] + 2 * CELL_PADDING
            if x < right:
                return column
        return None

    def on_focus(self) -> None:
        self._refresh_row(self.cursor_row)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor_row)

    # drawing -------------------------------------------------------------------------------

    def _refresh_row(self, index: int) -> None:
        y = index - round(self.scroll_y) + HEADER_LINES
        if HEADER_LINES <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        scroll_x = round(self.scroll_x)
        width = self.size.width
        base = self.rich_style
        if y < HEADER_LINES:
            strip = self._header_strip()
        else:
            index = round(self.scroll_y) + y - HEADER_LINES
            if index >= len(self._rows):
                return Strip.blank(width, base)
            strip = self._row_strip(self._rows[index])
            if index == self.cursor_row:
                strip = strip.apply_style(self.get_component_rich_style("employer-table--cursor"))
        return strip.apply_style(base).crop_extend(scroll_x, scroll_x + width, base)

    def _header_strip(self) -> Strip:
        if self._header is None:
            cells = [self.labels.get(column, Text()) for column in COLUMNS]
            line = self._line(cells)
            style = self.get_component_rich_style("employer-table--header")
            self._header = line.apply_style(style)
        return self._header

    def _row_strip(self, row: EmployerRow) -> Strip:
        cached = self._strips.get(row.slug)
        if cached is not None and cached[0] is row:
            return cached[1]
        look = self._look
        values = row.cells(look.lang, look.ascii_only, look.now)
        widths = [self.widths[column] for column in COLUMNS]
        cells = [Text(clip(value, width)) for value, width in zip(values, widths, strict=True)]
        cells[3].stylize(_STATUS_STYLE.get(row.status, ""))
        if row.overdue:
            cells[5].stylize("yellow")
        strip = self._line(cells)
        self._strips[row.slug] = (row, strip)
        return strip

    def _line(self, cells: list[Text]) -> Strip:
        """The cells side by side, each cut or padded to its column's width (in cells)."""
        line = Text(no_wrap=True, end="")
        pad = " " * CELL_PADDING
        for column, cell in zip(COLUMNS, cells, strict=True):
            width = self.widths[column]
            cell.truncate(width, overflow="crop", pad=True)  # wide characters
            line.append(pad)
            line.append_text(cell)
            line.append(pad)
        segments = [s for s in line.render(self.app.console) if s.text]
        return Strip(Segment.simplify(segments), self.line_width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._header = None
