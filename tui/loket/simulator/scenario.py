"""The simulator's world: users, employers, access, rights, integrations, clients and faults.

A scenario is plain data, loaded from TOML (``load_scenario``) or a dict (``Scenario.from_dict``).
The tables a file gives as they are kept (users, clients, integrations, faults) are the msgspec
Structs below; the others are described in ``scenario_parse``, which builds the rest and checks
what refers to what. Errors name the file, the key path and what is allowed.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from tui.loket.simulator.admin_data import AdminSpec
from tui.loket.simulator.model import BUILTIN_ACTIVITIES, Activity
from tui.typed_data import DataError

_NAMESPACE = uuid.UUID("6f1b2a52-3c55-4f0e-9a43-6d2f1c0b7e11")
NN_RIGHTS = (
    "Beheren en raadplegen BSN",
    "Raadplegen beloningen",
    "Raadplegen dienstverbanden",
    "Raadplegen HRM",
    "Raadplegen loonoutput",
    "Raadplegen variabele gegevens",
)
Malformed = Literal["invalid_json", "html", "wrong_content_type"]
NonNegative = Annotated[int, msgspec.Meta(ge=0)]
HttpStatus = Annotated[
    int, msgspec.Meta(ge=100, le=599, extra={"allowed": "an HTTP status code (100 to 599)"})
]
# "" in a file means none, as if the key were left out
Base32 = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^([A-Z2-7]{16,}=*)?$", extra={"allowed": "base32 (A-Z, 2-7), 16+ characters"}
    ),
]


class ScenarioError(DataError):
    """A scenario file or dict that does not describe a valid world."""


@functools.lru_cache(maxsize=1 << 16)
def stable_id(*parts: object) -> str:
    """A GUID derived from names, so an unchanged scenario keeps its ids."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)))


