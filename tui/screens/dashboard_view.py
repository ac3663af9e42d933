"""The dashboard's view model, plain Python: rows, filter, sort, counts, glyphs, validation
(the checklist pane's: ``tui.screens.checklist_view``).

The Textual screens render what this module computes; tests exercise it without a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import msgspec

from tui.profiles import fields
from tui.profiles.fields import Problem
from tui.profiles.model import Profile
from tui.profiles.rows import ProfileRow, row_of
from tui.screens.checklist_view import ADMIN_ONLY_ITEMS as ADMIN_ONLY_ITEMS
from tui.screens.checklist_view import ItemView as ItemView
from tui.screens.checklist_view import checklist_view as checklist_view
from tui.screens.checklist_view import hint_text as hint_text
from tui.screens.checklist_view import restate as restate
from tui.screens.checklist_view import stored_detail as stored_detail
from tui.screens.checklist_view import toggle_confirmation as toggle_confirmation
from tui.screens.dashboard_counts import RowCounts
from tui.text.safe import plain
from tui.text.ui import ui

_UNICODE_GLYPHS = {
    "pass": "✓",
    "fail": "✗",
    "warn": "!",
    "manual": "?",
    "unknown": "~",
    "skipped": "-",
    "ready": "✓",
    "problems": "✗",
    "unverified": "?",
    "error": "!",
    "unchecked": "·",
    "running": "»",
}
_ASCII_GLYPHS = {
    "pass": "+",
    "fail": "x",
    "warn": "!",
    "manual": "?",
    "unknown": "~",
    "skipped": "-",
    "ready": "+",
    "problems": "x",
    "unverified": "?",
    "error": "!",
    "unchecked": ".",
    "running": ">",
}


def use_ascii_glyphs(setting: str, env: Mapping[str, str] | None = None) -> bool:
    """``auto`` picks ASCII on the Linux console (``TERM=linux``), whose font lacks the marks,
    and in a locale that is not UTF-8 (which would show ``\u2502`` for a line)."""
    from tui.widgets.plain import ascii_terminal

    env = os.environ if env is None else env
    if setting in ("ascii", "unicode"):
        return setting == "ascii"
    return ascii_terminal(env)


def glyph(status: str, ascii_only: bool) -> str:
    return (_ASCII_GLYPHS if ascii_only else _UNICODE_GLYPHS).get(status, "?")


def status_label(status: str, lang: str, ascii_only: bool) -> str:
    return f"{glyph(status, ascii_only)} {ui(f'status.{status}', lang)}"


def short_time(when: datetime | None, now: datetime, lang: str) -> str:
    """Five characters: the time today, the day this year, else the year."""
    if when is None:
        return "-"
    local = when.astimezone(now.tzinfo) if when.tzinfo and now.tzinfo else when
    if local.date() == now.date():
        return local.strftime("%H:%M")
    if local.year == now.year:
        return local.strftime("%d-%m")
    return local.strftime("%Y")


class EmployerRow(msgspec.Struct, frozen=True, gc=False):
    """One dashboard row: display text already made terminal-safe; ``source`` is the store's
    row it was made from (the values as the profile holds them). A Struct: 10,000 of them are
    made before the first frame, at a fifth of a frozen dataclass's cost."""

    slug: str
    name: str
    werkgever_id: str
    username: str
    status: str
    checked_at: datetime | None
    submission: str
    overdue: bool
    source: ProfileRow

    @property
    def read_only(self) -> bool:
        return self.source.read_only

    def cells(self, lang: str, ascii_only: bool, now: datetime) -> tuple[str, ...]:
        submission = ui(f"submission.{self.submission}", lang)
        if self.overdue:
            submission = f"{glyph('warn', ascii_only)}{ui('dash.overdue_short', lang)}"
        return (
            self.name,
            self.werkgever_id,
            self.username,
            f"{glyph(self.status, ascii_only)} {ui(f'short.{self.status}', lang)}",
            short_time(self.checked_at, now, lang),
            submission,
        )

    def haystack(self, lang: str, labels: dict[str, str] | None = None) -> str:
        """The row's text to filter on; ``labels`` caches the catalogue's words across rows
        (a filter of 10,000 rows looked each up 20,000 times)."""
        if labels is None:
            labels = {}
        status, submission = f"status.{self.status}", f"submission.{self.submission}"
        for key in (status, submission):
            if key not in labels:
                labels[key] = ui(key, lang)
        return " ".join(
            (
                self.name,
                self.werkgever_id,
                self.username,
                self.slug,
                labels[status],
                labels[submission],
            )
        ).casefold()


COLUMNS = ("name", "werkgever_id", "username", "status", "checked_at", "submission")
COLUMN_LABELS = {
    "name": "col.employer",
    "werkgever_id": "col.werkgever_id",
    "username": "col.account",
    "status": "col.status",
    "checked_at": "col.last_check",
    "submission": "col.submission",
}


_BASE_WIDTHS = {"werkgever_id": 7, "username": 9, "status": 13, "checked_at": 5, "submission": 11}
_ROOM_WIDTHS = {"werkgever_id": 9, "username": 18, "status": 13, "checked_at": 5, "submission": 12}


