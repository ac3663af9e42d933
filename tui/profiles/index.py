"""The profiles folder's index, ``.index.json``: each file's row and parsed document keyed
by its stat, so a start reads only the rows and a load parses only the files that changed (see
``ProfileStore.load_rows`` and ``load_all``).

The header comes first: a line of JSON, ``{"version": 6, "lines": n}``, then ``n`` lines that
each hold a JSON array of up to ``HEAD_LINE_ENTRIES`` entries, ``[[mtime_ns, size, inode], row,
at, top_len, checklist_len]`` (``row``: ``ProfileRow`` as an array). After it, per file at
``at``: its top tables' JSON (``top_len`` bytes), then its checklist's JSON compressed (zlib;
``checklist_len`` bytes, 0 when it has none). A start reads the header only; the data is read
when full profiles are needed. A checked profile's checklist is ~9 KB of JSON and ~1 KB
compressed: at 10,000 profiles the difference between a 90 MB and a 10 MB index.
"""

from __future__ import annotations

import io
import json
import os
import zlib
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as dt_time
from pathlib import Path
from typing import IO, Any

import msgspec

from tui.profiles.fileio import atomic_write_bytes, open_regular
from tui.profiles.model import Profile
from tui.profiles.rows import ProfileRow, row_of

INDEX_NAME = ".index.json"
INDEX_VERSION = 6
# Entries per line of the header. One line is encoded or decoded in one call, and a call holds
# the interpreter lock from start to end: the 10,000 entries of one line held it 8-12 ms at a
# check's start and end, while the UI thread waited to draw.
HEAD_LINE_ENTRIES = 500


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


_JSON = msgspec.json.Decoder()


def _tagged(value: Any) -> Any:
    if type(value) is dict:
        if "$t" in value and len(value) == 2:
            return decode_value(value)
        for key, item in value.items():
            if type(item) is dict or type(item) is list:
                value[key] = _tagged(item)
    elif type(value) is list:
        for i, item in enumerate(value):
            if type(item) is dict or type(item) is list:
                value[i] = _tagged(item)
    return value


def decode_json(data: bytes | memoryview) -> Any:
    """JSON as the index writes it, its tagged values (``encode_value``) decoded; ValueError
    when it is damaged. msgspec and one walk: 4x faster than ``json``'s object_hook."""
    try:
        return _tagged(_JSON.decode(data))
    except msgspec.DecodeError as exc:
        raise ValueError(str(exc)) from None


def checklist_json(text: bytes | memoryview) -> bytes:
    """The JSON of a checklist as ``pack`` keeps it; ValueError when it is damaged."""
    try:
        return zlib.decompress(text)
    except zlib.error as exc:
        raise ValueError(str(exc)) from None


Stat = tuple[int, int, int]


def stat_key(stat: os.stat_result) -> Stat:
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


class Entry(msgspec.Struct, array_like=True, gc=False, frozen=True):
    """One file in the header: its stat, its row, where its data lies after the header."""

    stat: Stat
    row: ProfileRow
    at: int
    top_len: int
    checklist_len: int


class _Head(msgspec.Struct, frozen=True):
    version: int
    lines: int


_HEAD = msgspec.json.Decoder(_Head)
_ENTRIES = msgspec.json.Decoder(list[Entry])
_ENCODER = msgspec.json.Encoder()


def encode_head(entries: list[Entry]) -> bytes:
    """The header for ``entries``: its first line, then the entries' lines, each ending in a
    newline."""
    parts = [
        entries[at : at + HEAD_LINE_ENTRIES] for at in range(0, len(entries), HEAD_LINE_ENTRIES)
    ]
    lines = [_ENCODER.encode(_Head(INDEX_VERSION, len(parts)))]
    lines.extend(_ENCODER.encode(part) for part in parts)
    return b"\n".join(lines) + b"\n"


@dataclass(frozen=True, slots=True)
class Packed:
    """One file as the index keeps it: stat, row, and ``data``: the top tables' JSON, then
    the checklist's JSON compressed (empty when there is none)."""

    stat: Stat
    row: ProfileRow
    data: bytes | memoryview
    top_len: int

    def top(self) -> Any:
        return decode_json(self.data[: self.top_len])

    def checklist(self) -> bytes | memoryview | None:
        rest = self.data[self.top_len :]
        return rest if len(rest) else None


@dataclass(frozen=True, slots=True)
class Parsed:
    """A file parsed by a load, packed only when the index is written (after the hand-over)."""

    stat: Stat
    profile: Profile

    @property
    def row(self) -> ProfileRow:
        return row_of(self.profile)


