"""User-facing messages of the submission (Dutch by default, English on request).

The email to NN itself is always Dutch; these are the messages around it: refusals, errors,
warnings and the CLI's prompts.
"""

from __future__ import annotations

from tui.text.catalogue import text
from tui.text.i18n import language


def msg(key: str, n: int | None = None, **values: object) -> str:
    """The submission's message ``key`` (``sub.`` in the catalogue), in the command's language."""
    return text(f"sub.{key}", language(), n, **values)
