"""A dashboard row's text: made safe for a terminal and capped, whether or not it takes the
shortcut for text that is already safe and short; "overdue" only for a submission sent long ago."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tui.profiles.model import Profile
from tui.profiles.rows import row_of
from tui.screens.dashboard_view import row_from
from tui.text.safe import plain

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "werkgever_id", "username"),
    [
        ("Bakkerij B.V.", "20720", "xs-bakkerij"),
        ("Tandartspraktijk \u202eZonnehof\u009b", "35\x1b[2J210", "xs-\tzonnehof"),
        ("N" * 61, "9" * 41, "u" * 41),
        ("N" * 60, "9" * 40, "u" * 40),
        ("Café\u200b De Zwaan", "1", "xs-\u0085"),
    ],
)
def test_row_text_is_what_plain_makes_of_it(name: str, werkgever_id: str, username: str) -> None:
    row = row_from(row_of(Profile("p", name, werkgever_id, username)), NOW)
    assert row.name == plain(name, limit=60)
    assert row.werkgever_id == plain(werkgever_id, limit=40)
    assert row.username == plain(username, limit=40)


@pytest.mark.parametrize(
    ("status", "days_ago", "overdue"),
    [("sent", 30, True), ("sent", 1, False), ("connected", 30, False), ("none", None, False)],
)
def test_overdue_only_for_a_submission_sent_long_ago(
    status: str, days_ago: int | None, overdue: bool
) -> None:
    profile = Profile("p", "P B.V.", "1", "u")
    profile.submission.status = status
    if days_ago is not None:
        profile.submission.sent_at = NOW - timedelta(days=days_ago)
    assert row_from(row_of(profile), NOW).overdue is overdue
