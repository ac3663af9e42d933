"""Legible without colour, and on terminals without the box-drawing characters.

- ``NO_COLOR``: Textual's default turns every colour into a shade of grey (a failing status
  drawn 237 on 235); here colours are dropped instead (terminal default), and what colour said
  is said with glyphs, bold and reverse (``App:nocolor`` rules in ``app.tcss``).
- Toggles (checkboxes, radio buttons) show their state as ``[x]``/``[ ]`` and ``(*)``/``( )``
  when the app asks for it: without colour Textual's ``X`` looks the same on and off.
- ``ascii_terminal``: the Linux console (``TERM=linux``) and a non-UTF-8 locale get ASCII
  glyphs and borders.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any, ClassVar

from textual.app import App
from textual.content import Content
from textual.filter import Monochrome, NoColor
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widgets import RadioButton
from textual.widgets._toggle_button import ToggleButton

_ASCII_TERMS = ("linux", "vt100", "vt220", "dumb")


# Python sets LC_CTYPE to one of these when the locale asked for is not installed (PEP 538);
# LANG then still says what the terminal speaks.
_COERCED = ("C.UTF-8", "C.utf8", "UTF-8")


def locale_is_utf8(env: Mapping[str, str] | None = None) -> bool:
    """The locale the terminal was started with can show UTF-8 (C and POSIX count as UTF-8:
    Python and Textual write UTF-8 there)."""
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = env.get(name, "")
        if name == "LC_CTYPE" and value in _COERCED and env.get("LANG"):
            continue
        if value:
            if value in ("C", "POSIX"):
                return True
            return "utf-8" in value.lower() or "utf8" in value.lower()
    return True


def ascii_terminal(env: Mapping[str, str] | None = None, encoding: str | None = None) -> bool:
    """The Linux console, a non-UTF-8 locale, or output that cannot carry UTF-8."""
    env = os.environ if env is None else env
    if encoding is None and env is os.environ and sys.__stderr__ is not None:
        encoding = sys.__stderr__.encoding
    if encoding and encoding.lower().replace("-", "") not in ("utf8", "utf_8"):
        return True
    return env.get("TERM", "") in _ASCII_TERMS or not locale_is_utf8(env)


def drop_colours(app: App[Any]) -> None:
    """Under NO_COLOR: terminal default colours instead of Textual's grey shades."""
    filters = app._filters
    for index, line_filter in enumerate(filters):
        if isinstance(line_filter, Monochrome):
            filters[index] = NoColor()


_original_button = ToggleButton._button


def _plain_button(self: ToggleButton) -> Content:
    if not getattr(self.app, "plain_toggles", False):
        return _original_button.fget(self)  # type: ignore[attr-defined]
    if isinstance(self, RadioButton):
        return Content("(*)" if self.value else "( )")
    return Content("[x]" if self.value else "[ ]")


class PlainScrollBarRender(ScrollBarRender):
    """Whole cells only (reverse video): no eighth-block glyphs, which the Linux console lacks
    and which vanish without colour."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


def _renderer(self: ScrollBar) -> type[ScrollBarRender]:
    return PlainScrollBarRender if getattr(self.app, "plain_toggles", False) else ScrollBarRender


def install_plain_toggles() -> None:
    """Let toggles and scroll bars of an app with ``plain_toggles = True`` show their state in
    characters and reverse video."""
    ToggleButton._button = property(_plain_button)  # type: ignore[assignment,method-assign]
    ScrollBar.renderer = property(_renderer)  # type: ignore[assignment]
