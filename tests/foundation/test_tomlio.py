"""Profiles are read and written with rtoml when it is installed; what it refuses, tomllib
explains; what it cannot write back faithfully, tomli-w writes."""

from __future__ import annotations

import copy
import pickle
import tomllib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tui.profiles import tomlio

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
    assert tomlio._fast is not None, "rtoml is a dependency: installed with the project"
    assert tomlio.loads(DOC) == tomllib.loads(DOC)


def test_copies_of_offset_datetimes_use_the_standard_zone() -> None:
    doc = tomlio.loads(DOC)
    for copied in (copy.deepcopy(doc), pickle.loads(pickle.dumps(doc))):
        when = copied["check"]["checked_at"]
        assert type(when.tzinfo) is timezone
        assert when.utcoffset() == timedelta(hours=1)
        assert when == datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["[employer\n", 'a = "open\n', "a = 1\na = 2\n"])
def test_a_refused_document_gets_tomllibs_message_with_its_line(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as refused:
        tomlio.loads(text)
    assert "line" in str(refused.value)


def test_without_rtoml_the_standard_library_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tomlio, "_fast", None)
    assert tomlio.loads(DOC) == tomllib.loads(DOC)


HOSTILE = {
    "schema": 1,
    "employer": {"name": 'Q "B.V."\n\x01\u202e\U0001d11e \\ end', "werkgever_id": "1"},
    "checklist": {"we.ird key": {"status": "pass", "params": {"": "leeg", "n": 2**62}}},
    "check": {"checked_at": datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)},
}


def test_written_documents_read_back_the_same() -> None:
    assert tomllib.loads(tomlio.dumps(HOSTILE)) == HOSTILE


def test_what_rtoml_would_change_is_written_by_tomli_w(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tomlio, "_fast_dumps", lambda doc: "schema = 2\n")
    assert tomllib.loads(tomlio.dumps(HOSTILE)) == HOSTILE
    monkeypatch.setattr(tomlio, "_fast_dumps", None)
    assert tomllib.loads(tomlio.dumps(HOSTILE)) == HOSTILE