def pack(stat: Stat, profile: Profile) -> Packed:
    doc = profile.raw
    top = {key: value for key, value in doc.items() if key != "checklist"}
    head = json.dumps(top, default=encode_value, separators=(",", ":")).encode()
    checklist = doc.get("checklist")
    text = b""
    if checklist:
        text = zlib.compress(
            json.dumps(checklist, default=encode_value, separators=(",", ":")).encode(), 1
        )
    return Packed(stat, row_of(profile), head + text, len(head))


def _decode_head(lines: Iterator[bytes | memoryview]) -> list[Entry] | None:
    """The entries of the header whose lines ``lines`` yields (each without its newline, the
    header's first line first); None when the header is damaged, cut short or another
    version's."""
    try:
        head = _HEAD.decode(next(lines, b""))
        if head.version != INDEX_VERSION:
            return None
        entries: list[Entry] = []
        for _ in range(head.lines):
            line = next(lines, None)
            if line is None:
                return None
            entries.extend(_ENTRIES.decode(line))
    except msgspec.DecodeError:  # a damaged header, or another version's
        return None
    return entries


def read_head(directory: Path) -> dict[str, Entry]:
    """The header only (slug -> entry): what a start needs. The header's lines are read, not
    the data after them."""
    try:
        with open_regular(directory / INDEX_NAME) as handle:
            entries = _decode_head(_file_lines(handle))
    except OSError:
        return {}
    return {} if entries is None else {entry.row.slug: entry for entry in entries}


def _file_lines(handle: IO[bytes]) -> Iterator[bytes]:
    while line := handle.readline():
        if not line.endswith(b"\n"):
            return  # cut short
        yield line[:-1]


# Which index file was read: (device, inode, size, modification time in ns). An index is only
# ever replaced whole (``atomic_write_bytes``), so another one is another file.
IndexFile = tuple[int, int, int, int]


def index_file(directory: Path) -> IndexFile | None:
    """The index file there is now; None when there is none."""
    try:
        return _file_of(os.stat(directory / INDEX_NAME))
    except OSError:
        return None


def _file_of(found: os.stat_result) -> IndexFile:
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def read_index(directory: Path) -> dict[str, Packed]:
    """The whole index (slug -> packed entry): the header and the data after it."""
    return read_entries(directory).packed()


@dataclass(slots=True)
class IndexEntries:
    """An index as read: each file's header entry by name and the data they point into; an
    entry becomes a ``Packed`` only when asked for (at 10,000 files, making them all holds the
    interpreter lock ~20 ms). ``file``: which index file it is (None: none could be read)."""

    entries: dict[str, Entry]
    blob: memoryview
    file: IndexFile | None

    def get(self, slug: str) -> Packed | None:
        entry = self.entries.get(slug)
        return None if entry is None else self._packed(entry)

    def _packed(self, entry: Entry) -> Packed | None:
        stop = entry.at + entry.top_len + entry.checklist_len
        if min(entry.at, entry.checklist_len) < 0 or entry.top_len <= 0 or stop > len(self.blob):
            return None
        return Packed(entry.stat, entry.row, self.blob[entry.at : stop], entry.top_len)

    def packed(self, *, skip: Container[str] = ()) -> dict[str, Packed]:
        """Every sound entry as a ``Packed``, but those named in ``skip``."""
        packed: dict[str, Packed] = {}
        for slug, entry in self.entries.items():
            if slug not in skip and (one := self._packed(entry)) is not None:
                packed[slug] = one
        return packed


def read_entries(directory: Path) -> IndexEntries:
    """The index's header decoded, its data held as read (see ``IndexEntries``)."""
    try:
        with open_regular(directory / INDEX_NAME) as handle:
            read = _file_of(os.fstat(handle.fileno()))
            raw = handle.read()
    except OSError:
        return IndexEntries({}, memoryview(b""), None)
    buffer = io.BytesIO(raw)
    entries = _decode_head(_file_lines(buffer))
    if entries is None:
        return IndexEntries({}, memoryview(b""), read)
    data = memoryview(raw)[buffer.tell() :]  # after the header's last line
    return IndexEntries({entry.row.slug: entry for entry in entries}, data, read)


def write_index(directory: Path, files: dict[str, Packed | Parsed]) -> bool:
    """Best effort: a folder we cannot write to just loads without the index."""
    if not directory.is_dir():
        return False
    entries: list[Entry] = []
    chunks: list[bytes | memoryview] = []
    at = 0
    try:
        for item in files.values():
            one = pack(item.stat, item.profile) if isinstance(item, Parsed) else item
            size = len(one.data)
            entries.append(Entry(one.stat, one.row, at, one.top_len, size - one.top_len))
            chunks.append(one.data)
            at += size
        data = b"".join([encode_head(entries), *chunks])
        atomic_write_bytes(directory / INDEX_NAME, data, private_dir=False)
    except (OSError, TypeError, ValueError):
        return False
    return True
