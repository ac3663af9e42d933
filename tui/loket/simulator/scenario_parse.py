"""The scenario file described once (``ScenarioFile``: msgspec Structs, defaults here or in
``scenario``), and the world built from it: ids derived where the file gives none, names
resolved (users, employers, right sets, activities). Every error names the file and the key
path (``users[0].password``) and says what is allowed (``Scenario.from_dict`` uses it)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

import msgspec

from tui.loket.simulator.admin_data import AdminTable, build_admin
from tui.loket.simulator.model import BUILTIN_ACTIVITIES, Activity
from tui.loket.simulator.scenario import (
    NN_RIGHTS,
    Access,
    ApiSettings,
    Employee,
    Employer,
    Employment,
    Fault,
    Integration,
    OAuthClient,
    OAuthSettings,
    PayrollAdministration,
    Scenario,
    ScenarioError,
    User,
    _Table,
    stable_id,
)
from tui.typed_data import convert

Guid = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        extra={"allowed": "a GUID like b14acd0d-75d7-4fc8-8b22-..."},
    ),
]
Bsn = Annotated[str, msgspec.Meta(pattern=r"^(\d{9})?$", extra={"allowed": "nine digits"})]


class PayrollAdministrationEntry(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    id: Guid | None = None  # none: derived from the employer and the client number
    client_number: int
    administration_number: str = ""
    name: str
    short_name: str | None = None
    payroll_runs: Annotated[int, msgspec.Meta(ge=0)] = 3


class EmployeeEntry(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """An employee and their one employment (in the employer's first payroll administration)."""

    id: Guid | None = None  # none: derived from the employer and the employee number
    employee_number: int
    first_name: str = "Sanne"
    initials: str = "S."
    prefix: str | None = None
    last_name: str
    date_of_birth: date = date(1985, 3, 14)
    gender: Literal["Man", "Vrouw", "Onbekend"] = "Vrouw"
    citizen_service_number: Bsn = ""  # empty: one derived that passes the eleven test
    start_date: date = date(2020, 1, 1)
    end_date: date | None = None
    gross_wage: float = 3250.0
    hours_per_week: float = 38.0


class EmployerEntry(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    id: Guid | None = None  # none: derived from the employer number
    employer_number: int
    company_name: str
    chamber_of_commerce_number: str | None = None
    administration_number: str | None = None
    city: str = "Amsterdam"
    modules: tuple[str, ...] | None = None  # none: modules not modelled, every one is on
    payroll_administrations: list[PayrollAdministrationEntry] = []
    employees: list[EmployeeEntry] = []


class AccessEntry(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    user: str
    employer: int | str  # employerNumber or id
    rights: list[str] | str = []  # right names, or the name of a [right_sets] entry
    via: Literal["team", "direct"] = "team"
    team: str | None = None


class GenerateEntry(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``count`` generated employers that ``user`` reaches through a team."""

    user: str
    count: Annotated[int, msgspec.Meta(ge=0)]
    prefix: str = "Bulkbedrijf"
    rights: tuple[str, ...] = NN_RIGHTS
    start_number: Annotated[int, msgspec.Meta(ge=1)] = 500000


class ScenarioFile(_Table, frozen=True, kw_only=True, forbid_unknown_fields=True):
    seed: int = 0
    oauth: OAuthSettings = msgspec.field(default_factory=OAuthSettings)
    api: ApiSettings = msgspec.field(default_factory=ApiSettings)
    builtin_activities: bool = True  # false: only the [[activities]] below
    activities: list[Activity] = []
    clients: list[OAuthClient] = []
    users: list[User] = []
    employers: list[EmployerEntry] = []
    right_sets: dict[str, list[str]] = {}
    access: list[AccessEntry] = []
    integrations: list[Integration] = []
    admin: AdminTable = msgspec.field(default_factory=AdminTable)
    faults: list[Fault] = []
    generate: list[GenerateEntry] = []


def build_scenario(data: Mapping[str, Any], source: str) -> Scenario:
    return _Builder(source).build(convert(data, ScenarioFile, source, ScenarioError))


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.scenario = Scenario()
        self.numbers: dict[int, str] = {}  # employerNumber -> id

    def fail(self, where: str, what: str) -> ScenarioError:
        return ScenarioError(f"{self.source}: {where}: {what}")

    def build(self, file: ScenarioFile) -> Scenario:
        scenario = self.scenario
        scenario.seed, scenario.oauth = file.seed, file.oauth
        obsolete = {key.casefold(): day for key, day in file.api.obsolete_dates.items()}
        scenario.api = msgspec.structs.replace(file.api, obsolete_dates=obsolete)
        scenario.activities = dict(BUILTIN_ACTIVITIES) if file.builtin_activities else {}
        scenario.activities.update((activity.key, activity) for activity in file.activities)
        for index, client in enumerate(file.clients):
            self.add_client(client, f"clients[{index}]")
        for index, user in enumerate(file.users):
            if user.username in scenario.users:
                raise self.fail(f"users[{index}].username", f"duplicate {user.username!r}")
            scenario.users[user.username] = msgspec.structs.replace(
                user, totp_secret=user.totp_secret or None
            )
        for index, entry in enumerate(file.employers):
            employer = build_employer(entry)
            if employer.employer_number in self.numbers or employer.id in scenario.employers:
                raise self.fail(
                    f"employers[{index}]", f"duplicate employer {entry.employer_number}"
                )
            self.numbers[employer.employer_number] = employer.id
            scenario.employers[employer.id] = employer
        for index, access in enumerate(file.access):
            scenario.access.append(self.access(access, f"access[{index}]", file.right_sets))
        for index, integration in enumerate(file.integrations):
            self.known_user(integration.username, f"integrations[{index}].user")
            scenario.integrations.append(
                msgspec.structs.replace(
                    integration,
                    created_on=_utc(integration.created_on) or integration.created_on,
                    last_login=_utc(integration.last_login),
                )
            )
        scenario.admin = build_admin(file.admin, scenario.users, self.fail, self.employer)
        for index, fault in enumerate(file.faults):
            scenario.faults.append(self.fault(fault, f"faults[{index}]"))
        for index, bulk in enumerate(file.generate):
            self.known_user(bulk.user, f"generate[{index}].user")
            self.scenario = self.scenario.with_bulk_employers(
                bulk.user, bulk.count, bulk.rights, bulk.prefix, bulk.start_number
            )
        return self.scenario

    def known_user(self, user: str, where: str) -> None:
        if user not in self.scenario.users:
            raise self.fail(where, f"unknown user {user!r}")

    def employer(self, ref: int | str, where: str) -> str:
        """The id of the employer ``ref`` (an employerNumber or id) names."""
        if isinstance(ref, int) and ref in self.numbers:
            return self.numbers[ref]
        if isinstance(ref, str) and ref.lower() in self.scenario.employers:
            return ref.lower()
        raise self.fail(where, "must be the employerNumber or id of an employer")

    def add_client(self, client: OAuthClient, where: str) -> None:
        for name in client.unlinked_activities:
            if name.casefold() not in self.scenario.activities:
                raise self.fail(f"{where}.unlinked_activities", f"unknown activity {name!r}")
        if client.client_id in self.scenario.clients:
            raise self.fail(f"{where}.client_id", f"duplicate {client.client_id!r}")
        unlinked = frozenset(name.casefold() for name in client.unlinked_activities)
        self.scenario.clients[client.client_id] = msgspec.structs.replace(
            client, unlinked_activities=unlinked
        )

    def access(self, entry: AccessEntry, where: str, right_sets: Mapping[str, list[str]]) -> Access:
        self.known_user(entry.user, f"{where}.user")
        rights = entry.rights
        if isinstance(rights, str):
            if rights not in right_sets:
                raise self.fail(f"{where}.rights", f"unknown right set {rights!r}")
            rights = right_sets[rights]
        employer_id = self.employer(entry.employer, f"{where}.employer")
        return Access(entry.user, employer_id, frozenset(rights), entry.via, entry.team)

    def fault(self, fault: Fault, where: str) -> Fault:
        if fault.user is not None:
            self.known_user(fault.user, f"{where}.user")
        if fault.regex is not None:
            try:
                re.compile(fault.regex)
            except re.error as exc:
                raise self.fail(f"{where}.regex", f"not a regular expression: {exc}") from None
        if fault.employer is None:
            return fault
        employer_id = self.employer(fault.employer, f"{where}.employer")
        return msgspec.structs.replace(fault, employer=employer_id)


def _utc(moment: datetime | None) -> datetime | None:
    """A date-time without a zone is taken as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def build_employer(entry: EmployerEntry) -> Employer:
    employer_id = entry.id.lower() if entry.id else stable_id("employer", entry.employer_number)
    administrations = tuple(
        PayrollAdministration(
            id=pa.id.lower()
            if pa.id
            else stable_id("payrolladministration", employer_id, pa.client_number),
            client_number=pa.client_number,
            administration_number=pa.administration_number,
            name=pa.name,
            short_name=pa.short_name,
            payroll_runs=pa.payroll_runs,
        )
        for pa in entry.payroll_administrations
    )
    first = administrations[0].id if administrations else None
    return Employer(
        id=employer_id,
        employer_number=entry.employer_number,
        company_name=entry.company_name,
        chamber_of_commerce_number=entry.chamber_of_commerce_number,
        administration_number=entry.administration_number,
        city=entry.city,
        modules=entry.modules,
        payroll_administrations=administrations,
        employees=tuple(_employee(e, employer_id, first) for e in entry.employees),
    )


def _employee(entry: EmployeeEntry, employer_id: str, payroll_id: str | None) -> Employee:
    number = entry.employee_number
    employee_id = entry.id.lower() if entry.id else stable_id("employee", employer_id, number)
    return Employee(
        id=employee_id,
        employee_number=number,
        first_name=entry.first_name,
        initials=entry.initials,
        prefix=entry.prefix,
        last_name=entry.last_name,
        date_of_birth=entry.date_of_birth,
        gender=entry.gender,
        citizen_service_number=entry.citizen_service_number
        or _bsn(number + int(employee_id[:6], 16)),
        employments=(
            Employment(
                id=stable_id("employment", employee_id, 1),
                start_date=entry.start_date,
                end_date=entry.end_date,
                payroll_administration_id=payroll_id,
                gross_wage=entry.gross_wage,
                hours_per_week=entry.hours_per_week,
            ),
        ),
    )


def generate_employers(prefix: str, count: int, start_number: int) -> list[Employer]:
    """Employers ``start_number``.. with one payroll administration and one employee each,
    every other value the file's default."""
    employers = []
    for index in range(count):
        number = start_number + index
        name = f"{prefix} {index + 1:04d} B.V."
        employer_id = stable_id("employer", number)
        administration = PayrollAdministrationEntry(
            id=stable_id("payrolladministration", employer_id, 1),
            client_number=number + 900000,
            administration_number=f"{number}-01",
            name=f"{name} salarisadministratie"[:70],
        )
        entry = EmployerEntry(
            employer_number=number,
            company_name=name,
            chamber_of_commerce_number=f"{70000000 + number % 29999999:08d}",
            administration_number=f"D{number}",
            payroll_administrations=[administration],
            employees=[EmployeeEntry(employee_number=1, last_name="Jansen")],
        )
        employers.append(build_employer(entry))
    return employers


def _bsn(seed: int) -> str:
    """A nine-digit number that passes the BSN eleven test."""
    digits = [int(c) for c in f"{(seed * 7919) % 10**8:08d}"]
    total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
    for last in range(10):
        if (total - last) % 11 == 0:
            return "".join(map(str, digits)) + str(last)
    digits[0] = (digits[0] + 1) % 10
    return _bsn(int("".join(map(str, digits))) + 1)
