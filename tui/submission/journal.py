"""The send journal: what left Koppelaar survives a crash, so no draft is sent twice.

Before a message leaves, ``<profiles>/.sent-journal/<slug>.json`` says ``sending`` (with the
draft's Message-ID); once the server accepted it (SMTP 250), ``sent``; once the profile records
it, the entry goes. So after a crash or a failed save:

- ``sent``: the message was sent; the next attempt records it into the profile and sends
  nothing;
- ``sending``: Koppelaar stopped while the message was on its way and cannot know whether it
  arrived; nothing is sent again until a person says so (``--override``).

When the journal cannot be written, nothing is sent.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.profiles.fileio import atomic_write_bytes
from tui.profiles.store import now as store_now

JOURNAL_DIR = ".sent-journal"
_MAX_ENTRY = 64 * 1024


@dataclass(frozen=True)
class JournalEntry:
    slug: str
    state: str  # "sending" or "sent"
    message_id: str | None
    method: str
    to: str
    at: datetime
    without_password: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "message_id": self.message_id,
            "method": self.method,
            "to": self.to,
            "at": self.at.isoformat(),
            "without_password": self.without_password,
        }


class SendJournal:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def beside(cls, profiles_dir: Path) -> SendJournal:
        return cls(profiles_dir / JOURNAL_DIR)

    def path(self, slug: str) -> Path:
        return self.directory / f"{slug}.json"

    def entry(self, slug: str) -> JournalEntry | None:
        """The entry for ``slug``; an unreadable one counts as ``sending`` (unknown outcome)."""
        path = self.path(slug)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError:
            return _unknown(slug)
        try:
            with os.fdopen(fd, "rb") as handle:
                data = json.loads(handle.read(_MAX_ENTRY))
            message_id = data.get("message_id")
            return JournalEntry(
                slug=slug,
                state="sent" if data.get("state") == "sent" else "sending",
                message_id=message_id if isinstance(message_id, str) else None,
                method=str(data.get("method", "")),
                to=str(data.get("to", "")),
                at=datetime.fromisoformat(str(data.get("at"))),
                without_password=data.get("without_password") is True,
            )
        except (OSError, ValueError, TypeError, AttributeError, RecursionError):
            return _unknown(slug)

    def write(self, entry: JournalEntry) -> None:
        """Durably (fsync) write ``entry``; raises OSError when it cannot."""
        data = json.dumps(entry.to_json(), indent=1).encode("utf-8")
        atomic_write_bytes(self.path(entry.slug), data)

    def clear(self, slug: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(slug).unlink()

    def slugs(self) -> list[str]:
        try:
            names = os.listdir(self.directory)
        except OSError:
            return []
        return sorted(n[: -len(".json")] for n in names if n.endswith(".json"))


def _unknown(slug: str) -> JournalEntry:
    return JournalEntry(slug, "sending", None, "", "", store_now(), False)
