"""The repair's user messages: ``fix.`` in the one catalogue (tui.text.catalogue)."""

from __future__ import annotations

from typing import Any

from tui.text.catalogue import text


def say(key: str, lang: str, n: int | None = None, **params: Any) -> str:
    """Repair's message ``key`` (``fix.`` in the catalogue) in ``lang``; ``n`` for counts."""
    return text(f"fix.{key}", lang, n, **params)
