"""The shape of ``config.toml`` told to people: validation errors in our words (the file, the
table, the key, what is allowed) and the JSON Schema, both read off the structures in
``tui.config``. ``python -m tui.config_schema > tui/config.schema.json`` writes the schema."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

from tui.config import (
    ENVIRONMENT,
    GLYPHS,
    GRANTS,
    LANGUAGES,
    NOT_IN_FILE,
    SECRETS_MODES,
    SMTP_SECURITY,
    Settings,
)
from tui.typed_data import fields_of, type_of_field

SCHEMA_FILE = Path(__file__).with_name("config.schema.json")


def explain(
    exc: msgspec.ValidationError,
    data: Mapping[str, Any],
    where: str,
    root: type[msgspec.Struct] = Settings,
) -> str:
    """msgspec's message made into ours: the file, the table, the key, what is allowed.
    ``root`` is the structure ``data`` was converted to (by default the settings)."""
    text = str(exc)
    message, _, at = text.partition(" - at `$")
    if "[...]" in at:  # a value of a table of free keys ([keys]): msgspec does not name it
        return _explain_entry(at.split("[...]")[0], data, where, root) or f"{where}: {message}"
    path = tuple(part for part in at.rstrip("`").split(".") if part)
    table = "".join(f" [{part}]" for part in path[:-1])
    unknown = re.match(r"Object contains unknown field `(.+)`", message)
    if unknown:
        key = unknown.group(1)
        holder = _struct_at(path, root)
        known = ", ".join(_file_keys(holder))
        place = f"{where}{''.join(f' [{part}]' for part in path)}"
        return f"{place}: unknown key {key!r} (a typo?); the keys here are: {known}"
    if not path:
        return f"{where}: {message}"
    key = path[-1]
    holder = _struct_at(path[:-1], root)
    field_type = type_of_field(holder, key)
    if isinstance(field_type, msgspec.inspect.StructType | msgspec.inspect.DictType):
        return f"{where}: [{'.'.join(path)}] must be a table"
    value: Any = data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return f"{where}{table}: {key} = {value!r} is not allowed; use {_allowed(field_type)}"


def _explain_entry(
    at: str, data: Mapping[str, Any], where: str, root: type[msgspec.Struct]
) -> str | None:
    path = tuple(part for part in at.split(".") if part)
    entries: Any = data
    for part in path:
        entries = entries.get(part) if isinstance(entries, dict) else None
    if not isinstance(entries, dict):
        return None
    field_type = type_of_field(_struct_at(path[:-1], root), path[-1])
    value_type = getattr(field_type, "value_type", field_type)
    for key, value in entries.items():
        single: dict[str, Any] = {key: value}
        for part in reversed(path):
            single = {part: single}
        try:
            msgspec.convert(single, root)
        except msgspec.ValidationError:
            table = "".join(f" [{part}]" for part in path)
            return f"{where}{table}: {key} = {value!r} is not allowed; use {_allowed(value_type)}"
    return None


def _struct_at(
    path: tuple[str, ...], root: type[msgspec.Struct] = Settings
) -> type[msgspec.Struct]:
    holder: type[msgspec.Struct] = root
    for part in path:
        field_type = type_of_field(holder, part)
        if not isinstance(field_type, msgspec.inspect.StructType):
            break
        holder = field_type.cls
    return holder


def _file_keys(holder: type[msgspec.Struct]) -> list[str]:
    hidden = {path[-1] for path in NOT_IN_FILE}
    names = []
    for item in fields_of(holder):
        if item.name in hidden:
            continue
        is_table = isinstance(item.type, msgspec.inspect.StructType)
        names.append(f"[{item.encode_name}]" if is_table else item.encode_name)
    return names


def _allowed(field_type: msgspec.inspect.Type) -> str:
    if isinstance(field_type, msgspec.inspect.LiteralType):
        values = set(field_type.values)
        for choices in (LANGUAGES, GRANTS, SMTP_SECURITY, SECRETS_MODES, GLYPHS, ENVIRONMENT):
            if set(choices) == values:
                return " | ".join(choices)  # in the order the documentation gives them
        return " | ".join(str(value) for value in field_type.values)
    if isinstance(field_type, msgspec.inspect.IntType):
        return f"a whole number from {field_type.ge} to {field_type.le}"
    if isinstance(field_type, msgspec.inspect.FloatType):
        low = field_type.gt if field_type.gt is not None else field_type.ge
        return f"a number of seconds above {low:g} and at most {field_type.le:g}"
    if isinstance(field_type, msgspec.inspect.StrType):
        if field_type.pattern:
            return 'key names such as "c" or "ctrl+r,f5"'
        return "text in quotes"
    return "a value of the right kind"


def config_schema() -> dict[str, Any]:
    """The JSON Schema of ``config.toml``, generated from the structures above."""
    schema = msgspec.json.schema(Settings, schema_hook=lambda _path: {"type": "string"})
    defs = schema.get("$defs", {})
    for path in NOT_IN_FILE:
        holder = defs.get("Settings" if len(path) == 1 else _struct_at(path[:-1]).__name__, {})
        holder.get("properties", {}).pop(path[-1], None)
    schema["$defs"]["Settings"]["title"] = "Koppelaar config.toml"
    return schema


if __name__ == "__main__":
    import json

    print(json.dumps(config_schema(), indent=2, ensure_ascii=False))
