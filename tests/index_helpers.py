"""Checks on the profile index shared by the store, CLI and TUI tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def split_index(data: bytes) -> tuple[bytes, bytes]:
    """An index file's header (its first line and the entry lines it counts, each with its
    newline) and the data after it."""
    first = data.index(b"\n") + 1
    end = first
    for _ in range(json.loads(data[:first])["lines"]):
        end = data.index(b"\n", end) + 1
    return data[:end], data[end:]


def header(directory: Path) -> dict[str, Any]:
    """The header as JSON: its first line, with ``entries`` from the lines that follow it."""
    head, _ = split_index((directory / ".index.json").read_bytes())
    first, *lines = head.splitlines()
    decoded: dict[str, Any] = json.loads(first)
    decoded["entries"] = [entry for line in lines for entry in json.loads(line)]
    return decoded


def index_stats(directory: Path) -> dict[str, list[int]]:
    """slug -> [mtime_ns, size, inode] as the index's header has it."""
    return {entry[1][0]: entry[0] for entry in header(directory)["entries"]}


def assert_indexed(directory: Path) -> None:
    """Every profile file is in the index under its current stat: the next load parses none."""
    stats = index_stats(directory)
    files = list(directory.glob("*.toml"))
    assert files
    for path in files:
        stat = path.stat()
        assert stats[path.stem] == [stat.st_mtime_ns, stat.st_size, stat.st_ino], path.name
