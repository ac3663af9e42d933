"""The scenario's ``[admin]`` section: who is applicatiebeheerder where, and user settings.

```toml
[admin]
[[admin.admins]]            # an applicatiebeheerder and the employers they manage
user = "beheer-demo"
employers = [31544, 27301]  # employerNumber or id
[[admin.users]]             # per-user settings only an admin sees
user = "xs-zonnehof"
two_factor_required = true  # default: the user has a TOTP secret
login_method = "website"    # website | website_sso | sso_only
```

Which users belong to an employer comes from ``[[access]]``: ``via = "direct"`` makes an
employer user of that employer, ``via = "team"`` a provider user reaching it through a team.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

import msgspec

LoginMethod = Literal["website", "website_sso", "sso_only"]
# Loket documents these metadata objects only by example (key 3 "Only via SSO", key 3 "Has
# access to Client"); the other keys and values are the simulator's own, kept in one place.
LOGIN_METHODS: dict[str, tuple[int, str]] = dict(
    zip(
        get_args(LoginMethod),
        [(1, "Via website"), (2, "Via website en SSO"), (3, "Only via SSO")],
        strict=True,
    )
)
ACCESS_STATUSES: dict[str, tuple[int, str]] = {
    "invited": (1, "Invitation sent"),
    "revoked": (2, "Access revoked"),
    "active": (3, "Has access to Client"),
}


class AdminUserSpec(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``[[admin.users]]``; ``user`` is checked against the scenario's users."""

    user: str
    two_factor_required: bool | None = None  # None: whether the user has a TOTP secret
    login_method: LoginMethod = "website"


class AdminEntry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``[[admin.admins]]``: an applicatiebeheerder and the employers they manage."""

    user: str
    employers: list[int | str] = []  # employerNumber or id


class AdminTable(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    admins: list[AdminEntry] = []
    users: list[AdminUserSpec] = []


@dataclass(frozen=True)
class AdminSpec:
    admins: dict[str, frozenset[str]] = field(default_factory=dict)  # user -> employer ids
    users: dict[str, AdminUserSpec] = field(default_factory=dict)


Fail = Callable[[str, str], Exception]
EmployerRef = Callable[[int | str, str], str]


def build_admin(
    table: AdminTable, users: Iterable[str], fail: Fail, employer_ref: EmployerRef
) -> AdminSpec:
    """``employer_ref(value, where)`` resolves an employerNumber or id to the employer's id."""
    known = set(users)
    spec = AdminSpec()
    for index, entry in enumerate(table.admins):
        where = f"admin.admins[{index}]"
        _known_user(entry.user, where, known, fail)
        employers = frozenset(
            employer_ref(ref, f"{where}.employers[{n}]") for n, ref in enumerate(entry.employers)
        )
        spec.admins[entry.user] = spec.admins.get(entry.user, frozenset()) | employers
    for index, settings in enumerate(table.users):
        _known_user(settings.user, f"admin.users[{index}]", known, fail)
        spec.users[settings.user] = settings
    return spec


def _known_user(user: str, where: str, known: set[str], fail: Fail) -> None:
    if user not in known:
        raise fail(f"{where}.user", f"unknown user {user!r}")
