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

_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def normalize(typed: str) -> str:
    return typed.strip()


def id_form(typed: str) -> IdForm:
    text = normalize(typed)
    if not text:
        return "empty"
    if text.isdigit():
        return "number"
    if _GUID.match(text):
        return "guid"
    if any(ch.isalpha() for ch in text):
        return "letters"
    return "other"


def as_number(typed: str) -> int | None:
    text = normalize(typed)
    return int(text) if text.isdigit() else None


def same_name(a: str, b: str) -> bool:
    return slugify(a) == slugify(b)


def same_number(typed: str, value: str | int | None) -> bool:
    """Loket's administration numbers are free text: compare trimmed, case-insensitively."""
    if value is None:
        return False
    text = normalize(typed)
    return bool(text) and str(value).strip().casefold() == text.casefold()