class _Table(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A table of a scenario file: every key typed, with its default; unknown keys refused."""


class User(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    username: str
    password: str
    totp_secret: Base32 | None = None
    blocked: bool = False
    webservice: bool = False
    first_name: str = ""
    initials: str = ""
    prefix: str | None = None
    last_name: str = ""
    email: str = ""
    role: str = "Salarisadministrateur"
    auth_role: str = "Provider"

    def __repr__(self) -> str:
        return f"User(username={self.username!r}, blocked={self.blocked})"


class Integration(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    username: str = msgspec.field(name="user")
    application: str
    created_on: datetime = datetime(2026, 1, 1, tzinfo=UTC)  # without a zone: UTC
    last_login: datetime | None = None
    is_blocked: bool = False

    @property
    def application_id(self) -> str:
        return stable_id("application", self.application)


class OAuthClient(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    client_id: str
    client_secret: str | None = None
    redirect_uris: tuple[str, ...] = ()
    password_grant: bool = False
    application: str = ""
    unlinked_activities: frozenset[str] = frozenset()  # activity names, casefolded once loaded

    @property
    def application_name(self) -> str:
        return self.application or self.client_id

    @property
    def application_id(self) -> str:
        return stable_id("application", self.application_name)

    def __repr__(self) -> str:
        return f"OAuthClient(client_id={self.client_id!r})"


class Fault(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One fault rule; every field left at its default does nothing.

    ``path`` is a glob against the request path unless ``regex`` is set. Counted faults
    (``statuses``, ``rate_limit``, ``reset``) count matching requests per rule, or per concrete
    path when ``per_path`` is set. ``employer``: an employerNumber or id in a file, the
    employer's id once loaded.
    """

    path: str = "/v2/*"
    regex: str | None = None
    user: str | None = None
    employer: int | str | None = None
    latency_ms: NonNegative = 0
    jitter_ms: NonNegative = 0
    error_rate: Annotated[float, msgspec.Meta(ge=0, le=1)] = 0.0
    error_status: HttpStatus = 500
    rate_limit: NonNegative = 0
    retry_after: NonNegative = 1
    statuses: tuple[HttpStatus, ...] = ()
    reset: NonNegative = 0
    malformed: Malformed | None = None
    malformed_status: HttpStatus = 200
    slow_body_chunks: NonNegative = 0
    slow_body_delay_ms: NonNegative = 0
    per_path: bool = False


class OAuthSettings(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    access_token_lifetime: Annotated[int, msgspec.Meta(ge=1)] = 3599  # seconds
    code_lifetime: Annotated[int, msgspec.Meta(ge=1)] = 120


class ApiSettings(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    page_size: Annotated[int, msgspec.Meta(ge=1)] = 250  # when a request names none
    obsolete_dates: dict[str, date] = {}  # operationId -> obsoleteDate; casefolded once loaded


@dataclass(frozen=True)
class Employment:
    id: str
    start_date: date
    end_date: date | None
    payroll_administration_id: str | None
    gross_wage: float
    hours_per_week: float


@dataclass(frozen=True)
class Employee:
    id: str
    employee_number: int
    first_name: str
    initials: str
    prefix: str | None
    last_name: str
    date_of_birth: date
    gender: str
    citizen_service_number: str
    employments: tuple[Employment, ...]

    def __repr__(self) -> str:
        return f"Employee(id={self.id!r}, employee_number={self.employee_number})"


@dataclass(frozen=True)
class PayrollAdministration:
    id: str
    client_number: int
    administration_number: str
    name: str
    short_name: str | None = None
    payroll_runs: int = 3


@dataclass(frozen=True)
class Employer:
    id: str
    employer_number: int
    company_name: str
    chamber_of_commerce_number: str | None = None
    administration_number: str | None = None
    city: str = "Amsterdam"
    modules: tuple[str, ...] | None = None
    payroll_administrations: tuple[PayrollAdministration, ...] = ()
    employees: tuple[Employee, ...] = ()


@dataclass(frozen=True)
class Access:
    username: str
    employer_id: str
    rights: frozenset[str]
    via: str = "team"
    team: str | None = None


@dataclass
class Scenario:
    users: dict[str, User] = field(default_factory=dict)
    employers: dict[str, Employer] = field(default_factory=dict)
    access: list[Access] = field(default_factory=list)
    integrations: list[Integration] = field(default_factory=list)
    clients: dict[str, OAuthClient] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=lambda: dict(BUILTIN_ACTIVITIES))
    faults: list[Fault] = field(default_factory=list)
    seed: int = 0
    admin: AdminSpec = field(default_factory=AdminSpec)
    oauth: OAuthSettings = field(default_factory=OAuthSettings)
    api: ApiSettings = field(default_factory=ApiSettings)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
        from tui.loket.simulator.scenario_parse import build_scenario

        return build_scenario(data, source)

    def obsolete_date(self, operation_id: str) -> str | None:
        day = self.api.obsolete_dates.get(operation_id.casefold())
        return None if day is None else day.isoformat()

    def employer_by_number(self, employer_number: int) -> Employer | None:
        for employer in self.employers.values():
            if employer.employer_number == employer_number:
                return employer
        return None

    def with_bulk_employers(
        self,
        username: str,
        count: int,
        rights: Iterable[str] = NN_RIGHTS,
        prefix: str = "Bulkbedrijf",
        start_number: int = 500000,
    ) -> Scenario:
        """A copy in which ``username`` reaches ``count`` more generated employers."""
        if username not in self.users:
            raise ScenarioError(f"with_bulk_employers: unknown user {username!r}")
        from tui.loket.simulator.scenario_parse import generate_employers

        employers = dict(self.employers)
        access = list(self.access)
        for employer in generate_employers(prefix, count, start_number):
            if employer.id in employers:
                raise ScenarioError(f"with_bulk_employers: employer {employer.id} exists already")
            employers[employer.id] = employer
            access.append(Access(username, employer.id, frozenset(rights), "team", prefix))
        return dataclasses.replace(self, employers=employers, access=access)


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML: {exc}") from None
    return Scenario.from_dict(data, source=str(path))
