"""The simulator's running state: indexes over the scenario, tokens, integrations and stats."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tui.loket.simulator.model import Activity
from tui.loket.simulator.scenario import (
    Employee,
    Employer,
    Employment,
    Integration,
    OAuthClient,
    PayrollAdministration,
    Scenario,
    User,
)

# Loket's token responses carry this for users without 2FA (the documented value).
TWO_FACTOR_OFF = "None"
# Loket documents only "None". For a user with 2FA on we answer "Enabled": a realistic enum name
# for "the second factor is configured", which is all a client can rely on (anything but "None").
TWO_FACTOR_ON = "Enabled"


@dataclass(frozen=True)
class Grant:
    """What an access or refresh token stands for."""

    username: str
    client_id: str
    expires_at: float
    two_factor_state: str

    def __repr__(self) -> str:
        return f"Grant(username={self.username!r}, client_id={self.client_id!r})"


@dataclass(frozen=True)
class PendingCode:
    username: str
    client_id: str
    redirect_uri: str
    expires_at: float


@dataclass(frozen=True)
class PendingLogin:
    """A password that checked out, waiting for the TOTP step of the authorize page."""

    username: str
    client_id: str
    redirect_uri: str
    state: str | None
    expires_at: float
    attempts: int = 0


@dataclass
class Stats:
    total: int = 0
    by_path: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)

    def record(self, template: str, status: str) -> None:
        self.total += 1
        self.by_path[template] += 1
        self.by_status[status] += 1

    def as_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "by_path": dict(sorted(self.by_path.items())),
            "by_status": dict(sorted(self.by_status.items())),
        }


class World:
    def __init__(self, scenario: Scenario, clock: Callable[[], float]) -> None:
        self.scenario = scenario
        self.clock = clock
        self.users: dict[str, User] = scenario.users
        self.clients: dict[str, OAuthClient] = scenario.clients
        self.activities: dict[str, Activity] = scenario.activities
        self.employers: dict[str, Employer] = scenario.employers
        self.rights: dict[tuple[str, str], frozenset[str]] = {}
        reached: dict[str, set[str]] = {}
        for access in scenario.access:
            key = (access.username, access.employer_id)
            # as the scenario spells them (Loket shows them so); matching casefolds
            self.rights[key] = self.rights.get(key, frozenset()) | frozenset(access.rights)
            reached.setdefault(access.username, set()).add(access.employer_id)
        self.employers_of_user: dict[str, list[Employer]] = {
            username: sorted(
                (self.employers[i] for i in ids), key=lambda e: (e.company_name, e.employer_number)
            )
            for username, ids in reached.items()
        }
        self.payroll_administrations: dict[str, tuple[Employer, PayrollAdministration]] = {}
        self.employments: dict[str, tuple[Employer, Employee, Employment]] = {}
        for employer in self.employers.values():
            for administration in employer.payroll_administrations:
                self.payroll_administrations[administration.id] = (employer, administration)
            for employee in employer.employees:
                for employment in employee.employments:
                    self.employments[employment.id] = (employer, employee, employment)
        self.integrations: dict[str, list[Integration]] = {}
        for integration in scenario.integrations:
            self.integrations.setdefault(integration.username, []).append(integration)
        self.applications = {c.application_id: c for c in self.clients.values()}
        self.access_tokens: dict[str, Grant] = {}
        self.refresh_tokens: dict[str, Grant] = {}
        self.codes: dict[str, PendingCode] = {}
        self.logins: dict[str, PendingLogin] = {}
        self.stats = Stats()
        self.employer_json: dict[str, dict[str, Any]] = {}
        self._allowed: dict[tuple[str, str, str], frozenset[str]] = {}

    # --- authorization -------------------------------------------------------------------

    def client_may(self, client_id: str, activity: str) -> bool:
        client = self.clients.get(client_id)
        return client is not None and activity.casefold() not in client.unlinked_activities

    def allowed_activities(self, username: str, client_id: str, employer_id: str) -> frozenset[str]:
        """The employer-scoped activities (casefolded names) that pass all five checks, cached
        per triple."""
        key = (username, client_id, employer_id)
        cached = self._allowed.get(key)
        if cached is not None:
            return cached
        held = self.rights.get((username, employer_id))
        rights = None if held is None else frozenset(r.casefold() for r in held)
        user = self.users.get(username)
        employer = self.employers.get(employer_id)
        allowed: frozenset[str] = frozenset()
        if rights is not None and user is not None and employer is not None:
            allowed = frozenset(
                a.key
                for a in self.activities.values()
                if a.scope == "employer"
                and self.client_may(client_id, a.name)
                and a.granted_by(rights)
                and (not a.roles or user.auth_role in a.roles)
                and (not a.modules or employer.modules is None or _any_in(a.modules, employer))
            )
        self._allowed[key] = allowed
        return allowed

    def reaches(self, username: str, employer_id: str) -> bool:
        return (username, employer_id) in self.rights

    # --- tokens ----------------------------------------------------------------------------

    def issue_tokens(
        self, username: str, client_id: str, *, refreshed: bool = False
    ) -> dict[str, object]:
        """A token response. ``refreshed``: the refresh flow skips the second factor, and Loket's
        document shows it answering ``two_factor_state: "None"`` whatever the user's set-up."""
        user = self.users[username]
        state = TWO_FACTOR_ON if user.totp_secret and not refreshed else TWO_FACTOR_OFF
        lifetime = self.scenario.oauth.access_token_lifetime
        access = secrets.token_urlsafe(32)
        refresh = secrets.token_urlsafe(24)
        self.access_tokens[access] = Grant(username, client_id, self.clock() + lifetime, state)
        self.refresh_tokens[refresh] = Grant(username, client_id, float("inf"), state)
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": lifetime,
            "refresh_token": refresh,
            "two_factor_state": state,
        }

    def grant_for(self, authorization: str | None) -> Grant | None:
        """The live grant behind an ``Authorization: Bearer ...`` header, if any."""
        if not authorization or authorization[:7].lower() != "bearer ":
            return None
        grant = self.access_tokens.get(authorization[7:].strip())
        if grant is None:
            return None
        if grant.expires_at <= self.clock():
            del self.access_tokens[authorization[7:].strip()]
            return None
        user = self.users.get(grant.username)
        if user is None or user.blocked:
            return None
        return grant

    # --- integrations ----------------------------------------------------------------------

    def connect(self, username: str, application: str) -> Integration:
        now = datetime.fromtimestamp(self.clock(), tz=UTC).replace(microsecond=0)
        integration = Integration(
            username=username, application=application, created_on=now, last_login=now
        )
        self.integrations.setdefault(username, []).append(integration)
        return integration


def _any_in(modules: tuple[str, ...], employer: Employer) -> bool:
    assert employer.modules is not None
    return any(m in employer.modules for m in modules)
