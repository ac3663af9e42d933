"""Dutch by default, English on request: the messages of the CLI and the UI chrome.

Checklist titles, findings and hints are in the same catalogue under ``item.<id>.`` (see
``tui/checks/items.py``).
Loket's right names are never translated.
"""

from __future__ import annotations

import contextvars

from tui.text.catalogue import text

LANGUAGES = ("nl", "en")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="nl")


def set_language(lang: str) -> None:
    _current.set(lang if lang in LANGUAGES else "nl")


def language() -> str:
    return _current.get()


def t(key: str, lang: str | None = None, n: int | None = None, **values: object) -> str:
    """A message of the catalogue, in ``lang`` or the command's language."""
    return text(key, lang or _current.get(), n, **values)
