"""Text from files and from the API, made safe to print in a terminal.

Control characters (ANSI escapes included), bidirectional overrides and zero-width characters
are shown as visible escapes such as ``\\x1b`` or ``\\u202e`` instead of being interpreted.
Rich/Textual markup is escaped where text meets markup (``markup_safe``).
"""

from __future__ import annotations

import re

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(text: str, limit: int | None = None) -> str:
    """Visible escapes for invisible or terminal-controlling characters; optional length cap."""
    text = _INVISIBLE.sub(_escape, text.replace("\t", " ").replace("\n", " "))
    if limit is not None and len(text) > limit:
        return text[: max(limit - 1, 0)] + "~"
    return text


def plain_multiline(text: str) -> str:
    return "\n".join(plain(line) for line in text.split("\n"))
