"""Whose account gave consent: confirmed before a refresh token is stored under a user name.

With the authorization-code grant the token belongs to whoever signed in in the browser (often
the applicatiebeheerder, still signed in), not necessarily to the profile's user; ``/user``
carries no user name. So after the code exchange the name and e-mail address Loket.nl shows are
put to the person, and nothing is stored unless they confirm that this is the profile's user.

An admin sign-in (DESIGN section 9, built elsewhere) can settle it instead: an ``IdentityCheck``
given the ``/user`` answer and the profile's user name returns True (proven the same user),
False (proven another) or None (cannot tell: ask the person).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from tui.checks.accounts import AccountRecord, AccountRecords
from tui.loket.auth import TokenSet
from tui.loket.client import User

IdentityCheck = Callable[[User, str], Awaitable[bool | None]]

_YES = frozenset({"j", "ja", "y", "yes"})


def who(user: User | None) -> tuple[str, str]:
    """Name and e-mail address as Loket.nl gives them ("?" where it gives none)."""
    if user is None:
        return "?", "?"
    return user.display_name or "?", user.email or "?"


def is_yes(answer: str) -> bool:
    return answer.strip().casefold() in _YES


def record_consent(
    directory: Path, username: str, tokens: TokenSet, user: User | None, how: str = "person"
) -> None:
    """Keep what the exchange said about the second factor, and who was confirmed."""
    name, email = who(user)
    AccountRecords(directory).put(
        username,
        AccountRecord(
            two_factor_state=tokens.exchange_two_factor_state,
            confirmed_name=name,
            confirmed_email=email,
            confirmed_at=datetime.now(UTC).isoformat(timespec="seconds"),
            confirmed_how=how,
        ),
    )
