"""Profiles: one employer's connection to XpertSuite, as plain dataclasses.

A profile maps to one TOML document. ``Profile.from_doc`` reads the keys this version knows
and keeps the whole document in ``raw``; ``Profile.to_doc`` writes the known keys back over a
copy of ``raw``, so keys from newer versions or other tools survive a rewrite.

``Profile.deferred`` makes a profile whose checklist (most of a checked profile) is read only
when ``items`` or ``raw`` is first used: the store's index serves start-up that way.
"""

from __future__ import annotations

import copy
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

SCHEMA_VERSION = 1

PROFILE_STATUSES = ("ready", "problems", "unverified", "error", "unchecked")
ITEM_STATUSES = ("pass", "fail", "warn", "manual", "unknown", "skipped")
# ``exported``: handed over (an .eml file, the clipboard) but not known to be sent; only an SMTP
# server's acceptance or the person saying so makes it ``sent``.
SUBMISSION_STATUSES = ("draft", "exported", "sent", "connected")

_SLUG_MAX = 64
_READING_CHECKLIST = threading.RLock()
OVERDUE_DAYS = 14


def slugify(name: str) -> str:
    """'Café De Zwaan V.O.F.' -> 'cafe-de-zwaan-vof'. Legal forms stay, compacted."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace(".", "").replace("&", " en ").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:_SLUG_MAX].rstrip("-")


class ProfileError(ValueError):
    """A profile document with a wrong key or value; ``key`` names it."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


@dataclass(slots=True)
class ItemRecord:
    """The last known state of one checklist item, as stored in the profile.

    ``detail`` is the finding in the language of the check that made it; ``reason`` and
    ``params`` let the UI say the same finding again in another language.
    """

    status: str
    detail: str = ""
    checked_at: datetime | None = None
    confirmed_at: datetime | None = None
    reason: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Submission:
    status: str = "draft"
    sent_at: datetime | None = None
    method: str | None = None
    to: str | None = None
    message_id: str | None = None
    without_password: bool = False
    connected_at: datetime | None = None
    connected_source: str | None = None
    exported_at: datetime | None = None
    exported_file: str | None = None
    sent_source: str | None = None  # "person" when the person said it was sent


def is_overdue(profile: Profile, now: datetime, days: int = OVERDUE_DAYS) -> bool:
    """Sent more than ``days`` ago and still not connected: the dashboard flags it."""
    sub = profile.submission
    if sub.status != "sent" or sub.sent_at is None:
        return False
    sent_at = sub.sent_at if sub.sent_at.tzinfo else sub.sent_at.astimezone()
    current = now if now.tzinfo else now.astimezone()
    return current - sent_at > timedelta(days=days)


