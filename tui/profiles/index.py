"""The profiles folder's index, ``.index.json``: the parsed documents keyed by each file's
stat, so a load parses only the files that changed (see ``ProfileStore.load_all``).

A JSON header line (per file: stat, top tables, where its checklist is), then the checklists'
JSON, each compressed (zlib), one after another, read only when a profile's checklist is used.
A checked profile's checklist is ~9 KB of JSON and ~1 KB compressed: at 10,000 profiles that is
the difference between a 90 MB and a 10 MB index, read whole by every load.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as dt_time
from pathlib import Path
from typing import Any

from tui.profiles.fileio import atomic_write_bytes, read_regular

INDEX_NAME = ".index.json"
INDEX_VERSION = 3


def encode_value(value: object) -> dict[str, str]:
    if isinstance(value, datetime):
        return {"$t": "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {"$t": "date", "v": value.isoformat()}
    if isinstance(value, dt_time):
        return {"$t": "time", "v": value.isoformat()}
    raise TypeError(f"cannot index {type(value).__name__}")


_DECODERS: dict[str, Callable[[str], object]] = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": dt_time.fromisoformat,
}


def decode_value(obj: dict[str, Any]) -> Any:
    if len(obj) == 2 and "$t" in obj and "v" in obj:
        decode = _DECODERS.get(obj["$t"])
        if decode is None or not isinstance(obj["v"], str):
            raise ValueError("unknown value in the index")
        return decode(obj["v"])
    return obj


def index_form(entry: dict[str, Any]) -> tuple[Any, dict[str, Any], bytes | memoryview | None]:
    """(stat, top tables, checklist as compressed JSON) of an entry, as the index keeps it:
    the checklist (most of a checked profile) sits after the header, read only when that
    profile's checklist is used."""
    if "doc" not in entry:
        return entry["stat"], entry["top"], entry["text"]
    doc = entry["doc"]
    top = {key: value for key, value in doc.items() if key != "checklist"}
    checklist = doc.get("checklist")
    text = None
    if checklist:
        text = json.dumps(checklist, default=encode_value, separators=(",", ":")).encode()
        text = zlib.compress(text, 1)
    return entry["stat"], top, text


def checklist_json(text: bytes | memoryview) -> bytes:
    """The JSON of a checklist as ``index_form`` keeps it; ValueError when it is damaged."""
    try:
        return zlib.decompress(text)
    except zlib.error as exc:
        raise ValueError(str(exc)) from None


def stat_key(stat: os.stat_result) -> list[int]:
    return [stat.st_mtime_ns, stat.st_size, stat.st_ino]


def read_index(directory: Path) -> dict[str, Any]:
    """The index: a JSON header line (per file: stat, top tables, where its checklist
    is), then the checklists' JSON one after another."""
    try:
        raw = read_regular(directory / INDEX_NAME)
        end = raw.index(b"\n")
        data = json.loads(raw[:end], object_hook=decode_value)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    blob = memoryview(raw)[end + 1 :]
    entries: dict[str, Any] = {}
    for name, entry in files.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("top"), dict):
            continue
        where = entry.get("checklist")
        if where is None:
            entries[name] = {"stat": entry.get("stat"), "top": entry["top"], "text": None}
        elif (
            isinstance(where, list)
            and len(where) == 2
            and all(type(n) is int and n >= 0 for n in where)
            and where[0] + where[1] <= len(blob)
        ):
            text = blob[where[0] : where[0] + where[1]]
            entries[name] = {"stat": entry.get("stat"), "top": entry["top"], "text": text}
    return entries


def write_index(directory: Path, files: dict[str, Any]) -> bool:
    """Best effort: a folder we cannot write to just loads without the index."""
    if not directory.is_dir():
        return False
    header: dict[str, Any] = {}
    texts: list[bytes | memoryview] = []
    at = 0
    try:
        for name, entry in files.items():
            stat, top, text = index_form(entry)
            header[name] = {"stat": stat, "top": top, "checklist": None}
            if text is not None:
                header[name]["checklist"] = [at, len(text)]
                texts.append(text)
                at += len(text)
        payload = {"version": INDEX_VERSION, "files": header}
        head = json.dumps(payload, default=encode_value, separators=(",", ":"))
        data = b"".join([head.encode(), b"\n", *texts])
        atomic_write_bytes(directory / INDEX_NAME, data, private_dir=False)
    except (OSError, TypeError, ValueError):
        return False
    return True
