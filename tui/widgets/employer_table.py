"""The employers table: filled screen first, updated cell by cell as check results stream in."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.cache import LRUCache
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from tui.ui_state import COLUMN_LABELS, COLUMNS, EmployerRow, clip, column_widths
from tui.ui_text import ui

_STATUS_STYLE = {
    "ready": "green",
    "problems": "bold red",
    "error": "red",
    "unverified": "yellow",
    "unchecked": "",
}


# Rows added at once by ``fill``: more than a terminal shows. The rest follow per refresh.
FIRST_ROWS = 120
LATER_ROWS = 200


class EmployerTable(DataTable[Text]):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.widths = column_widths(80)
        self._generation = 0
        self._pending: dict[str, EmployerRow] = {}
        self._pending_style: tuple[str, bool, datetime] = ("nl", False, datetime.now())

    def set_headers(self, lang: str, sort_column: str, reverse: bool, table_width: int) -> None:
        """(Re)create the columns with labels in ``lang``; the sort column gets an arrow.

        Clears the rows too: the caller fills them again.
        """
        self.clear(columns=True)
        self.widths = column_widths(table_width)
        for column in COLUMNS:
            width = self.widths[column]
            label = ui(COLUMN_LABELS[column], lang)
            if len(label) + (2 if column == sort_column else 0) > width:
                label = ui(f"short.{COLUMN_LABELS[column]}", lang)
            if column == sort_column:
                label = clip(label, width - 2) + (" v" if reverse else " ^")
            self.add_column(Text(clip(label, width)), key=column, width=width)

    def _cells(self, row: EmployerRow, lang: str, ascii_only: bool, now: datetime) -> list[Text]:
        cells = [
            Text(clip(value, self.widths[column]))
            for column, value in zip(COLUMNS, row.cells(lang, ascii_only, now), strict=True)
        ]
        cells[3].stylize(_STATUS_STYLE.get(row.status, ""))
        if row.overdue:
            cells[5].stylize("yellow")
        return cells

    def fill(
        self,
        rows: Sequence[EmployerRow],
        lang: str,
        ascii_only: bool,
        now: datetime,
        keep: str | None,
    ) -> None:
        """Replace every row, keeping the cursor on ``keep`` when it is still shown.

        Adding a row to a DataTable costs about 0.1 ms, so a long list arrives in two parts:
        more rows than any terminal shows at once now, the rest in chunks after each refresh.
        The first frame is complete where the user can see it, and the event loop never
        blocks for the whole list. A row still pending takes its updates as it waits.
        """
        self._generation += 1
        self._pending.clear()
        self.clear()
        slugs = [row.slug for row in rows]
        first = len(rows)
        if len(rows) > FIRST_ROWS and (keep is None or keep not in slugs[FIRST_ROWS:]):
            first = FIRST_ROWS
        for row in rows[:first]:
            self.add_row(*self._cells(row, lang, ascii_only, now), key=row.slug)
        if first < len(rows):
            self._pending = {row.slug: row for row in rows[first:]}
            self._pending_style = (lang, ascii_only, now)
            self.call_after_refresh(self._add_pending, self._generation)
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False)

    @property
    def pending(self) -> int:
        """Rows of the last fill not yet added."""
        return len(self._pending)

    def _add_pending(self, generation: int) -> None:
        if generation != self._generation or not self._pending:
            return
        lang, ascii_only, now = self._pending_style
        for slug in list(itertools.islice(self._pending, LATER_ROWS)):
            row = self._pending.pop(slug)
            self.add_row(*self._cells(row, lang, ascii_only, now), key=slug)
        if self._pending:
            self.call_after_refresh(self._add_pending, generation)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # DataTable measures every cell of every new row to size auto-width columns and
        # auto-height rows (~0.2 s for 1,000 rows). Here every column has a fixed width and
        # every row is one line without a label, so the measurements change nothing: skip
        # them and let DataTable only recompute the virtual size.
        super()._update_dimensions(())

    def update_row(self, row: EmployerRow, lang: str, ascii_only: bool, now: datetime) -> bool:
        """Update one shown row in place; False when the row is not shown (filtered out)."""
        return not self.update_rows([row], lang, ascii_only, now)

    def update_rows(
        self, rows: Iterable[EmployerRow], lang: str, ascii_only: bool, now: datetime
    ) -> list[EmployerRow]:
        """Update shown rows in place, redrawing only those rows; returns the rows that are
        not shown (filtered out), which the caller must add by filling again."""
        missing: list[EmployerRow] = []
        changed: set[RowKey] = set()
        for row in rows:
            if row.slug in self._pending:
                self._pending[row.slug] = row
                continue
            if row.slug not in self.rows:
                missing.append(row)
                continue
            key = RowKey(row.slug)
            cells = self._data[key]
            for column, cell in zip(COLUMNS, self._cells(row, lang, ascii_only, now), strict=True):
                cells[ColumnKey(column)] = cell
            changed.add(key)
        if changed:
            self._forget_renders(changed)
        return missing

    def _forget_renders(self, keys: set[RowKey]) -> None:
        """Drop the cached renders of these rows only, then redraw.

        DataTable.update_cell bumps the table's update count, which invalidates the rendered
        cells of every row: with results streaming in, each batch redrew every visible cell
        (most of a frame's 25-50 ms). Here only the changed rows are rendered again; lines are
        rebuilt from the per-row cache, which is cheap. This reaches into DataTable's caches
        (cells, rows, row renderables, lines: Textual 8); tests/tui/test_table_updates.py
        fails if a Textual release caches differently.
        """
        caches: tuple[LRUCache[Any, Any], ...] = (self._cell_render_cache, self._row_render_cache)
        for cache in caches:
            stale = [cache_key for cache_key in cache.keys() if cache_key[0] in keys]  # noqa: SIM118
            for cache_key in stale:
                cache.discard(cache_key)
        indexes = {self._row_locations.get(key) for key in keys}
        renderables: LRUCache[Any, Any] = self._row_renderable_cache
        for cache_key in [k for k in renderables.keys() if k[1] in indexes]:  # noqa: SIM118
            renderables.discard(cache_key)
        self._line_cache.clear()
        self.refresh()

    @property
    def selected_slug(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return key.value
