"""The UI's lookup: a message of the one catalogue (tui.text.catalogue) in the language the
UI shows now. Every lookup names its language: the UI switches language at run time, and a
context variable set in one Textual task would not reach the others."""

from __future__ import annotations

from tui.text.catalogue import text


def ui(key: str, lang: str, n: int | None = None, **values: object) -> str:
    """The message ``key`` in ``lang`` (``nl`` or ``en``), formatted with ``values``."""
    return text(key, lang, n, **values)
