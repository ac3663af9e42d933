"""The repair plan for one profile: what would change in Loket.nl, and what cannot be done.

Built from a ``Reading`` alone (no request). Actions, in the order they are carried out:
``invite_user``, ``reinstate_access``, ``drop_2fa_requirement``, ``enable_rights``,
``disable_rights`` (only when asked to remove rights beyond the six).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.checks.rights import all_rights
from tui.loket.admin import Invitation, UserRight
from tui.profiles.model import Profile
from tui.repair.audit import Reading, contact
from tui.repair.names import access_kind, nn_rights, normalise, split_person_name, sso_only

ACTIONS = (
    "invite_user",
    "reinstate_access",
    "drop_2fa_requirement",
    "enable_rights",
    "disable_rights",
)


@dataclass
class Change:
    action: str
    rights: tuple[str, ...] = ()
    status: str = "planned"  # planned | done | failed | unknown (sent, not read back)
    detail: str = ""  # after apply: Loket's answer, or how the state read back differs

    def to_json(self, detail: str) -> dict[str, Any]:
        return {
            "action": self.action,
            "rights": list(self.rights),
            "status": self.status,
            "detail": detail,
        }


@dataclass(frozen=True)
class Blocked:
    code: str  # employer_not_found | not_admin | error | sso_only | access_unknown | no_contact
    #           | right_not_offered
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ProfilePlan:
    profile: Profile
    admin: str
    reading: Reading
    changes: list[Change] = field(default_factory=list)
    blocked: list[Blocked] = field(default_factory=list)
    extra: tuple[str, ...] = ()  # enabled rights beyond the six, verbatim
    invitation: Invitation | None = None
    waiting_for_invite: bool = False

    @property
    def slug(self) -> str:
        return self.profile.slug

    @property
    def pending(self) -> list[Change]:
        return [c for c in self.changes if c.status == "planned"]

    def change(self, action: str) -> Change | None:
        return next((c for c in self.changes if c.action == action), None)


def missing_and_extra(
    rights: list[UserRight],
) -> tuple[list[str], dict[str, UserRight], tuple[str, ...]]:
    """The six rights' names not enabled, the catalogue entry for each of the six (by key),
    and the enabled rights beyond the six (verbatim)."""
    wanted = nn_rights()
    offered: dict[str, UserRight] = {}
    enabled_keys: set[str] = set()
    extra = []
    for right in rights:
        key = wanted.get(normalise(right.description))
        if key is not None:
            offered.setdefault(key, right)
            if right.enabled:
                enabled_keys.add(key)
                offered[key] = right
        elif right.enabled:
            extra.append(right.description)
    missing = [r.name for r in all_rights() if r.key not in enabled_keys]
    return missing, offered, tuple(extra)


def make_plan(profile: Profile, admin: str, reading: Reading, remove_extra: bool) -> ProfilePlan:
    plan = ProfilePlan(profile, admin, reading)
    if reading.problem is not None:
        plan.blocked.append(Blocked(reading.problem, {"detail": reading.detail}))
        return plan
    user = reading.user
    if user is None and reading.provider_user is not None:
        missing, _, plan.extra = missing_and_extra(reading.rights or [])
        teams = ", ".join(f'"{t}"' for t in reading.teams) or "?"
        rights = ", ".join(f'"{r}"' for r in missing) or "-"
        plan.blocked.append(Blocked("provider_user", {"teams": teams, "missing": rights}))
        return plan
    if user is None and reading.invited is None and _signs_in(profile):
        # The user exists (it signed in at the last check) but is not an employer user here:
        # inviting would make a second one.
        plan.blocked.append(Blocked("user_elsewhere", {}))
        return plan
    if user is None and reading.invited is None and reading.provider_unreadable:
        # Not among the employer's users, and the provider's users (teams) could not be
        # read: the user may well exist there. Inviting without evidence makes a second one.
        plan.blocked.append(Blocked("user_unknown", {}))
        return plan
    if user is None and reading.invited is None:
        invitation = _invitation(profile, plan)
        if invitation is None:
            return plan
        plan.invitation = invitation
        plan.changes.append(Change("invite_user"))
        plan.changes.append(Change("enable_rights", tuple(r.name for r in all_rights())))
        return plan
    if user is None:
        plan.waiting_for_invite = True
    else:
        if sso_only(user.login_method.value):
            plan.blocked.append(Blocked("sso_only", {"method": user.login_method.value or "?"}))
            return plan
        kind = access_kind(user.access_status.value)
        if kind == "revoked":
            plan.changes.append(Change("reinstate_access"))
        elif kind == "invited":
            plan.waiting_for_invite = True
        elif kind != "active":
            plan.blocked.append(
                Blocked("access_unknown", {"status": user.access_status.value or "?"})
            )
        if user.two_factor_required:
            plan.changes.append(Change("drop_2fa_requirement"))
    _rights(plan, reading.rights or [], remove_extra)
    return plan


def _rights(plan: ProfilePlan, rights: list[UserRight], remove_extra: bool) -> None:
    missing, offered, extra = missing_and_extra(rights)
    plan.extra = extra
    key_of = {r.name: r.key for r in all_rights()}
    unavailable = [
        n for n in missing if key_of[n] not in offered or not offered[key_of[n]].available
    ]
    for name in unavailable:
        plan.blocked.append(Blocked("right_not_offered", {"right": name}))
    enable = tuple(n for n in missing if n not in unavailable)
    if enable:
        plan.changes.append(Change("enable_rights", enable))
    if extra and remove_extra:
        plan.changes.append(Change("disable_rights", extra))


def _invitation(profile: Profile, plan: ProfilePlan) -> Invitation | None:
    name, email, phone = contact(profile)
    if not name or not email:
        plan.blocked.append(Blocked("no_contact", {"username": profile.username}))
        return None
    parts = split_person_name(name)
    if parts is None:
        plan.blocked.append(Blocked("contact_name", {"name": name}))
        return None
    initials, prefix, last = parts
    return Invitation(initials, prefix, last, email.strip(), phone)


def _signs_in(profile: Profile) -> bool:
    record = profile.items.get("account.active")
    return record is not None and record.status == "pass"
