"""The admin side of the simulated world: employer users, their rights by name, invitations.

State lives beside the ``World`` (``AdminState.of(world)``) and changes it where Loket would:
rights (``world.rights``), blocked users, 2FA, and a new user once an invitation is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from tui.loket.simulator.admin_data import ACCESS_STATUSES, LOGIN_METHODS
from tui.loket.simulator.scenario import NN_RIGHTS, User, stable_id
from tui.loket.simulator.world import World

CREATED = "2026-01-05T09:00:00Z"


@dataclass
class Invitation:
    """An invited employer user: no user name or password until ``/_sim/set-password``."""

    id: str
    employer_id: str
    initials: str
    prefix: str | None
    last_name: str
    email: str
    phone: str | None
    two_factor_required: bool
    rights: frozenset[str] = frozenset()


@dataclass
class AdminState:
    world: World
    user_ids: dict[str, str] = field(default_factory=dict)  # username -> id
    usernames: dict[str, str] = field(default_factory=dict)  # id -> username
    employer_users: dict[str, list[str]] = field(default_factory=dict)  # employer -> usernames
    provider_users: dict[str, list[str]] = field(default_factory=dict)
    two_factor_required: dict[str, bool] = field(default_factory=dict)
    login_method: dict[str, str] = field(default_factory=dict)
    invitations: dict[str, Invitation] = field(default_factory=dict)
    catalogue: tuple[str, ...] = ()

    @classmethod
    def of(cls, world: World) -> AdminState:
        state = getattr(world, "admin_state", None)
        if state is None:
            state = cls.build(world)
            world.admin_state = state  # type: ignore[attr-defined]
        return state

    @classmethod
    def build(cls, world: World) -> AdminState:
        # The world's user table is the scenario's; changes made here must not leak into it.
        world.users = dict(world.users)
        state = cls(world)
        spec = world.scenario.admin
        for username, user in world.users.items():
            state._register(username)
            settings = spec.users.get(username)
            required = settings.two_factor_required if settings else None
            state.two_factor_required[username] = (
                required if required is not None else user.totp_secret is not None
            )
            state.login_method[username] = settings.login_method if settings else "website"
        for access in world.scenario.access:
            table = state.employer_users if access.via == "direct" else state.provider_users
            members = table.setdefault(access.employer_id, [])
            if access.username not in members:
                members.append(access.username)
        # One entry per right, spelled as users hold it where they do (the model may spell a
        # right in other case; Loket's catalogue lists each right once).
        names: dict[str, str] = {}
        for rights in world.rights.values():
            names.update({r.casefold(): r for r in rights if r.casefold() not in names})
        for name in NN_RIGHTS:
            names.setdefault(name.casefold(), name)
        for activity in world.activities.values():
            for right in activity.rights:
                names.setdefault(right.casefold(), right)
        state.catalogue = tuple(sorted(names.values(), key=str.casefold))
        return state

    def _register(self, username: str, user_id: str | None = None) -> None:
        user_id = user_id or stable_id("user", username)
        self.user_ids[username] = user_id
        self.usernames[user_id] = username

    # --- who may do what -------------------------------------------------------------------

    def is_admin(self, username: str, employer_id: str) -> bool:
        return employer_id in self.world.scenario.admin.admins.get(username, frozenset())

    def employer_of(self, user_id: str) -> list[str]:
        """The employers where this id is an employer user (or an invitation)."""
        invitation = self.invitations.get(user_id)
        if invitation is not None:
            return [invitation.employer_id]
        username = self.usernames.get(user_id)
        return [e for e, names in self.employer_users.items() if username in names]

    # --- reading ---------------------------------------------------------------------------

    def users_of(self, employer_id: str) -> list[dict[str, Any]]:
        rows = [self.user_json(name) for name in self.employer_users.get(employer_id, [])]
        rows += [
            self.invitation_json(i)
            for i in self.invitations.values()
            if i.employer_id == employer_id
        ]
        return rows

    def user_json(self, username: str) -> dict[str, Any]:
        user = self.world.users[username]
        employers = sum(username in names for names in self.employer_users.values())
        status = "revoked" if user.blocked else "active"
        return _user_body(
            user_id=self.user_ids[username],
            username=username,
            first_name=user.first_name or None,
            initials=user.initials,
            prefix=user.prefix,
            last_name=user.last_name,
            email=user.email,
            phone=None,
            role=user.role,
            status=status,
            login_method=self.login_method.get(username, "website"),
            mfa=user.totp_secret is not None,
            required=self.two_factor_required.get(username, False),
            linked=employers > 1,
            integrations=bool(self.world.integrations.get(username)),
        )

    def invitation_json(self, invitation: Invitation) -> dict[str, Any]:
        return _user_body(
            user_id=invitation.id,
            username=None,
            first_name=None,
            initials=invitation.initials,
            prefix=invitation.prefix,
            last_name=invitation.last_name,
            email=invitation.email,
            phone=invitation.phone,
            role=None,
            status="invited",
            login_method="website",
            mfa=False,
            required=invitation.two_factor_required,
            linked=False,
            integrations=False,
        )

    def rights_of(self, user_id: str, employer_id: str) -> frozenset[str]:
        invitation = self.invitations.get(user_id)
        if invitation is not None:
            return invitation.rights
        username = self.usernames[user_id]
        return self.world.rights.get((username, employer_id), frozenset())

    def authorizations_json(self, user_id: str, employer_id: str) -> list[dict[str, Any]]:
        enabled = self.rights_of(user_id, employer_id)
        return [
            {
                "id": authorization_id(name),
                "description": name,
                "availableForEmployerUser": True,
                "isEnabled": name.casefold() in {r.casefold() for r in enabled},
            }
            for name in self.catalogue
        ]

    # --- changing --------------------------------------------------------------------------

    def set_rights(self, user_id: str, employer_id: str, names: frozenset[str]) -> None:
        invitation = self.invitations.get(user_id)
        if invitation is not None:
            invitation.rights = names
            return
        username = self.usernames[user_id]
        self.world.rights[(username, employer_id)] = names
        self.world._allowed.clear()

    def set_blocked(self, user_id: str, blocked: bool) -> None:
        username = self.usernames[user_id]
        self.world.users[username] = msgspec.structs.replace(
            self.world.users[username], blocked=blocked
        )

    def set_two_factor_required(self, user_id: str, required: bool) -> None:
        username = self.usernames[user_id]
        self.two_factor_required[username] = required
        if not required:
            # In the simulator a second factor exists only because it was required.
            user = self.world.users[username]
            self.world.users[username] = msgspec.structs.replace(user, totp_secret=None)

    def invite(self, invitation: Invitation) -> None:
        self.invitations[invitation.id] = invitation

    def accept(self, invitation: Invitation, username: str, password: str) -> None:
        """The invited person chose a user name and password (``/_sim/set-password``)."""
        del self.invitations[invitation.id]
        self.world.users[username] = User(
            username=username,
            password=password,
            initials=invitation.initials,
            prefix=invitation.prefix,
            last_name=invitation.last_name,
            email=invitation.email,
        )
        self._register(username, invitation.id)
        self.two_factor_required[username] = invitation.two_factor_required
        self.login_method[username] = "website"
        self.employer_users.setdefault(invitation.employer_id, []).append(username)
        world = self.world
        world.rights[(username, invitation.employer_id)] = invitation.rights
        employers = world.employers_of_user.get(username, [])
        employers.append(world.employers[invitation.employer_id])
        world.employers_of_user[username] = sorted(
            employers, key=lambda e: (e.company_name, e.employer_number)
        )
        world._allowed.clear()


def authorization_id(name: str) -> str:
    return stable_id("authorization", name)


def _user_body(
    *,
    user_id: str,
    username: str | None,
    first_name: str | None,
    initials: str,
    prefix: str | None,
    last_name: str,
    email: str,
    phone: str | None,
    role: str | None,
    status: str,
    login_method: str,
    mfa: bool,
    required: bool,
    linked: bool,
    integrations: bool,
) -> dict[str, Any]:
    method_key, method_value = LOGIN_METHODS[login_method]
    status_key, status_value = ACCESS_STATUSES[status]
    return {
        "id": user_id,
        "loginMethod": {"key": method_key, "value": method_value},
        "personalDetails": {
            "firstName": first_name,
            # Loket's schema allows letters only in initials and last names.
            "initials": "".join(c for c in initials if c.isalpha())[:6] or "X",
            "prefix": prefix,
            "lastName": "".join(c for c in last_name if c.isalpha())[:25] or "X",
        },
        "contactInformation": {
            "placeOfEmployment": None,
            "phoneNumber": phone,
            "emailAddress": email.lower(),
        },
        "userSpecifiedRole": {"key": 3, "value": role} if role else None,
        "userCustomSpecifiedRole": None,
        "hasAccessToPayrollingTestData": False,
        "accessStatus": {"key": status_key, "value": status_value},
        "hasMultiFactorAuthentication": mfa,
        "twoFactorAuthenticationRequired": required,
        "azureActiveDirectory": None,
        "userName": username,
        "isDepartmentManager": False,
        "isLinkedToMultipleEmployers": linked,
        "hasIntegrations": integrations,
        "hasConnectedApplications": False,
        "dateTimeLastLogin": None,
        "dateTimeCreation": CREATED,
    }
