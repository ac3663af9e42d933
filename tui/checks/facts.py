"""What a probe found out about one profile: plain data the checklist engine evaluates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

LoginOutcome = Literal["ok", "invalid_grant", "refresh_refused", "unchecked"]
Match = Literal[
    "employer_number",
    "guid",
    "client_number",
    "administration_number",
    "provider_number",
    "name_only",
    "not_found",
    "none",
]
RightStatus = Literal["present", "missing", "client_limit", "model_unknown"]

# Matches that found the employer itself (the werkgever ID is right).
RESOLVED_MATCHES = ("employer_number", "guid")
# Matches that found the employer through something else typed by mistake.
MISTAKEN_MATCHES = ("client_number", "administration_number", "provider_number", "name_only")


@dataclass(frozen=True)
class EmployerInfo:
    id: str
    number: int | None
    name: str


@dataclass(frozen=True)
class Resolution:
    """How the typed werkgever ID relates to the employers the user reaches."""

    match: Match
    employer: EmployerInfo | None = None
    administration: str | None = None  # payroll administration that held the mistaken number
    count: int = 0  # employers the user reaches

    @property
    def found(self) -> bool:
        return self.match in RESOLVED_MATCHES

    @property
    def reached(self) -> EmployerInfo | None:
        """The employer the profile means, when the user reaches it (by any match)."""
        return self.employer if self.match in (*RESOLVED_MATCHES, *MISTAKEN_MATCHES) else None


@dataclass(frozen=True)
class RightFinding:
    status: RightStatus
    activities: tuple[str, ...]
    deep_activity: str | None = None
    deep_status: int | None = None  # 200 or 403 when --deep made the call


@dataclass(frozen=True)
class IntegrationInfo:
    name: str
    created_on: datetime | None = None
    blocked: bool = False
    own: bool = False  # Koppelaar's own application (it signed in as this user to check it)


@dataclass
class ProfileFacts:
    """Everything one probe established; ``None`` means not established."""

    fatal: str | None = None  # the check could not run at all: what happened and what to do
    login: LoginOutcome = "unchecked"
    two_factor_state: str | None = None
    integrations: list[IntegrationInfo] | None = None
    integrations_error: str | None = None
    resolution: Resolution | None = None
    employers_error: str | None = None
    rights: dict[str, RightFinding] = field(default_factory=dict)
    rights_error: str | None = None

    @property
    def xpertsuite(self) -> IntegrationInfo | None:
        for integration in self.integrations or ():
            if is_xpertsuite(integration.name) and not integration.blocked:
                return integration
        return None


def is_xpertsuite(application_name: str) -> bool:
    return "xpertsuite" in application_name.casefold()
