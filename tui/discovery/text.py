"""The user messages of discovery (``koppelaar discover``, the TUI action) and ``koppelaar login``.

Dutch first, English second. Values are formatted in; callers pass text from Loket.nl through
``tui.text.safe.plain`` before it reaches a terminal.
"""

from __future__ import annotations

from tui.text.catalogue import text


def say(key: str, lang: str, n: int | None = None, **values: object) -> str:
    """Discovery's message ``key`` (``disc.`` in the catalogue) in ``lang``."""
    return text(f"disc.{key}", lang, n, **values)
