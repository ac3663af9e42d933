"""A profile's row: what the dashboard lists, filters and sorts on, and nothing more.

The index keeps every file's row in its first line, so a start reads only the rows
(``ProfileStore.load_rows``); a full ``Profile`` is read when one is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from tui.profiles.document import SCHEMA_VERSION, ProfileStatus, SubmissionStatus
from tui.profiles.model import OVERDUE_DAYS, sent_long_ago

if TYPE_CHECKING:
    from tui.profiles.model import Profile
    from tui.profiles.parse import BrokenProfile


class ProfileRow(msgspec.Struct, array_like=True, gc=False, frozen=True):
    """One profile as a list shows it; the values as the profile holds them (not yet made
    safe for a terminal)."""

    slug: str
    name: str
    werkgever_id: str
    username: str
    status: ProfileStatus
    checked_at: datetime | None
    submission: SubmissionStatus
    sent_at: datetime | None
    schema: int
    # how and when the submission left, for ``koppelaar list --json`` (read from rows alone)
    submission_method: str | None
    exported_at: datetime | None

    @property
    def read_only(self) -> bool:
        return self.schema > SCHEMA_VERSION

    def overdue(self, now: datetime, days: int = OVERDUE_DAYS) -> bool:
        return sent_long_ago(self.submission, self.sent_at, now, days)


def row_of(profile: Profile) -> ProfileRow:
    sub = profile.submission
    return ProfileRow(
        profile.slug,
        profile.name,
        profile.werkgever_id,
        profile.username,
        profile.status,  # type: ignore[arg-type]  # read as ProfileStatus by the document
        profile.checked_at,
        sub.status,  # type: ignore[arg-type]
        sub.sent_at,
        profile.schema,
        sub.method,
        sub.exported_at,
    )


@dataclass
class RowsResult:
    """``ProfileStore.load_rows``: every profile's row, the files that could not be read, and
    the profile files others may read (the next save writes them 0600)."""

    rows: list[ProfileRow] = field(default_factory=list)
    broken: list[BrokenProfile] = field(default_factory=list)
    exposed: list[Path] = field(default_factory=list)

    @property
    def read_only(self) -> list[ProfileRow]:
        """Rows of profiles a newer Koppelaar wrote (shown, never saved)."""
        return [row for row in self.rows if row.read_only]
