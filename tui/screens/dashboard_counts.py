"""The summary's counts of the dashboard's rows, kept as rows change (plain Python)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tui.profiles.model import PROFILE_STATUSES

if TYPE_CHECKING:
    from tui.screens.dashboard_view import EmployerRow


class RowCounts:
    """How many rows are shown, per status and overdue; kept up to date one row at a time, so
    a result in a list of 10,000 does not mean counting all 10,000 again."""

    __slots__ = ("overdue", "rows", "statuses")

    def __init__(self) -> None:
        self.rows = 0
        self.overdue = 0
        self.statuses: Counter[str] = Counter()

    @classmethod
    def of(cls, rows: Iterable[EmployerRow]) -> RowCounts:
        counts = cls()
        for row in rows:
            counts.add(row)
        return counts

    def add(self, row: EmployerRow) -> None:
        self.rows += 1
        self.statuses[row.status] += 1
        self.overdue += row.overdue

    def remove(self, row: EmployerRow) -> None:
        self.rows -= 1
        self.statuses[row.status] -= 1
        self.overdue -= row.overdue

    def by_status(self) -> dict[str, int]:
        counts = self.statuses
        return {status: counts[status] for status in PROFILE_STATUSES if counts[status] > 0}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RowCounts):
            return NotImplemented
        return (self.rows, self.overdue, self.by_status()) == (
            other.rows,
            other.overdue,
            other.by_status(),
        )

    def __repr__(self) -> str:
        return f"RowCounts(rows={self.rows}, overdue={self.overdue}, {self.by_status()})"
