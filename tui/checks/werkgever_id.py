"""The werkgever ID as typed: its form, and what it matches among the user's employers.

The werkgever ID Loket.nl shows is the employer's ``employerNumber``; Koppelaar also accepts
the employer's GUID. A payroll administration's ``clientNumber`` or ``administrationNumber``, or
the provider's administration number, typed by mistake, is recognised and named.
"""

from __future__ import annotations

from tui.profiles.fields import (  # the one definition of the typed werkgever ID's form
    IdForm,
    as_number,
    canonical_guid,
    id_form,
    is_integer,
    normalize,
)
from tui.profiles.model import slugify

__all__ = [
    "IdForm",
    "as_number",
    "canonical_guid",
    "id_form",
    "normalize",
    "same_name",
    "same_number",
    "submitted_werkgever_id",
]


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
    if is_integer(text) and is_integer(other):
        return int(text) == int(other)
    return other.casefold() == text.casefold()


def submitted_werkgever_id(typed: str, found_number: object) -> str:
    """What goes to NN as "Werkgever ID": the employerNumber a check resolved the typed value
    to (a GUID typed is Loket's API id, not what NN asks for), else the typed value."""
    if isinstance(found_number, int) and not isinstance(found_number, bool):
        return str(found_number)
    return normalize(typed)
