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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Loket documents these metadata objects only by example (key 3 "Only via SSO", key 3 "Has
# access to Client"); the other keys and values are the simulator's own, kept in one place.
LOGIN_METHODS: dict[str, tuple[int, str]] = {
    "website": (1, "Via website"),
    "website_sso": (2, "Via website en SSO"),
    "sso_only": (3, "Only via SSO"),
}
ACCESS_STATUSES: dict[str, tuple[int, str]] = {
    "invited": (1, "Invitation sent"),
    "revoked": (2, "Access revoked"),
    "active": (3, "Has access to Client"),
}


@dataclass(frozen=True)
class AdminUserSpec:
    two_factor_required: bool | None = None  # None: whether the user has a TOTP secret
    login_method: str = "website"


@dataclass(frozen=True)
class AdminSpec:
    admins: dict[str, frozenset[str]] = field(default_factory=dict)  # user -> employer ids
    users: dict[str, AdminUserSpec] = field(default_factory=dict)


Fail = Callable[[str, str], Exception]
EmployerRef = Callable[[Mapping[str, Any], str], str]


def parse_admin(
    data: Any, users: Iterable[str], fail: Fail, employer_ref: EmployerRef
) -> AdminSpec:
    """``data`` is the ``[admin]`` table; ``employer_ref(item, where)`` resolves ``employer``."""
    known = set(users)
    if data is None:
        return AdminSpec()
    if not isinstance(data, Mapping):
        raise fail("admin", "must be a table")
    unknown = sorted(set(data) - {"admins", "users"})
    if unknown:
        raise fail(f"admin.{unknown[0]}", "unknown key; allowed: admins, users")
    spec = AdminSpec()
    for index, item in enumerate(_tables(data, "admins", fail)):
        where = f"admin.admins[{index}]"
        user = _user(item, where, known, fail, {"user", "employers"})
        numbers = item.get("employers", [])
        if not isinstance(numbers, list):
            raise fail(f"{where}.employers", "must be a list of employerNumbers or ids")
        employers = frozenset(employer_ref({"employer": n}, where) for n in numbers)
        spec.admins[user] = spec.admins.get(user, frozenset()) | employers
    for index, item in enumerate(_tables(data, "users", fail)):
        where = f"admin.users[{index}]"
        user = _user(item, where, known, fail, {"user", "two_factor_required", "login_method"})
        required = item.get("two_factor_required")
        if required is not None and not isinstance(required, bool):
            raise fail(f"{where}.two_factor_required", "must be true or false")
        method = item.get("login_method", "website")
        if method not in LOGIN_METHODS:
            raise fail(f"{where}.login_method", f"allowed: {', '.join(LOGIN_METHODS)}")
        spec.users[user] = AdminUserSpec(required, method)
    return spec


def _tables(data: Mapping[str, Any], key: str, fail: Fail) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise fail(f"admin.{key}", f"must be an array of tables ([[admin.{key}]])")
    return value


def _user(
    item: Mapping[str, Any], where: str, known: set[str], fail: Fail, allowed: set[str]
) -> str:
    extra = sorted(set(item) - allowed)
    if extra:
        raise fail(f"{where}.{extra[0]}", f"unknown key; allowed: {', '.join(sorted(allowed))}")
    user = item.get("user")
    if not isinstance(user, str) or user not in known:
        raise fail(f"{where}.user", f"unknown user {user!r}")
    return user
