"""The index's JSON: what ``encode_value`` tags comes back as the value it was, at any depth,
and damaged JSON is a ValueError (the caller parses the file instead)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import pytest

from tui.profiles.index import decode_json, decode_value, encode_value

DOC = {
    "schema": 1,
    "submission": {"status": "sent", "sent_at": datetime(2026, 11, 1, 8, 0)},
    "check": {"checked_at": datetime(2026, 11, 29, 9, 30, tzinfo=UTC)},
    "future": {
        "days": [date(2026, 1, 2), {"at": time(8, 15)}, [datetime(2025, 5, 5, 5, 5)]],
        "$t": "kept",
        "odd": {"$t": "not a tag", "v": "x", "w": 1},
    },
    "notes": "tekst",
}


def test_tagged_values_come_back_at_any_depth_as_the_json_module_gives_them() -> None:
    text = json.dumps(DOC, default=encode_value).encode()
    assert decode_json(text) == DOC
    assert decode_json(memoryview(text)) == json.loads(text, object_hook=decode_value)


@pytest.mark.parametrize(
    "text", [b"{", b'{"a": {"$t": "unknown", "v": "x"}}', b'{"a": {"$t": "date", "v": 3}}']
)
def test_damaged_json_is_a_value_error(text: bytes) -> None:
    with pytest.raises(ValueError):
        decode_json(text)
