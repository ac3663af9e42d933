"""Profiles are read with rtoml when it is installed; what it refuses, tomllib explains."""

from __future__ import annotations

import copy
import pickle
import tomllib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tui import tomlread

DOC = """
schema = 1
[check]
checked_at = 2026-11-29T10:00:00+01:00
[checklist."account.active"]
status = "pass"
checked_at = 2026-11-29T09:00:00Z
params = { n = 3, ok = true, name = "Café" }
"""


def test_rtoml_is_used_and_agrees_with_tomllib() -> None:
    assert tomlread._fast is not None, "rtoml is a dependency: installed with the project"
    assert tomlread.loads(DOC) == tomllib.loads(DOC)


def test_copies_of_offset_datetimes_use_the_standard_zone() -> None:
    doc = tomlread.loads(DOC)
    for copied in (copy.deepcopy(doc), pickle.loads(pickle.dumps(doc))):
        when = copied["check"]["checked_at"]
        assert type(when.tzinfo) is timezone
        assert when.utcoffset() == timedelta(hours=1)
        assert when == datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["[employer\n", 'a = "open\n', "a = 1\na = 2\n"])
def test_a_refused_document_gets_tomllibs_message_with_its_line(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as refused:
        tomlread.loads(text)
    assert "line" in str(refused.value)


def test_without_rtoml_the_standard_library_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tomlread, "_fast", None)
    assert tomlread.loads(DOC) == tomllib.loads(DOC)
