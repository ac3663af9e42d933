"""``plain`` returns printable text as it is (the dashboard's 10,000 rows at start-up) and
still escapes every character that could act on a terminal."""

from __future__ import annotations

from tui.text.safe import _INVISIBLE, plain


def test_every_character_plain_escapes_is_escaped_despite_the_shortcut() -> None:
    escaped = [chr(c) for c in range(0x110000) if _INVISIBLE.match(chr(c))]
    assert len(escaped) > 90
    for char in escaped:
        shown = plain(f"a{char}b")
        assert char not in shown and shown.startswith("a\\") and shown.endswith("b"), hex(ord(char))
    assert plain("a\tb\nc") == "a b c"


def test_printable_text_comes_back_as_it_is() -> None:
    name = "Café De Zwaan V.O.F. – 株式会社"
    assert plain(name) is name
    assert plain(name, limit=10) == "Café De Z~"
