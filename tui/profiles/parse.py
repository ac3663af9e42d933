"""One profile file read: a ``Profile``, or a ``BrokenProfile`` that says where and what
(file, line, reason); and a profile served from the index, its checklist read on first use."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.profiles import tomlio
from tui.profiles.fileio import read_regular
from tui.profiles.index import Packed, checklist_json, decode_json
from tui.profiles.model import Profile, ProfileError

SUFFIX = ".toml"  # a profile file's name: its slug, then this

_LINE_RE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class BrokenProfile:
    path: Path
    line: int | None
    reason: str

    @property
    def slug(self) -> str:
        return self.path.stem

    def describe(self) -> str:
        # A name that is not UTF-8 is shown with its odd bytes escaped (\xff).
        shown = os.fsencode(self.path).decode("utf-8", "backslashreplace")
        where = f"{shown}:{self.line}" if self.line else shown
        return f"{where}: {self.reason}"


NOT_UTF8_NAME = "the file name is not UTF-8; rename the file"


def utf8_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept as surrogates by the file system API
        return False
    return True


def _find_line(text: str, dotted_key: str) -> int | None:
    last = dotted_key.split(".")[-1].strip('"')
    pattern = re.compile(rf"^\s*(\[+\s*)?[\"']?{re.escape(last)}[\"']?\s*(=|\]|\.)")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return None


# A profile nests four levels (checklist.items.<id>.params); the bound leaves room to grow.
MAX_NESTING = 16
_TOO_DEEP = f"nested deeper than {MAX_NESTING} levels; not a Koppelaar profile"


def nesting(value: object) -> int:
    """How deep tables and arrays nest in ``value`` (without recursion)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_NESTING:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_profile(path: Path, data: bytes) -> Profile | BrokenProfile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return BrokenProfile(path, line, "not UTF-8 text; save the file as UTF-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        doc = tomlio.loads(text)
    except RecursionError:
        return BrokenProfile(path, None, _TOO_DEEP)
    except tomlio.TOMLDecodeError as exc:
        message = str(exc)
        match = _LINE_RE.search(message)
        at: int | None = int(match.group(1)) if match else None
        if at is None and "end of document" in message:
            at = text.count("\n") + 1
        return BrokenProfile(path, at, f"not valid TOML: {message}")
    if nesting(doc) > MAX_NESTING:
        return BrokenProfile(path, None, _TOO_DEEP)
    try:
        return Profile.from_doc(path.stem, doc)
    except ProfileError as exc:
        return BrokenProfile(path, _find_line(text, exc.key), str(exc))


def from_index(directory: Path, slug: str, entry: Packed) -> Profile:
    """The profile an index entry holds; ValueError (or ProfileError) when the entry is not
    one: the caller reads the file instead. The file (``directory``/``slug``.toml) is read
    only when the entry's checklist turns out damaged."""
    top = entry.top()
    if not isinstance(top, dict) or "checklist" in top:
        raise ValueError("not an index entry")
    text = entry.checklist()
    if text is None:
        return Profile.from_doc(slug, top)

    def checklist() -> dict[str, Any]:
        try:
            table = decode_json(checklist_json(text))
            Profile.from_doc(slug, {**top, "checklist": table})
        except (ProfileError, TypeError, ValueError, RecursionError):
            # a damaged index: the file says it (or, if that fails too, no findings)
            try:
                path = directory / f"{slug}{SUFFIX}"
                parsed = parse_profile(path, read_regular(path))
            except OSError:
                return {}
            return parsed.raw.get("checklist", {}) if isinstance(parsed, Profile) else {}
        return table if isinstance(table, dict) else {}

    return Profile.deferred(slug, top, checklist)
