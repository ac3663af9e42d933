"""The dashboard's view model, plain Python: rows, filter, sort, counts, glyphs, validation.

The Textual screens render what this module computes; tests exercise it without a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui.checks.items import all_items
from tui.profiles import fields
from tui.profiles.fields import Problem
from tui.profiles.model import ItemRecord, Profile, is_overdue
from tui.screens.dashboard_counts import RowCounts
from tui.text.safe import plain
from tui.text.ui import ui

if TYPE_CHECKING:
    from tui.checks.items import ItemDef

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


@dataclass(frozen=True)
class EmployerRow:
    """One dashboard row: display text already made terminal-safe."""

    slug: str
    name: str
    werkgever_id: str
    username: str
    status: str
    checked_at: datetime | None
    submission: str
    overdue: bool

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
    return EmployerRow(
        slug=profile.slug,
        name=plain(profile.name, limit=60),
        werkgever_id=plain(profile.werkgever_id, limit=40),
        username=plain(profile.username, limit=40),
        status=profile.status,
        checked_at=profile.checked_at,
        submission=profile.submission.status,
        overdue=is_overdue(profile, now),
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


def sort_key(column: str) -> Callable[[EmployerRow], tuple[Any, ...]]:
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

    return key


def sort_rows(rows: Iterable[EmployerRow], column: str, reverse: bool = False) -> list[EmployerRow]:
    return sorted(rows, key=sort_key(column), reverse=reverse)


def status_counts(rows: Iterable[EmployerRow]) -> dict[str, int]:
    return RowCounts.of(rows).by_status()


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


# checklist pane ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    """One checklist item of one profile, as the pane shows it."""

    id: str
    step: int
    title: str
    status: str
    detail: str
    hint: str
    confirmable: bool
    confirmed: bool
    basis: str | None = None  # what the status rests on: loket, model, admin, manual, local


# Items a check sets only with an admin session (DESIGN section 9): absent otherwise, never
# "unknown" for want of that session.
ADMIN_ONLY_ITEMS = ("account.rights_exact",)


def checklist_view(profile: Profile, lang: str) -> list[ItemView]:
    """Every item of the manual in order, with the profile's last known state of each."""
    params = {"username": profile.username, "profile": profile.slug, "name": profile.name}
    views = []
    for item in all_items():
        record = profile.items.get(item.id)
        if record is None and item.id in ADMIN_ONLY_ITEMS:
            continue
        if item.id == "submission.sent":
            record = _sent_record(profile)
        status = record.status if record else ("manual" if item.confirmable else "unknown")
        views.append(
            ItemView(
                id=item.id,
                step=item.step,
                title=item.title_in(lang),
                status=status,
                detail=plain(stored_detail(item.id, record, lang))
                if record and record.detail
                else "",
                # a stored detail already ends with the check's own fix hint
                hint=""
                if record and record.detail
                else plain(hint_text(item, status, lang, params)),
                confirmable=_can_confirm(item, record),
                confirmed=bool(record and record.confirmed_at),
                basis=_basis(record),
            )
        )
    return views


def _basis(record: ItemRecord | None) -> str | None:
    if record is None:
        return None
    if record.confirmed_at is not None:
        return "manual"
    basis = record.params.get("basis")
    return basis if isinstance(basis, str) else None


def _sent_record(profile: Profile) -> ItemRecord:
    """Step 3's first item follows the submission as it is recorded now, not as of the last
    check: an export right after a check shows as handed over, not as not sent."""
    from tui.checks.engine import render, sent_outcome

    outcome = sent_outcome(profile)
    detail = render(outcome, "nl").detail  # said again in the UI's language by its reason
    params = outcome.params | ({"basis": outcome.basis} if outcome.basis else {})
    return ItemRecord(outcome.status, detail, reason=outcome.reason, params=params)


def stored_detail(item_id: str, record: ItemRecord, lang: str) -> str:
    """The stored finding, said again in ``lang`` when the profile keeps its reason (a check
    in Dutch, read in English); else the text as the check wrote it."""
    if not record.reason:
        return record.detail
    from tui.checks.engine import Outcome, render  # the checker's; not needed to start

    try:
        return render(Outcome(item_id, record.status, record.reason, record.params), lang).detail
    except (KeyError, ValueError, IndexError):
        return record.detail


def hint_text(item: ItemDef, status: str, lang: str, params: dict[str, str]) -> str:
    return item.hint_for("", status, lang, params)


def _can_confirm(item: ItemDef, record: ItemRecord | None) -> bool:
    if not item.confirmable:
        return False
    if record is None:
        return True
    return record.confirmed_at is not None or record.status in ("manual", "warn", "unknown")


def toggle_confirmation(profile: Profile, item_id: str, when: datetime) -> bool:
    """Confirm a manual item (counts as pass) or withdraw the confirmation; returns confirmed."""
    record = profile.items.get(item_id)
    if record is not None and record.confirmed_at is not None:
        record.confirmed_at = None
        record.status = "manual"
        return False
    if record is None:
        record = profile.items[item_id] = ItemRecord(status="manual")
    record.confirmed_at = when
    record.status = "pass"
    return True


def restate(profile: Profile) -> None:
    """Recompute a checked profile's status from its item records after a confirmation."""
    from tui.checks.engine import Outcome, profile_status  # the checker's; not needed to start

    if profile.status in ("unchecked", "error"):
        return
    outcomes = [
        Outcome(
            item.id, profile.items[item.id].status if item.id in profile.items else "unknown", ""
        )
        for item in all_items()
        if item.id in profile.items or item.id not in ADMIN_ONLY_ITEMS
    ]
    profile.status = profile_status(outcomes, None)
