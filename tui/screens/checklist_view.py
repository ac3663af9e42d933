"""The checklist pane's view model, plain Python: each item of the manual with the profile's
last known state of it, and a person's confirmation of a manual item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tui.checks.items import all_items
from tui.profiles.model import ItemRecord, Profile
from tui.text.safe import plain

if TYPE_CHECKING:
    from tui.checks.items import ItemDef


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
