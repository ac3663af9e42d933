"""The simulator's world: users, employers, access, rights, integrations, clients and faults.

A scenario is plain data, loaded from TOML (``load_scenario``) or a dict (``Scenario.from_dict``)
and validated with errors that name the file, the key and what is allowed.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tui.loket.simulator.admin_data import AdminSpec
from tui.loket.simulator.model import BUILTIN_ACTIVITIES, Activity

_NAMESPACE = uuid.UUID("6f1b2a52-3c55-4f0e-9a43-6d2f1c0b7e11")
NN_RIGHTS = (
    "Beheren en raadplegen BSN",
    "Raadplegen beloningen",
    "Raadplegen dienstverbanden",
    "Raadplegen HRM",
    "Raadplegen loonoutput",
    "Raadplegen variabele gegevens",
)
MALFORMED_KINDS = ("invalid_json", "html", "wrong_content_type")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class ScenarioError(ValueError):
    """A scenario file or dict that does not describe a valid world."""


@functools.lru_cache(maxsize=1 << 16)
def stable_id(*parts: object) -> str:
    """A GUID derived from names, so an unchanged scenario keeps its ids."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)))


@dataclass(frozen=True)
class User:
    username: str
    password: str
    totp_secret: str | None = None
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


@dataclass(frozen=True)
class Integration:
    username: str
    application: str
    created_on: datetime
    last_login: datetime | None = None
    is_blocked: bool = False

    @property
    def application_id(self) -> str:
        return stable_id("application", self.application)


@dataclass(frozen=True)
class OAuthClient:
    client_id: str
    client_secret: str | None
    redirect_uris: tuple[str, ...] = ()
    password_grant: bool = False
    application: str = ""
    unlinked_activities: frozenset[str] = frozenset()

    @property
    def application_name(self) -> str:
        return self.application or self.client_id

    @property
    def application_id(self) -> str:
        return stable_id("application", self.application_name)

    def __repr__(self) -> str:
        return f"OAuthClient(client_id={self.client_id!r})"


@dataclass(frozen=True)
class Fault:
    """One fault rule; every field left at its default does nothing.

    ``path`` is a glob against the request path unless ``regex`` is set. Counted faults
    (``statuses``, ``rate_limit``, ``reset``) count matching requests per rule, or per concrete
    path when ``per_path`` is set.
    """

    path: str = "/v2/*"
    regex: str | None = None
    user: str | None = None
    employer: str | None = None
    latency_ms: int = 0
    jitter_ms: int = 0
    error_rate: float = 0.0
    error_status: int = 500
    rate_limit: int = 0
    retry_after: int = 1
    statuses: tuple[int, ...] = ()
    reset: int = 0
    malformed: str | None = None
    malformed_status: int = 200
    slow_body_chunks: int = 0
    slow_body_delay_ms: int = 0
    per_path: bool = False


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
    # [api]: the page size when a request names none; obsoleteDate per operationId (casefolded)
    page_size: int = 250
    obsolete_dates: dict[str, str] = field(default_factory=dict)
    access_token_lifetime: int = 3599
    code_lifetime: int = 120

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
        from tui.loket.simulator.scenario_parse import ScenarioParser

        return ScenarioParser(source).scenario(data)

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


def generate_employers(prefix: str, count: int, start_number: int) -> list[Employer]:
    employers = []
    for index in range(count):
        number = start_number + index
        name = f"{prefix} {index + 1:04d} B.V."
        employer_id = stable_id("employer", number)
        administration = PayrollAdministration(
            id=stable_id("payrolladministration", employer_id, 1),
            client_number=number + 900000,
            administration_number=f"{number}-01",
            name=f"{name} salarisadministratie"[:70],
        )
        employers.append(
            Employer(
                id=employer_id,
                employer_number=number,
                company_name=name,
                chamber_of_commerce_number=f"{70000000 + number % 29999999:08d}",
                administration_number=f"D{number}",
                payroll_administrations=(administration,),
                employees=(_default_employee(employer_id, administration.id, 1, "Jansen"),),
            )
        )
    return employers


def _default_employee(employer_id: str, payroll_id: str | None, number: int, last: str) -> Employee:
    employee_id = stable_id("employee", employer_id, number)
    return Employee(
        id=employee_id,
        employee_number=number,
        first_name="Sanne",
        initials="S.",
        prefix=None,
        last_name=last,
        date_of_birth=date(1985, 3, 14),
        gender="Vrouw",
        citizen_service_number=_bsn(number + int(employee_id[:6], 16)),
        employments=(
            Employment(
                id=stable_id("employment", employee_id, 1),
                start_date=date(2020, 1, 1),
                end_date=None,
                payroll_administration_id=payroll_id,
                gross_wage=3250.0,
                hours_per_week=38.0,
            ),
        ),
    )


def _bsn(seed: int) -> str:
    """A nine-digit number that passes the BSN eleven test."""
    digits = [int(c) for c in f"{(seed * 7919) % 10**8:08d}"]
    total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
    for last in range(10):
        if (total - last) % 11 == 0:
            return "".join(map(str, digits)) + str(last)
    digits[0] = (digits[0] + 1) % 10
    return _bsn(int("".join(map(str, digits))) + 1)
