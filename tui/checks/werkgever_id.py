"""The werkgever ID as typed: its form, and what it matches among the user's employers.

The werkgever ID Loket.nl shows is the employer's ``employerNumber``; Koppelaar also accepts
the employer's GUID. A payroll administration's ``clientNumber`` or ``administrationNumber``, or
the provider's administration number, typed by mistake, is recognised and named.
"""

from __future__ import annotations

import re
from typing import Literal

from tui.profiles.model import slugify

IdForm = Literal["number", "guid", "letters", "other", "empty"]

# Loket's own pattern for an id (schema `id`): braces or parentheses and dashes optional.
_GUID = re.compile(r"^[{(]?[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}[)}]?$")


def normalize(typed: str) -> str:
    return typed.strip()


def _is_integer(text: str) -> bool:
    return text.isascii() and text.isdigit()


def id_form(typed: str) -> IdForm:
    text = normalize(typed)
    if not text:
        return "empty"
    if _is_integer(text):
        return "number"
    if _GUID.match(text):
        return "guid"
    if any(ch.isalpha() for ch in text):
        return "letters"
    return "other"


def as_number(typed: str) -> int | None:
    """The typed werkgever ID as an integer: "01234" is 1234, as Loket stores it."""
    text = normalize(typed)
    return int(text) if _is_integer(text) else None


def canonical_guid(typed: str) -> str | None:
    """A GUID in Loket's accepted forms as lower-case 8-4-4-4-12, else None."""
    text = normalize(typed)
    if not _GUID.match(text):
        return None
    digits = re.sub(r"[^0-9a-fA-F]", "", text).lower()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def same_name(a: str, b: str) -> bool:
    return slugify(a) == slugify(b)


def same_number(typed: str, value: str | int | None) -> bool:
    """Integers compare as integers ("01234" is 1234); Loket's administration numbers are free
    text: those compare trimmed, case-insensitively."""
    if value is None:
        return False
    text = normalize(typed)
    if not text:
        return False
    other = str(value).strip()
    if _is_integer(text) and _is_integer(other):
        return int(text) == int(other)
    return other.casefold() == text.casefold()


def submitted_werkgever_id(typed: str, found_number: object) -> str:
    """What goes to NN as "Werkgever ID": the employerNumber a check resolved the typed value
    to (a GUID typed is Loket's API id, not what NN asks for), else the typed value."""
    if isinstance(found_number, int) and not isinstance(found_number, bool):
        return str(found_number)
    return normalize(typed)
