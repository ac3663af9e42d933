"""Profiles: one employer's connection to XpertSuite, as plain dataclasses.

A profile maps to one TOML document. ``Profile.from_doc`` reads the keys this version knows
(their types and defaults: the structures of ``tui.profiles.document``) and keeps the whole
document in ``raw``; ``Profile.to_doc`` writes the known keys back over a copy of ``raw``, so
keys from newer versions or other tools survive a rewrite.

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
from typing import Any, get_args

from tui.profiles.document import SCHEMA_VERSION as SCHEMA_VERSION
from tui.profiles.document import (
    ItemDoc,
    ItemStatus,
    ProfileStatus,
    SubmissionStatus,
    read_checklist,
    read_top,
)
from tui.profiles.document import ProfileError as ProfileError  # where callers look for it

PROFILE_STATUSES: tuple[str, ...] = get_args(ProfileStatus)
ITEM_STATUSES: tuple[str, ...] = get_args(ItemStatus)
SUBMISSION_STATUSES: tuple[str, ...] = get_args(SubmissionStatus)

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
    return sent_long_ago(profile.submission.status, profile.submission.sent_at, now, days)


def sent_long_ago(status: str, sent_at: datetime | None, now: datetime, days: int) -> bool:
    if status != "sent" or sent_at is None:
        return False
    sent_at = sent_at if sent_at.tzinfo else sent_at.astimezone()
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
            self.items = _records(read_checklist(whole))
            self._checklist = self._top = None
            return getattr(self, name)

    @classmethod
    def from_doc(cls, slug: str, doc: dict[str, Any]) -> Profile:
        top = read_top(doc)
        employer, sub = top.employer, top.submission
        return cls(
            slug=slug,
            name=employer.name,
            werkgever_id=str(employer.werkgever_id),
            username=top.account.username,
            loket_id=employer.loket_id,
            client_number=_digits(employer.client_number),
            administration_number=_digits(employer.administration_number),
            contact_email=top.contact.email,
            notes=top.notes,
            status=top.check.status,
            checked_at=top.check.checked_at,
            items=_records(read_checklist(doc)),
            submission=Submission(
                status=sub.status,
                sent_at=sub.sent_at,
                method=sub.method,
                to=sub.to,
                message_id=sub.message_id,
                without_password=sub.without_password,
                connected_at=sub.connected_at,
                connected_source=sub.connected_source,
                exported_at=sub.exported_at,
                exported_file=sub.exported_file,
                sent_source=sub.sent_source,
            ),
            schema=top.schema,
            raw=doc,
        )

    def to_doc(self) -> dict[str, Any]:
        # The checklist (most of a checked profile) is copied table by table below; copying
        # it deeply first cost a check's save a third of its time.
        doc = {k: v if k == "checklist" else copy.deepcopy(v) for k, v in self.raw.items()}
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
            existing: dict[str, Any] = (
                {k: _copy(v) for k, v in old.items() if k != "params"}
                if isinstance(old, dict)
                else {}
            )
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


def _records(checklist: dict[str, ItemDoc]) -> dict[str, ItemRecord]:
    return {
        item_id: ItemRecord(
            doc.status,
            doc.detail,
            doc.checked_at,
            doc.confirmed_at,
            doc.reason,
            _params(doc.params),
        )
        for item_id, doc in checklist.items()
    }


def _copy(value: Any) -> Any:
    return copy.deepcopy(value) if isinstance(value, dict | list) else value


def _digits(value: str | int | None) -> str | None:
    return str(value) if isinstance(value, int) else value


def _params(value: object) -> dict[str, Any]:
    """A finding's parameters as TOML can hold them (text, numbers, booleans, times); anything
    else is left out rather than failing the profile."""
    if not isinstance(value, dict) or not value:
        return {}
    return {str(key): item for key, item in value.items() if isinstance(item, _TOML_SCALARS)}


_TOML_SCALARS = (str, int, float, bool, datetime)  # a tuple: ``A | B`` is built on each call


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
