"""Names compared as data: Loket's right names, access statuses, login methods, person names.

Rights are named by ``description`` in Loket. Two names are the same right when they are equal
after ``normalise``: Unicode NFKC, case folded, "&" read as "en", hyphens and underscores read
as spaces, runs of white space as one space, no space at the ends. Anything else is a different
right, shown verbatim.
"""

from __future__ import annotations

import re
import unicodedata

from tui.checks.rights import all_rights

# (pattern, replacement) applied in order after case folding: spelling variants of one name.
VARIANTS: tuple[tuple[str, str], ...] = (
    (r"\s*&\s*", " en "),
    (r"[-_]", " "),
    (r"\s+", " "),
)
# Words in Loket's accessStatus / loginMethod values (English or Dutch) and what they mean.
# Loket documents only the examples "Has access to Client" and "Only via SSO".
ACCESS_WORDS: tuple[tuple[str, str], ...] = (
    ("revoked", "revoked"),
    ("ingetrokken", "revoked"),
    ("blocked", "revoked"),
    ("geblokkeerd", "revoked"),
    ("invit", "invited"),
    ("uitgenodigd", "invited"),
    ("has access", "active"),
    ("heeft toegang", "active"),
)
SSO_ONLY_WORDS = ("only via sso", "alleen via sso", "alleen sso")
# Dutch surname prefixes (tussenvoegsels), longest first.
PREFIXES = (
    "van der", "van den", "van de", "van het", "van 't", "in 't", "in de", "op de", "uit de",
    "van", "von", "de", "den", "der", "het", "'t", "te", "ten", "ter",
)  # fmt: skip


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    for pattern, replacement in VARIANTS:
        text = re.sub(pattern, replacement, text)
    return text.strip()


def nn_rights() -> dict[str, str]:
    """Normalised name -> the right's key, for the six rights NN asks for."""
    return {normalise(r.name): r.key for r in all_rights()}


def access_kind(value: str | None) -> str:
    """``active``, ``revoked``, ``invited`` or ``unknown`` for an accessStatus value."""
    text = (value or "").casefold()
    for word, kind in ACCESS_WORDS:
        if word in text:
            return kind
    return "unknown"


def sso_only(value: str | None) -> bool:
    text = (value or "").casefold()
    return any(word in text for word in SSO_ONLY_WORDS)


def split_person_name(name: str) -> tuple[str, str | None, str] | None:
    """'Jan de Vries' -> ('J', 'de', 'Vries'): initials, prefix, last name as Loket's invite
    wants them (letters only), or None when the name does not fit that."""
    words = name.replace(".", ". ").split()
    if len(words) < 2:
        return None
    for prefix in PREFIXES:
        for start in range(1, len(words)):
            if " ".join(words[start:]).casefold().startswith(prefix + " "):
                head, rest = words[:start], words[start + len(prefix.split()) :]
                return _fit(head, prefix, rest)
    return _fit(words[:-1], None, words[-1:])


def _fit(
    head: list[str], prefix: str | None, rest: list[str]
) -> tuple[str, str | None, str] | None:
    initials = "".join(w[0] for w in head if w[0].isalpha()).upper()
    last = "".join(rest)
    if not head or not rest or not initials or len(initials) > 6:
        return None
    if not last.isalpha() or len(last) > 25:
        return None
    return initials, prefix, last[0].upper() + last[1:]
