"""Fixtures the store's tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.profiles import reads as reads_module


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The profile files parsed from TOML by a load (a file the index serves is not)."""
    seen: list[str] = []
    parse = reads_module.parse_profile

    def counting(path: Path, data: bytes):  # type: ignore[no-untyped-def]
        seen.append(path.stem)
        return parse(path, data)

    monkeypatch.setattr(reads_module, "parse_profile", counting)
    return seen
