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
    "ambiguous",
    "not_found",
    "none",
]
PasswordCheck = Literal["ok", "invalid_grant", "not_allowed", "no_password", "error"]
RightStatus = Literal[
    "present",  # an activity only this right grants is allowed
    "missing",  # an activity this right grants is refused while nothing else explains it
    "ambiguous",  # allowed, but every such activity is also granted by another right
    "module_missing",  # refused because the employer lacks the module (shown by other answers)
    "module_or_right",  # refused: the right or the employer's module is missing, not telling
    "client_limit",  # refused: Koppelaar's own API client is not linked to these activities
    "model_unknown",  # the authorization model names this right for no activity
    "no_model",  # the authorization model could not be read
]

# Matches that found the employer itself (the werkgever ID is right).
RESOLVED_MATCHES = ("employer_number", "guid")
# Matches that found the employer through something else typed by mistake.
MISTAKEN_MATCHES = ("client_number", "administration_number", "provider_number", "name_only")
# The number is one employer's werkgever ID and another's clientNumber: the user reaches the
# first, but the ID does not tell which one is meant.
AMBIGUOUS_MATCHES = ("ambiguous",)


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
    other: EmployerInfo | None = None  # ambiguous: the employer whose clientNumber it also is

    @property
    def found(self) -> bool:
        return self.match in RESOLVED_MATCHES

    @property
    def reached(self) -> EmployerInfo | None:
        """The employer the profile means, when the user reaches it (by any match)."""
        reaching = (*RESOLVED_MATCHES, *MISTAKEN_MATCHES, *AMBIGUOUS_MATCHES)
        return self.employer if self.match in reaching else None


@dataclass(frozen=True)
class RightFinding:
    status: RightStatus
    activities: tuple[str, ...]  # the activities the finding rests on (operationIds)
    deep_activity: str | None = None
    deep_status: int | None = None  # 200 or 403 when --deep made the call
    described: tuple[str, ...] = ()  # the same activities in Loket's words, where it gives them
    others: tuple[str, ...] = ()  # other rights that grant the same activities (verbatim)
    modules: tuple[str, ...] = ()  # the modules those activities need (verbatim)


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
    # Read by name through an admin sign-in (DESIGN section 9): casefolded right name -> enabled.
    # When present it decides the six rights (basis "admin") instead of the inference.
    rights_by_name: dict[str, bool] | None = None
    # The password NN will receive, tried in a password sign-in (None: not tried).
    password_check: PasswordCheck | None = None
    password_error: str | None = None
    # Read through an admin sign-in (DESIGN section 9): the user's loginMethod value, e.g.
    # "Only via SSO". None: not known.
    login_method: str | None = None
    # Where ``two_factor_state`` came from: this run's password/code exchange, or the one
    # recorded when consent was given (a refresh never tells).
    two_factor_source: Literal["exchange", "recorded"] | None = None

    @property
    def xpertsuite(self) -> IntegrationInfo | None:
        for integration in self.integrations or ():
            if is_xpertsuite(integration.name) and not integration.blocked:
                return integration
        return None


def is_xpertsuite(application_name: str) -> bool:
    return "xpertsuite" in application_name.casefold()
