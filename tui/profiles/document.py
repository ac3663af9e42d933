"""The profile TOML document (DESIGN section 5) as msgspec structures: the keys this version
knows, their types and defaults. Keys it does not know are ignored here and kept by the
profile's ``raw`` document, so they survive a rewrite. A wrong value is a ``ProfileError``
naming its key (``employer.werkgever_id``, ``checklist."account.active".status``)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

import msgspec

from tui.typed_data import type_of_field

SCHEMA_VERSION = 1

ProfileStatus = Literal["ready", "problems", "unverified", "error", "unchecked"]
ItemStatus = Literal["pass", "fail", "warn", "manual", "unknown", "skipped"]
# ``exported``: handed over (an .eml file, the clipboard) but not known to be sent; only an SMTP
# server's acceptance or the person saying so makes it ``sent``.
SubmissionStatus = Literal["draft", "exported", "sent", "connected"]

# Text a person must have typed: not empty, not only spaces.
Typed = Annotated[str, msgspec.Meta(pattern=r"\S")]


class ProfileError(ValueError):
    """A profile document with a wrong key or value; ``key`` names it."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


class _Table(msgspec.Struct, kw_only=True, frozen=True):
    pass


class EmployerDoc(_Table, kw_only=True, frozen=True):
    name: Typed
    werkgever_id: Typed | int  # as the person typed it; a number in TOML reads as its digits
    loket_id: str | None = None
    client_number: str | int | None = None
    administration_number: str | int | None = None


class AccountDoc(_Table, kw_only=True, frozen=True):
    username: Typed


class ContactDoc(_Table, kw_only=True, frozen=True):
    email: str | None = None


class CheckDoc(_Table, kw_only=True, frozen=True):
    status: ProfileStatus = "unchecked"
    checked_at: datetime | None = None


class SubmissionDoc(_Table, kw_only=True, frozen=True):
    status: SubmissionStatus = "draft"
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


class ItemDoc(_Table, kw_only=True, frozen=True):
    status: ItemStatus = "manual"
    detail: str = ""
    checked_at: datetime | None = None
    confirmed_at: datetime | None = None
    reason: str | None = None
    # A finding's parameters, read leniently: what a finding cannot use (not a table, values
    # other than text, numbers, booleans, times) is left out rather than failing the profile.
    params: Any = None


class ProfileDoc(_Table, kw_only=True, frozen=True):
    """The document without its checklist (read apart, often later: see ``checklist``)."""

    schema: Annotated[int, msgspec.Meta(ge=1)] = SCHEMA_VERSION
    employer: EmployerDoc
    account: AccountDoc
    contact: ContactDoc = ContactDoc()
    notes: str | None = None
    check: CheckDoc = CheckDoc()
    submission: SubmissionDoc = SubmissionDoc()


_CHECKLIST = dict[str, ItemDoc]


def read_top(doc: dict[str, Any]) -> ProfileDoc:
    try:
        return msgspec.convert(doc, ProfileDoc)
    except msgspec.ValidationError as exc:
        raise _error(exc, doc, ProfileDoc, "") from None


def read_checklist(doc: dict[str, Any]) -> dict[str, ItemDoc]:
    """The ``[checklist]`` table of ``doc`` (empty when there is none)."""
    table = doc.get("checklist", {})
    if not isinstance(table, dict):
        raise ProfileError("checklist", "must be a table")
    if not table:
        return {}
    try:
        return msgspec.convert(table, _CHECKLIST)
    except msgspec.ValidationError:
        pass
    for item_id, value in table.items():  # which item: msgspec does not name a table's key
        try:
            msgspec.convert(value, ItemDoc)
        except msgspec.ValidationError as exc:
            raise _error(exc, value, ItemDoc, f'checklist."{item_id}"') from None
    raise ProfileError("checklist", "cannot be read")  # pragma: no cover - one item failed


_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$")


def _error(
    exc: msgspec.ValidationError, data: Any, root: type[msgspec.Struct], where: str
) -> ProfileError:
    """msgspec's message in the profile's words, naming the key."""
    match = _AT.match(str(exc))
    assert match is not None
    message, path = match.group("message"), match.group("path") or ""
    parts = [part for part in path.split(".") if part]
    missing = re.match(r"Object missing required field `(.+)`", message)
    if missing:
        parts.append(missing.group(1))
        holder: Any = root
        for part in parts:  # a missing table: name the first key it must have
            holder = getattr(type_of_field(holder, part), "cls", None)
        while holder is not None:
            info = msgspec.inspect.type_info(holder)
            assert isinstance(info, msgspec.inspect.StructType)
            first = next(field for field in info.fields if field.required)
            parts.append(first.encode_name)
            holder = getattr(first.type, "cls", None)
    key = ".".join(([where] if where else []) + parts) or where or "profile"
    if missing:
        return ProfileError(key, "is missing")
    holder = root
    value: Any = data
    field_type: Any = msgspec.inspect.type_info(root)
    for part in parts:
        value = value.get(part) if isinstance(value, dict) else None
        field_type = type_of_field(holder, part)
        holder = getattr(field_type, "cls", None)
    return ProfileError(key, _reason(field_type, value))


def _in_order(values: tuple[Any, ...]) -> list[str]:
    for choices in (ProfileStatus, ItemStatus, SubmissionStatus):
        if set(get_args(choices)) == set(values):
            return list(get_args(choices))  # in the order the documentation gives them
    return [str(value) for value in values]


def _reason(field_type: msgspec.inspect.Type, value: Any) -> str:
    kinds = getattr(field_type, "types", (field_type,))  # a union's members
    if any(isinstance(kind, msgspec.inspect.StructType) for kind in kinds):
        return "must be a table"
    if any(isinstance(kind, msgspec.inspect.DictType) for kind in kinds):
        return "must be a table"
    for kind in kinds:
        if isinstance(kind, msgspec.inspect.LiteralType):
            return f"{value!r} is not one of {', '.join(_in_order(kind.values))}"
    if any(isinstance(kind, msgspec.inspect.DateTimeType) for kind in kinds):
        return f"must be a date and time, got {value!r}"
    whole = [kind for kind in kinds if isinstance(kind, msgspec.inspect.IntType)]
    if whole and not any(isinstance(kind, msgspec.inspect.StrType) for kind in kinds):
        return f"must be a whole number from {whole[0].ge}, got {value!r}"
    if any(isinstance(kind, msgspec.inspect.BoolType) for kind in kinds):
        return f"must be true or false, got {value!r}"
    if isinstance(value, str) and not value.strip():
        return "is missing"
    return f"must be text, got {value!r}"
