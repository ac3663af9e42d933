"""Checks on the profile index shared by the store, CLI and TUI tests."""

from __future__ import annotations

import json
from pathlib import Path


def index_stats(directory: Path) -> dict[str, list[int]]:
    """slug -> [mtime_ns, size, inode] as the index's header has it."""
    header = json.loads((directory / ".index.json").read_bytes().split(b"\n", 1)[0])
    return {entry[1][0]: entry[0] for entry in header["entries"]}


def assert_indexed(directory: Path) -> None:
    """Every profile file is in the index under its current stat: the next load parses none."""
    stats = index_stats(directory)
    files = list(directory.glob("*.toml"))
    assert files
    for path in files:
        stat = path.stat()
        assert stats[path.stem] == [stat.st_mtime_ns, stat.st_size, stat.st_ino], path.name
