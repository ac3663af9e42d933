"""What a person types about an employer, judged once: the employer's name, the werkgever ID,
the Loket.nl username and the contact e-mail address.

The edit form, CSV import, the checker (``employer.id_format``) and the CLI all ask this
module; each answers with a ``Problem``: a message id of the catalogue (``val.*``) and its
values, never text. The surfaces render it in the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from tui.profiles.model import slugify

IdForm = Literal["number", "guid", "letters", "other", "empty"]

MAX_FIELD = 2000

# Loket's own pattern for an id (schema `id`): braces or parentheses and dashes optional.
_GUID = re.compile(r"^[{(]?[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}[)}]?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one typed value: ``code`` is a message id, ``params`` its values."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


def normalize(typed: str) -> str:
    return typed.strip()


def is_integer(text: str) -> bool:
    return text.isascii() and text.isdigit()


def id_form(typed: str) -> IdForm:
    """The werkgever ID's form: a number (leading zeros allowed), a GUID in one of Loket's
    forms, letters (an administration number, most likely), something else, or nothing."""
    text = normalize(typed)
    if not text:
        return "empty"
    if is_integer(text):
        return "number"
    if _GUID.match(text):
        return "guid"
    if any(ch.isalpha() for ch in text):
        return "letters"
    return "other"


def as_number(typed: str) -> int | None:
    """The typed werkgever ID as an integer: "01234" is 1234, as Loket stores it."""
    text = normalize(typed)
    return int(text) if is_integer(text) else None


def canonical_guid(typed: str) -> str | None:
    """A GUID in Loket's accepted forms as lower-case 8-4-4-4-12, else None."""
    text = normalize(typed)
    if not _GUID.match(text):
        return None
    digits = re.sub(r"[^0-9a-fA-F]", "", text).lower()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def text_problem(value: str) -> Problem | None:
    """Any field: no control characters, at most ``MAX_FIELD`` characters."""
    if _CONTROL.search(value):
        return Problem("val.control")
    if len(value) > MAX_FIELD:
        return Problem("val.too_long", {"limit": MAX_FIELD})
    return None


_ID_FORM_CODES = {"empty": "val.required", "letters": "val.id_letters", "other": "val.id_format"}


def werkgever_id_problem(value: str) -> Problem | None:
    if problem := text_problem(value):
        return problem
    code = _ID_FORM_CODES.get(id_form(value))
    return Problem(code) if code else None


def name_problem(value: str) -> Problem | None:
    """An employer's name: required, and with a letter or digit to name its profile file."""
    if not value.strip():
        return Problem("val.required")
    if problem := text_problem(value):
        return problem
    if not slugify(value):
        return Problem("val.name_no_letters")
    return None


def username_problem(value: str) -> Problem | None:
    """A Loket.nl username: required, one word."""
    text = value.strip()
    if not text:
        return Problem("val.required")
    if problem := text_problem(value):
        return problem
    if any(ch.isspace() for ch in text):
        return Problem("val.username_spaces")
    return None


def email_problem(value: str) -> Problem | None:
    """A contact e-mail address: optional; when given, one address."""
    text = value.strip()
    if not text:
        return None
    if problem := text_problem(value):
        return problem
    return None if _EMAIL.match(text) else Problem("val.email")


# the employer's fields, by the names the form and the CSV columns use
FIELD_RULES = {
    "name": name_problem,
    "werkgever_id": werkgever_id_problem,
    "username": username_problem,
    "contact_email": email_problem,
}


def employer_problems(values: Mapping[str, str]) -> dict[str, Problem]:
    """Field name -> the problem of each invalid field (fields without a rule: only
    ``text_problem``). A field not given counts as empty."""
    problems: dict[str, Problem] = {}
    for name, rule in FIELD_RULES.items():
        if problem := rule(values.get(name, "")):
            problems[name] = problem
    for name, value in values.items():
        if name not in FIELD_RULES and (problem := text_problem(value)):
            problems[name] = problem
    return problems
