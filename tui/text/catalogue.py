"""The one message catalogue: gettext, Dutch by default, English on request.

Messages are ``tui/text/locale/{nl,en}/LC_MESSAGES/koppelaar.po`` (the source, edited by
hand or with Babel), compiled to ``.mo`` beside them (``python scripts/catalogue.py``; a
test checks that both match). A message id names the message (``dash.summary``); ids of the
submission's messages start with ``sub.``, discovery's with ``disc.``. Messages with a count
have a plural form and are looked up with ``n``. Every lookup names its language: the UI
switches language at run time, and a context variable set in one task would not reach the others.
Loket's right names and menu paths are quoted verbatim in both languages.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LANGUAGES = ("nl", "en")
DOMAIN = "koppelaar"
LOCALE_DIR = Path(__file__).with_name("locale")


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``lang`` (Dutch for anything else)."""
    lang = lang if lang in LANGUAGES else "nl"
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


def text(key: str, lang: str, n: int | None = None, **values: object) -> str:
    """The message ``key`` in ``lang``, in its form for ``n`` when given, formatted with
    ``values``. An unknown key comes back as itself (a test keeps every used key known)."""
    catalogue = translations(lang)
    message = catalogue.gettext(key) if n is None else catalogue.ngettext(key, key, n)
    return message.format(**values) if values else message


def has(key: str) -> bool:
    """True when ``key`` is a message of the catalogue."""
    catalogue = translations("nl")._catalog  # type: ignore[attr-defined]
    return key in catalogue or (key, 0) in catalogue


def plural(key: str) -> bool:
    """True when ``key`` is a message with plural forms (looked up with ``n``)."""
    return (key, 0) in translations("nl")._catalog  # type: ignore[attr-defined]
