"""Plain data (parsed TOML) converted to msgspec Structs, and msgspec's ValidationError told in
our words: the file, the key path (``users[0].password``), what is wrong and what is allowed.

A Struct describes its file once: field types, defaults, ``forbid_unknown_fields``. A constraint
whose own words read badly (a regular expression) carries them in ``Meta(extra={"allowed": ...})``;
a field the loader sets, not the file, is marked ``Meta(extra={"not_in_file": True})`` (the
loader refuses it in the file) and left out of the keys an error lists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

import msgspec
from msgspec import inspect as mi

T = TypeVar("T")

_STEP = r"\.([^.\[]+)|\[(\d+|\.\.\.)\]"  # .key, [0], [...] (a free key)


class DataError(ValueError):
    """Data that does not fit its Struct; the message names the file and the key path."""


def convert(data: Any, kind: type[T], source: str, error: type[Exception] = DataError) -> T:
    """``data`` as ``kind``, or ``error`` (a DataError) whose message starts with ``source``."""
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        raise error(explain(exc, data, kind, source)) from None


def explain(exc: msgspec.ValidationError, data: Any, root: type, source: str) -> str:
    message, _, at = str(exc).partition(" - at `$")
    steps: list[tuple[str, str]] = re.findall(_STEP, at.rstrip("`"))
    entries = [n for n, (_, index) in enumerate(steps) if index == "..."]
    names = {n: _culprit(data, root, steps[:n]) for n in entries}  # free keys msgspec omits
    where = "".join(
        _show(names[n]) if n in names else f".{key}" if key else f"[{index}]"
        for n, (key, index) in enumerate(steps)
    ).lstrip(".")
    missing = re.match(r"Object (contains unknown|missing required) field `(.+)`", message)
    if missing:
        holder = _type_at(root, steps)
        key = missing.group(2)
        place = f"{where}.{key}" if where else key
        if missing.group(1) == "contains unknown":
            known = ", ".join(
                sorted(f.encode_name for f in fields_of(holder) if not _not_in_file(f))
            )
            return f"{source}: {place}: unknown key; allowed: {known}"
        field = next((f for f in fields_of(holder) if f.encode_name == key), None)
        wanted = describe(field.type) if field else "a value"
        return f"{source}: {place}: required ({wanted})"
    text = f"{source}: {where or '(top level)'}: must be {describe(_type_at(root, steps))}"
    found, value = _value_at(data, steps, names)
    return f"{text}, got {value!r:.40}" if found else text


def describe(kind: mi.Type) -> str:
    """What a value of ``kind`` must be, in words."""
    if isinstance(kind, mi.Metadata):
        allowed = (kind.extra or {}).get("allowed")
        return str(allowed) if allowed else describe(kind.type)
    if isinstance(kind, mi.UnionType):
        return " or ".join(describe(t) for t in kind.types if not isinstance(t, mi.NoneType))
    if isinstance(kind, mi.LiteralType):
        return "one of " + ", ".join(str(v) for v in kind.values)
    if isinstance(kind, mi.BoolType):
        return "true or false"
    if isinstance(kind, mi.IntType | mi.FloatType):
        return ("a whole number" if isinstance(kind, mi.IntType) else "a number") + _bounds(kind)
    if isinstance(kind, mi.StrType):
        return f"text matching {kind.pattern}" if kind.pattern else "text"
    if isinstance(kind, mi.DateType):
        return "a date (YYYY-MM-DD)"
    if isinstance(kind, mi.DateTimeType):
        return "a date-time (YYYY-MM-DDTHH:MM:SS)"
    if isinstance(kind, mi.StructType):
        return "a table"
    if isinstance(kind, mi.DictType):
        return f"a table whose values are each {describe(kind.value_type)}"
    item = getattr(kind, "item_type", None)
    if item is not None:
        least = " (at least one)" if getattr(kind, "min_length", None) else ""
        if isinstance(item, mi.StructType):
            return f"an array of tables ([[...]]){least}"
        if isinstance(item, mi.StrType) and not item.pattern:
            return f"a list of text values{least}"
        return f"a list{least}, each {describe(item)}"
    return "a value of the right kind"


def _bounds(kind: mi.IntType | mi.FloatType) -> str:
    low = kind.ge if kind.ge is not None else kind.gt
    high = kind.le if kind.le is not None else kind.lt
    if low is not None and high is not None:
        return f" from {low:g} to {high:g}"
    if low is not None:
        return f" of at least {low:g}" if kind.ge is not None else f" above {low:g}"
    if high is not None:
        return f" of at most {high:g}"
    return ""


def _type_at(root: type, steps: list[tuple[str, str]]) -> mi.Type:
    kind: mi.Type = mi.type_info(root)
    for key, index in steps:
        kind = _pick(kind, key, index)
        if key:
            kind = type_of_field(kind, key)
        elif index == "...":
            kind = getattr(kind, "value_type", mi.AnyType())
        else:
            kind = getattr(kind, "item_type", mi.AnyType())
    return kind


def _pick(kind: mi.Type, key: str, index: str) -> mi.Type:
    """The member of a union (or the type under metadata) that a step goes into."""
    if isinstance(kind, mi.Metadata):
        return _pick(kind.type, key, index)
    if not isinstance(kind, mi.UnionType):
        return kind
    for member in kind.types:
        member = _pick(member, key, index)
        if key and isinstance(member, mi.StructType):
            return member
        if index == "..." and isinstance(member, mi.DictType):
            return member
        if index and index != "..." and hasattr(member, "item_type"):
            return member
    return kind


def _not_in_file(field: mi.Field) -> bool:
    """A field marked ``Meta(extra={"not_in_file": True})``: set by the loader, not the file."""
    kind = field.type
    return isinstance(kind, mi.Metadata) and bool((kind.extra or {}).get("not_in_file"))


def fields_of(kind: type | mi.Type | None) -> tuple[mi.Field, ...]:
    """The fields of a Struct (its class or its type info); none for anything else."""
    if isinstance(kind, type):
        kind = mi.type_info(kind)
    return kind.fields if isinstance(kind, mi.StructType) else ()


def type_of_field(holder: type | mi.Type | None, name: str) -> mi.Type:
    """The type of the field the file calls ``name`` in ``holder``; any type when there is none."""
    return next((f.type for f in fields_of(holder) if f.encode_name == name), mi.AnyType())


def _value_at(
    data: Any, steps: list[tuple[str, str]], names: Mapping[int, str | None]
) -> tuple[bool, Any]:
    for n, (key, index) in enumerate(steps):
        key = names.get(n) or key
        if key and isinstance(data, Mapping) and key in data:
            data = data[key]
        elif index.isdigit() and isinstance(data, list) and int(index) < len(data):
            data = data[int(index)]
        else:
            return False, None
    return True, data


def _culprit(data: Any, root: type, steps: list[tuple[str, str]]) -> str | None:
    """The key of the table of free keys at ``steps`` whose value msgspec refused: the first
    one that fails alone."""
    found, table = _value_at(data, steps, {})
    if not found or not isinstance(table, Mapping) or any(i == "..." for _, i in steps):
        return None
    here = "`$" + "".join(f".{key}" if key else f"[{index}]" for key, index in steps) + "[...]"
    for key, value in table.items():
        try:
            msgspec.convert(_with(data, steps, {key: value}), root)
        except msgspec.ValidationError as exc:
            if here in str(exc):
                return str(key)
    return None


def _with(data: Any, steps: list[tuple[str, str]], leaf: Any) -> Any:
    """``data`` with the value at ``steps`` replaced by ``leaf`` (copies along the path)."""
    if not steps:
        return leaf
    (key, index), rest = steps[0], steps[1:]
    if key:
        return {**data, key: _with(data[key], rest, leaf)}
    items = list(data)
    items[int(index)] = _with(items[int(index)], rest, leaf)
    return items


def _show(key: str | None) -> str:
    if key is None:
        return "[...]"
    return f".{key}" if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f".{key!r}"
