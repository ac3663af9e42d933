"""Dutch by default, English on request: the messages of the CLI and the UI chrome.

Checklist titles, findings and hints are in the same catalogue under ``item.<id>.`` (see
``tui/checks/items.py``). Loket's right names are never translated. There is no current
language: every lookup names its language (the run's ``Runtime.language`` in the CLI, the app's
in the UI).
"""

from __future__ import annotations

from tui.text.catalogue import text

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"


def t(key: str, lang: str | None = None, n: int | None = None, **values: object) -> str:
    """A message of the catalogue in ``lang`` (Dutch, the default language, when None)."""
    return text(key, lang or DEFAULT_LANGUAGE, n, **values)