@dataclass(slots=True)
class Profile:
    slug: str
    name: str
    werkgever_id: str
    username: str
    loket_id: str | None = None
    client_number: str | None = None
    administration_number: str | None = None
    contact_email: str | None = None
    notes: str | None = None
    status: str = "unchecked"
    checked_at: datetime | None = None
    items: dict[str, ItemRecord] = field(default_factory=dict)
    submission: Submission = field(default_factory=Submission)
    schema: int = SCHEMA_VERSION
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # A deferred profile's checklist table, read on first use of ``items`` or ``raw``.
    _checklist: Callable[[], dict[str, Any]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _top: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def read_only(self) -> bool:
        return self.schema > SCHEMA_VERSION

    @classmethod
    def deferred(
        cls, slug: str, top: dict[str, Any], checklist: Callable[[], dict[str, Any]] | None
    ) -> Profile:
        """A profile from an already validated document without its checklist table (``top``);
        ``checklist`` gives that table when ``items`` or ``raw`` is first used."""
        profile = cls.from_doc(slug, top)
        if checklist is not None:
            del profile.items, profile.raw  # read again, whole, on first use (__getattr__)
            profile._top = top
            profile._checklist = checklist
        return profile

    def __getattr__(self, name: str) -> Any:
        # Only reached for a slot with no value: ``items`` and ``raw`` of a deferred profile.
        if name not in ("items", "raw"):
            raise AttributeError(name)
        with _READING_CHECKLIST:  # the UI and a check's thread may both ask first
            try:
                return object.__getattribute__(self, name)  # read meanwhile by the other
            except AttributeError:
                pass
            try:
                loader, top = self._checklist, self._top
            except AttributeError:  # a copy being assembled
                raise AttributeError(name) from None
            if loader is None or top is None:
                raise AttributeError(name)
            whole = dict(top)
            whole["checklist"] = loader()
            self.raw = whole
            self.items = _items(whole)
            self._checklist = self._top = None
            return getattr(self, name)

    @classmethod
    def from_doc(cls, slug: str, doc: dict[str, Any]) -> Profile:
        schema = doc.get("schema", SCHEMA_VERSION)
        if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
            raise ProfileError("schema", f"must be a whole number from 1, got {schema!r}")
        employer = _table(doc, "employer")
        account = _table(doc, "account")
        contact = _table(doc, "contact")
        check = _table(doc, "check")
        sub = _table(doc, "submission")
        items = _items(doc)
        return cls(
            slug=slug,
            name=_required_text(employer, "name", "employer"),
            werkgever_id=_id_text(employer, "werkgever_id", "employer"),
            username=_required_text(account, "username", "account"),
            loket_id=_text(employer, "loket_id", "employer"),
            client_number=_text(employer, "client_number", "employer", numbers=True),
            administration_number=_text(
                employer, "administration_number", "employer", numbers=True
            ),
            contact_email=_text(contact, "email", "contact"),
            notes=_text(doc, "notes", ""),
            status=_choice(check, "status", PROFILE_STATUSES, "check", "unchecked"),
            checked_at=_when(check, "checked_at", "check"),
            items=items,
            submission=Submission(
                status=_choice(sub, "status", SUBMISSION_STATUSES, "submission", "draft"),
                sent_at=_when(sub, "sent_at", "submission"),
                method=_text(sub, "method", "submission"),
                to=_text(sub, "to", "submission"),
                message_id=_text(sub, "message_id", "submission"),
                without_password=bool(sub.get("without_password", False)),
                connected_at=_when(sub, "connected_at", "submission"),
                connected_source=_text(sub, "connected_source", "submission"),
                exported_at=_when(sub, "exported_at", "submission"),
                exported_file=_text(sub, "exported_file", "submission"),
                sent_source=_text(sub, "sent_source", "submission"),
            ),
            schema=schema,
            raw=doc,
        )

    def to_doc(self) -> dict[str, Any]:
        doc = copy.deepcopy(self.raw)
        doc["schema"] = max(self.schema, SCHEMA_VERSION)
        _put(
            doc,
            "employer",
            name=self.name,
            werkgever_id=self.werkgever_id,
            loket_id=self.loket_id,
            client_number=self.client_number,
            administration_number=self.administration_number,
        )
        _put(doc, "account", username=self.username)
        _put(doc, "contact", email=self.contact_email)
        if self.notes:
            doc["notes"] = self.notes
        else:
            doc.pop("notes", None)
        _put(
            doc,
            "check",
            status=None if self.status == "unchecked" else self.status,
            checked_at=self.checked_at,
        )
        current = doc.get("checklist")
        checklist: dict[str, Any] = dict(current) if isinstance(current, dict) else {}
        for item_id, rec in self.items.items():
            old = checklist.get(item_id)
            existing: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
            for key, value in (
                ("status", rec.status),
                ("detail", rec.detail or None),
                ("checked_at", rec.checked_at),
                ("confirmed_at", rec.confirmed_at),
                ("reason", rec.reason),
                ("params", _params(rec.params) or None),
            ):
                if value is None:
                    existing.pop(key, None)
                else:
                    existing[key] = value
            checklist[item_id] = existing
        for item_id in [k for k in checklist if k not in self.items]:
            del checklist[item_id]
        if checklist:
            doc["checklist"] = checklist
        else:
            doc.pop("checklist", None)
        s = self.submission
        _put(
            doc,
            "submission",
            status=None if s.status == "draft" and not (s.sent_at or s.exported_at) else s.status,
            sent_at=s.sent_at,
            method=s.method,
            to=s.to,
            message_id=s.message_id,
            without_password=True if s.without_password else None,
            connected_at=s.connected_at,
            connected_source=s.connected_source,
            exported_at=s.exported_at,
            exported_file=s.exported_file,
            sent_source=s.sent_source,
        )
        return doc


_ITEM_STATUS_SET = frozenset(ITEM_STATUSES)


def _plain_item(rec: dict[str, Any]) -> ItemRecord | None:
    """The record of a well-formed item without the checks that name what is wrong (a check
    leaves 17 of these per profile; 1,000 profiles load with 17,000 of them)."""
    status = rec.get("status", "manual")
    detail = rec.get("detail", "")
    checked = rec.get("checked_at")
    confirmed = rec.get("confirmed_at")
    reason = rec.get("reason")
    params = rec.get("params")
    if (
        status in _ITEM_STATUS_SET
        and type(detail) is str
        and (checked is None or type(checked) is datetime)
        and (confirmed is None or type(confirmed) is datetime)
        and (reason is None or type(reason) is str)
        and (params is None or type(params) is dict)
    ):
        return ItemRecord(status, detail, checked, confirmed, reason, _params(params))
    return None


def _items(doc: dict[str, Any]) -> dict[str, ItemRecord]:
    items: dict[str, ItemRecord] = {}
    for item_id, rec in _table(doc, "checklist").items():
        if type(rec) is dict and (plain := _plain_item(rec)) is not None:
            items[item_id] = plain
            continue
        if not isinstance(rec, dict):
            raise ProfileError(f"checklist.{item_id}", "must be a table")
        where = f'checklist."{item_id}"'
        items[item_id] = ItemRecord(
            status=_choice(rec, "status", ITEM_STATUSES, where, "manual"),
            detail=_text(rec, "detail", where) or "",
            checked_at=_when(rec, "checked_at", where),
            confirmed_at=_when(rec, "confirmed_at", where),
            reason=_text(rec, "reason", where),
            params=_params(rec.get("params")),
        )
    return items


def _params(value: object) -> dict[str, Any]:
    """A finding's parameters as TOML can hold them (text, numbers, booleans, times); anything
    else is left out rather than failing the profile."""
    if not isinstance(value, dict):
        return {}
    return {
        str(key): item
        for key, item in value.items()
        if isinstance(item, str | int | float | bool | datetime)
    }


def _table(doc: dict[str, Any], name: str) -> dict[str, Any]:
    value = doc.get(name, {})
    if not isinstance(value, dict):
        raise ProfileError(name, "must be a table")
    return value


def _key(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _text(t: dict[str, Any], key: str, where: str, numbers: bool = False) -> str | None:
    value = t.get(key)
    if value is None:
        return None
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ProfileError(_key(where, key), f"must be text, got {value!r}")
    return value


def _required_text(t: dict[str, Any], key: str, where: str) -> str:
    value = _text(t, key, where)
    if not value or not value.strip():
        raise ProfileError(_key(where, key), "is missing")
    return value


def _id_text(t: dict[str, Any], key: str, where: str) -> str:
    value = t.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _required_text(t, key, where)


def _choice(t: dict[str, Any], key: str, choices: tuple[str, ...], where: str, default: str) -> str:
    value = t.get(key, default)
    if value not in choices:
        raise ProfileError(_key(where, key), f"{value!r} is not one of {', '.join(choices)}")
    return str(value)


def _when(t: dict[str, Any], key: str, where: str) -> datetime | None:
    value = t.get(key)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ProfileError(_key(where, key), f"must be a date and time, got {value!r}")


def _put(doc: dict[str, Any], table: str, **values: Any) -> None:
    current = doc.get(table)
    target = dict(current) if isinstance(current, dict) else {}
    for key, value in values.items():
        if value is None or value == "":
            target.pop(key, None)
        else:
            target[key] = value
    if target:
        doc[table] = target
    else:
        doc.pop(table, None)
