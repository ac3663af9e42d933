"""What a sign-in established about a Loket.nl account and that a later check cannot re-read.

After browser consent, only the code exchange tells whether the user has a second factor (a
refresh skips it and answers "None"), and only the person at the keyboard can say that the
account Loket.nl shows (name, e-mail) is the one the profile names. Both are recorded here,
per Loket.nl user name, in ``.accounts.json`` beside the profiles (0600; no secrets: no token,
no password). A check reads the two-factor state from it when its own token came from a
refresh.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tui.profiles.fileio import atomic_write_bytes

ACCOUNTS_FILE = ".accounts.json"
_LOCK = threading.Lock()


@dataclass(frozen=True)
class AccountRecord:
    two_factor_state: str | None  # as the code (or password) exchange answered it
    confirmed_name: str  # what /user showed when the person confirmed the account
    confirmed_email: str
    confirmed_at: str  # ISO 8601
    confirmed_how: str = "person"  # person | admin (the admin session matched the user's id)


class AccountRecords:
    def __init__(self, directory: Path) -> None:
        self.path = directory / ACCOUNTS_FILE

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, username: str) -> AccountRecord | None:
        raw = self._read().get(username)
        if not isinstance(raw, dict):
            return None
        try:
            return AccountRecord(**raw)
        except TypeError:
            return None

    def put(self, username: str, record: AccountRecord) -> None:
        with _LOCK:
            data = self._read()
            data[username] = asdict(record)
            text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
            atomic_write_bytes(self.path, text.encode("utf-8"))
