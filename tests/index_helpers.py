"""Checks on the profile index shared by the store, CLI and TUI tests."""

from __future__ import annotations

import json
from pathlib import Path


def assert_indexed(directory: Path) -> None:
    """Every profile file is in the index under its current stat: the next load parses none."""
    header = json.loads((directory / ".index.json").read_bytes().split(b"\n", 1)[0])
    files = list(directory.glob("*.toml"))
    assert files
    for path in files:
        stat = path.stat()
        entry = header["files"][path.name]
        assert entry["stat"] == [stat.st_mtime_ns, stat.st_size, stat.st_ino], path.name