def column_widths(table_width: int) -> dict[str, int]:
    """Content widths that fit ``table_width`` (cell padding and scrollbar included).

    At 80 columns the name keeps 20 characters; wider tables first widen the other columns,
    then give the name the rest.
    """
    avail = table_width - 2 - 2 * len(COLUMNS)
    widths = dict(_BASE_WIDTHS)
    if avail - sum(_ROOM_WIDTHS.values()) >= 28:
        widths = dict(_ROOM_WIDTHS)
    widths["name"] = max(12, avail - sum(widths.values()))
    return widths


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "~"


def row_for(profile: Profile, now: datetime) -> EmployerRow:
    return row_from(row_of(profile), now)


def row_from(source: ProfileRow, now: datetime) -> EmployerRow:
    # A start makes 10,000 of these before its first frame: text that is already safe and
    # short (nearly all) is used as it is without a call to ``plain``.
    name, werkgever_id, username = source.name, source.werkgever_id, source.username
    if len(name) > 60 or not name.isprintable():
        name = plain(name, limit=60)
    if len(werkgever_id) > 40 or not werkgever_id.isprintable():
        werkgever_id = plain(werkgever_id, limit=40)
    if len(username) > 40 or not username.isprintable():
        username = plain(username, limit=40)
    return EmployerRow(
        source.slug,
        name,
        werkgever_id,
        username,
        source.status,
        source.checked_at,
        source.submission,
        source.submission == "sent" and source.overdue(now),
        source,
    )


def filter_rows(rows: Iterable[EmployerRow], query: str, lang: str) -> list[EmployerRow]:
    """Every word of ``query`` must occur somewhere in the row (case-insensitive)."""
    words = query.casefold().split()
    if not words:
        return list(rows)
    labels: dict[str, str] = {}

    def matches(row: EmployerRow) -> bool:
        haystack = row.haystack(lang, labels)  # once per row, not once per word
        return all(word in haystack for word in words)

    return [row for row in rows if matches(row)]


_STATUS_ORDER = {
    s: i for i, s in enumerate(("problems", "error", "unverified", "unchecked", "ready"))
}


def sort_key(column: str) -> Callable[[EmployerRow], Any]:
    def key(row: EmployerRow) -> tuple[Any, ...]:
        if column == "status":
            return (_STATUS_ORDER.get(row.status, 9), row.name.casefold())
        if column == "checked_at":
            stamp = row.checked_at.timestamp() if row.checked_at else float("-inf")
            return (stamp, row.name.casefold())
        if column == "werkgever_id":
            digits = row.werkgever_id.isdigit()
            return (0 if digits else 1, int(row.werkgever_id) if digits else 0, row.werkgever_id)
        if column == "submission":
            return (row.overdue is False, row.submission, row.name.casefold())
        return (str(getattr(row, column)).casefold(),)

    if column == "name":  # the first sort of every start, 10,000 rows: no tuple per row
        return lambda row: row.name.casefold()
    return key


def sort_rows(rows: Iterable[EmployerRow], column: str, reverse: bool = False) -> list[EmployerRow]:
    return sorted(rows, key=sort_key(column), reverse=reverse)


def summary_line(
    shown: Sequence[EmployerRow] | RowCounts,
    total: int,
    broken: int,
    lang: str,
    ascii_only: bool,
) -> str:
    counts = shown if isinstance(shown, RowCounts) else RowCounts.of(shown)
    parts = [ui("dash.summary", lang, n=total, shown=counts.rows, total=total)]
    parts += [
        f"{glyph(status, ascii_only)} {count} {ui(f'status.{status}', lang)}"
        for status, count in counts.by_status().items()
    ]
    overdue = counts.overdue
    if overdue:
        parts.append(f"{glyph('warn', ascii_only)} {overdue} {ui('dash.overdue', lang)}")
    if broken:
        parts.append(ui("dash.broken", lang, count=broken))
    return "  ".join(parts)


def eta_text(done: int, total: int, elapsed: float) -> str:
    if done == 0 or elapsed <= 0:
        return "--:--"
    remaining = max(total - done, 0) * elapsed / done
    minutes, seconds = divmod(round(remaining), 60)
    return f"{minutes:02d}:{seconds:02d}"


# form validation ---------------------------------------------------------------------------


def werkgever_id_problem(value: str) -> Problem | None:
    """What is wrong with a typed werkgever ID (the rule of ``tui.profiles.fields``)."""
    return fields.werkgever_id_problem(value)


# the form's field -> the profile field (and CSV column) it sets, where the names differ
FORM_FIELDS = {"email": "contact_email"}


def field_problems(values: Mapping[str, str]) -> dict[str, Problem]:
    """Field name -> the problem of each invalid field of the employer form (the rules CSV
    import, the checker and the CLI use: ``tui.profiles.fields``). The password is not judged."""
    typed = {FORM_FIELDS.get(k, k): v for k, v in values.items() if k != "password"}
    back = {column: name for name, column in FORM_FIELDS.items()}
    return {back.get(k, k): problem for k, problem in fields.employer_problems(typed).items()}


def now_local() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)
