"""Text from files and from the API, made safe to print in a terminal.

Control characters (ANSI escapes included), bidirectional overrides and zero-width characters
are shown as visible escapes such as ``\\x1b`` or ``\\u202e`` instead of being interpreted.
Rich/Textual markup is escaped where text meets markup (``markup_safe``).
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

# C0/C1 controls, soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width and
# bidirectional controls, line/paragraph separators, invisible operators, BOM, annotations.
_INVISIBLE_SET = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_SET}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(text: str, limit: int | None = None) -> str:
    """Visible escapes for invisible or terminal-controlling characters; optional length cap."""
    if not text.isprintable():  # printable text has none of them (nor a tab or newline)
        text = _INVISIBLE.sub(_escape, text.replace("\t", " ").replace("\n", " "))
    if limit is not None and len(text) > limit:
        return text[: max(limit - 1, 0)] + "~"
    return text


def plain_multiline(text: str) -> str:
    return "\n".join(plain(line) for line in text.split("\n"))


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(document: Any, indent: int | None = 2) -> str:
    """``document`` as JSON for a terminal: readable Unicode, but every invisible or
    terminal-controlling character \\u-escaped (still the same JSON once parsed).

    json.dumps escapes only C0 controls; C1 controls (U+009B is CSI), bidirectional overrides
    and zero-width characters would otherwise reach the terminal raw. They can only occur
    inside JSON strings, where a \\u escape means the same character.
    """
    # msgspec encodes and indents in C: 10,000 profiles in 0.03 s instead of json's 0.3 s with
    # an indent (the same JSON: C0 controls, quotes and backslashes escaped, Unicode as is).
    encoded = msgspec.json.encode(document)
    if indent:
        encoded = msgspec.json.format(encoded, indent=indent)
    text = encoded.decode("utf-8")
    # Tab and newline (not in the set) only occur as indentation; json.dumps escapes them in
    # strings. Everything the set matches lies inside a string.
    return _INVISIBLE.sub(_json_escape, text)
