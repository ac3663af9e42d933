"""Reading a scenario from plain data (TOML or a dict), every key checked: an error names the
file, the key and what is allowed (``Scenario.from_dict`` uses it)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from tui.loket.simulator.admin_data import parse_admin
from tui.loket.simulator.model import Activity
from tui.loket.simulator.scenario import (
    _GUID,
    MALFORMED_KINDS,
    NN_RIGHTS,
    Access,
    Employee,
    Employer,
    Employment,
    Fault,
    Integration,
    OAuthClient,
    PayrollAdministration,
    Scenario,
    ScenarioError,
    User,
    _bsn,
    stable_id,
)


class ScenarioParser:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, what: str) -> ScenarioError:
        return ScenarioError(f"{self.source}: {where}: {what}")

    def table(self, value: Any, where: str, allowed: Sequence[str]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, "must be a table")
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise self.fail(
                f"{where}.{unknown[0]}", f"unknown key; allowed: {', '.join(sorted(allowed))}"
            )
        return value

    def tables(self, data: Mapping[str, Any], key: str) -> list[tuple[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "must be an array of tables ([[...]])")
        return [(f"{key}[{i}]", item) for i, item in enumerate(value)]

    def get(self, data: Mapping[str, Any], where: str, key: str, kind: type, default: Any) -> Any:
        if key not in data:
            if default is _REQUIRED:
                raise self.fail(f"{where}.{key}", f"required ({kind.__name__})")
            return default
        value = data[key]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not ok:
            raise self.fail(f"{where}.{key}", f"must be {kind.__name__}, got {value!r:.40}")
        return value

    def strings(self, data: Mapping[str, Any], where: str, key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where}.{key}", "must be a list of strings")
        return tuple(value)

    def guid(self, data: Mapping[str, Any], where: str, key: str, *derive: object) -> str:
        value = self.get(data, where, key, str, None)
        if value is None:
            return stable_id(*derive)
        if not _GUID.match(value):
            raise self.fail(f"{where}.{key}", "must be a GUID like b14acd0d-75d7-4fc8-8b22-...")
        return value.lower()

    def day(self, data: Mapping[str, Any], where: str, key: str, default: Any) -> Any:
        value = data.get(key, default)
        if value is default:
            return default
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(f"{where}.{key}", "must be a date (YYYY-MM-DD)")

    def moment(self, data: Mapping[str, Any], where: str, key: str, default: Any) -> Any:
        value = data.get(key, default)
        if value is default or value is None:
            return value
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise self.fail(f"{where}.{key}", "must be a date-time") from None
        if not isinstance(value, datetime):
            raise self.fail(f"{where}.{key}", "must be a date-time")
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    def scenario(self, data: Mapping[str, Any]) -> Scenario:
        root = self.table(
            data,
            "(top level)",
            [
                "seed", "oauth", "clients", "users", "employers", "access", "right_sets",
                "integrations", "activities", "builtin_activities", "faults", "generate",
                "admin", "api",
            ],
        )  # fmt: skip
        api = self.table(root.get("api", {}), "api", ["page_size", "obsolete_dates"])
        scenario = Scenario(seed=self.get(root, "(top level)", "seed", int, 0))
        oauth = self.table(
            root.get("oauth", {}), "oauth", ["access_token_lifetime", "code_lifetime"]
        )
        scenario.access_token_lifetime = self.get(
            oauth, "oauth", "access_token_lifetime", int, 3599
        )
        scenario.code_lifetime = self.get(oauth, "oauth", "code_lifetime", int, 120)
        scenario.page_size = self.get(api, "api", "page_size", int, 250)
        if scenario.page_size < 1:
            raise self.fail("api.page_size", "must be at least 1")
        obsolete = api.get("obsolete_dates", {})
        if not isinstance(obsolete, Mapping) or not all(
            isinstance(v, str | date) for v in obsolete.values()
        ):
            raise self.fail("api.obsolete_dates", "must map operationIds to dates")
        scenario.obsolete_dates = {k.casefold(): str(v) for k, v in obsolete.items()}
        if not self.get(root, "(top level)", "builtin_activities", bool, True):
            scenario.activities = {}
        for where, item in self.tables(root, "activities"):
            activity = self.activity(item, where)
            scenario.activities[activity.key] = activity
        for where, item in self.tables(root, "clients"):
            client = self.client(item, where, scenario.activities)
            if client.client_id in scenario.clients:
                raise self.fail(f"{where}.client_id", f"duplicate {client.client_id!r}")
            scenario.clients[client.client_id] = client
        for where, item in self.tables(root, "users"):
            user = self.user(item, where)
            if user.username in scenario.users:
                raise self.fail(f"{where}.username", f"duplicate {user.username!r}")
            scenario.users[user.username] = user
        numbers: dict[int, str] = {}
        for where, item in self.tables(root, "employers"):
            employer = self.employer(item, where)
            if employer.employer_number in numbers or employer.id in scenario.employers:
                raise self.fail(where, f"duplicate employer {employer.employer_number}")
            numbers[employer.employer_number] = employer.id
            scenario.employers[employer.id] = employer
        right_sets = root.get("right_sets", {})
        if not isinstance(right_sets, Mapping) or not all(
            isinstance(v, list) and all(isinstance(r, str) for r in v) for v in right_sets.values()
        ):
            raise self.fail("right_sets", "must map names to lists of right names")
        for where, item in self.tables(root, "access"):
            scenario.access.append(self.access(item, where, scenario, numbers, right_sets))
        for where, item in self.tables(root, "integrations"):
            scenario.integrations.append(self.integration(item, where, scenario))
        scenario.admin = parse_admin(
            root.get("admin"), scenario.users, self.fail,
            lambda item, where: self.employer_ref(item, where, numbers, scenario.employers),
        )  # fmt: skip
        for where, item in self.tables(root, "faults"):
            scenario.faults.append(self.fault(item, where, scenario, numbers))
        for where, item in self.tables(root, "generate"):
            item = self.table(item, where, ["prefix", "count", "user", "rights", "start_number"])
            user = self.get(item, where, "user", str, _REQUIRED)
            if user not in scenario.users:
                raise self.fail(f"{where}.user", f"unknown user {user!r}")
            rights = self.strings(item, where, "rights") if "rights" in item else NN_RIGHTS
            scenario = scenario.with_bulk_employers(
                user,
                self.get(item, where, "count", int, _REQUIRED),
                rights,
                prefix=self.get(item, where, "prefix", str, "Bulkbedrijf"),
                start_number=self.get(item, where, "start_number", int, 500000),
            )
        return scenario

    def activity(self, item: Any, where: str) -> Activity:
        keys = [
            "name",
            "rights",
            "modules",
            "roles",
            "scope",
            "functional_description",
            "listed_as",
        ]
        item = self.table(item, where, keys)
        scope = self.get(item, where, "scope", str, "employer")
        if scope not in ("employer", "user"):
            raise self.fail(f"{where}.scope", "allowed: employer, user")
        return Activity(
            name=self.get(item, where, "name", str, _REQUIRED),
            rights=self.strings(item, where, "rights"),
            modules=self.strings(item, where, "modules"),
            roles=self.strings(item, where, "roles"),
            scope=scope,
            functional_description=self.get(item, where, "functional_description", str, ""),
            listed_as=self.get(item, where, "listed_as", str, ""),
        )

    def client(self, item: Any, where: str, activities: Mapping[str, Activity]) -> OAuthClient:
        keys = [
            "client_id", "client_secret", "redirect_uris", "password_grant", "application",
            "unlinked_activities",
        ]  # fmt: skip
        item = self.table(item, where, keys)
        unlinked = self.strings(item, where, "unlinked_activities")
        for name in unlinked:
            if name.casefold() not in activities:
                raise self.fail(f"{where}.unlinked_activities", f"unknown activity {name!r}")
        return OAuthClient(
            client_id=self.get(item, where, "client_id", str, _REQUIRED),
            client_secret=self.get(item, where, "client_secret", str, None),
            redirect_uris=self.strings(item, where, "redirect_uris"),
            password_grant=self.get(item, where, "password_grant", bool, False),
            application=self.get(item, where, "application", str, ""),
            unlinked_activities=frozenset(name.casefold() for name in unlinked),
        )

    def user(self, item: Any, where: str) -> User:
        keys = [f.name for f in dataclasses.fields(User)]
        item = self.table(item, where, keys)
        values = {
            key: self.get(item, where, key, type(default) if default is not None else str, default)
            for key, default in (
                ("first_name", ""),
                ("initials", ""),
                ("prefix", None),
                ("last_name", ""),
                ("email", ""),
                ("role", "Salarisadministrateur"),
                ("auth_role", "Provider"),
            )
        }
        username = self.get(item, where, "username", str, _REQUIRED)
        secret = self.get(item, where, "totp_secret", str, None) or None
        if secret is not None and not re.fullmatch(r"[A-Z2-7]{16,}=*", secret):
            raise self.fail(f"{where}.totp_secret", "must be base32 (A-Z, 2-7), 16+ characters")
        return User(
            username=username,
            password=self.get(item, where, "password", str, _REQUIRED),
            totp_secret=secret,
            blocked=self.get(item, where, "blocked", bool, False),
            webservice=self.get(item, where, "webservice", bool, False),
            **values,
        )

    def employer(self, item: Any, where: str) -> Employer:
        keys = [
            "id", "employer_number", "company_name", "chamber_of_commerce_number",
            "administration_number", "city", "modules", "payroll_administrations", "employees",
        ]  # fmt: skip
        item = self.table(item, where, keys)
        number = self.get(item, where, "employer_number", int, _REQUIRED)
        employer_id = self.guid(item, where, "id", "employer", number)
        administrations = []
        for sub, pa in self.tables(item, "payroll_administrations"):
            sub = f"{where}.{sub}"
            pa = self.table(
                pa,
                sub,
                ["id", "client_number", "administration_number", "name", "short_name",
                 "payroll_runs"],
            )  # fmt: skip
            client_number = self.get(pa, sub, "client_number", int, _REQUIRED)
            administrations.append(
                PayrollAdministration(
                    id=self.guid(
                        pa, sub, "id", "payrolladministration", employer_id, client_number
                    ),
                    client_number=client_number,
                    administration_number=self.get(pa, sub, "administration_number", str, ""),
                    name=self.get(pa, sub, "name", str, _REQUIRED),
                    short_name=self.get(pa, sub, "short_name", str, None),
                    payroll_runs=self.get(pa, sub, "payroll_runs", int, 3),
                )
            )
        first_pa = administrations[0].id if administrations else None
        employees = [
            self.employee(e, f"{where}.{sub}", employer_id, first_pa)
            for sub, e in self.tables(item, "employees")
        ]
        modules = item.get("modules")
        return Employer(
            id=employer_id,
            employer_number=number,
            company_name=self.get(item, where, "company_name", str, _REQUIRED),
            chamber_of_commerce_number=self.get(
                item, where, "chamber_of_commerce_number", str, None
            ),
            administration_number=self.get(item, where, "administration_number", str, None),
            city=self.get(item, where, "city", str, "Amsterdam"),
            modules=None if modules is None else self.strings(item, where, "modules"),
            payroll_administrations=tuple(administrations),
            employees=tuple(employees),
        )

    def employee(self, item: Any, where: str, employer_id: str, payroll_id: str | None) -> Employee:
        keys = [
            "id", "employee_number", "first_name", "initials", "prefix", "last_name",
            "date_of_birth", "gender", "citizen_service_number", "start_date", "end_date",
            "gross_wage", "hours_per_week",
        ]  # fmt: skip
        item = self.table(item, where, keys)
        number = self.get(item, where, "employee_number", int, _REQUIRED)
        employee_id = self.guid(item, where, "id", "employee", employer_id, number)
        bsn = self.get(item, where, "citizen_service_number", str, "") or _bsn(
            number + int(employee_id[:6], 16)
        )
        if not re.fullmatch(r"\d{9}", bsn):
            raise self.fail(f"{where}.citizen_service_number", "must be nine digits")
        gender = self.get(item, where, "gender", str, "Vrouw")
        if gender not in ("Man", "Vrouw", "Onbekend"):
            raise self.fail(f"{where}.gender", "allowed: Man, Vrouw, Onbekend")
        return Employee(
            id=employee_id,
            employee_number=number,
            first_name=self.get(item, where, "first_name", str, "Sanne"),
            initials=self.get(item, where, "initials", str, "S."),
            prefix=self.get(item, where, "prefix", str, None),
            last_name=self.get(item, where, "last_name", str, _REQUIRED),
            date_of_birth=self.day(item, where, "date_of_birth", date(1985, 3, 14)),
            gender=gender,
            citizen_service_number=bsn,
            employments=(
                Employment(
                    id=stable_id("employment", employee_id, 1),
                    start_date=self.day(item, where, "start_date", date(2020, 1, 1)),
                    end_date=self.day(item, where, "end_date", None),
                    payroll_administration_id=payroll_id,
                    gross_wage=self.get(item, where, "gross_wage", float, 3250.0),
                    hours_per_week=self.get(item, where, "hours_per_week", float, 38.0),
                ),
            ),
        )

    def employer_ref(
        self, item: Mapping[str, Any], where: str, numbers: Mapping[int, str], known: Iterable[str]
    ) -> str:
        value = item.get("employer")
        if isinstance(value, int) and not isinstance(value, bool) and value in numbers:
            return numbers[value]
        if isinstance(value, str) and value.lower() in known:
            return value.lower()
        raise self.fail(f"{where}.employer", "must be the employerNumber or id of an employer")

    def access(
        self,
        item: Any,
        where: str,
        scenario: Scenario,
        numbers: Mapping[int, str],
        right_sets: Mapping[str, list[str]],
    ) -> Access:
        item = self.table(item, where, ["user", "employer", "rights", "via", "team"])
        user = self.get(item, where, "user", str, _REQUIRED)
        if user not in scenario.users:
            raise self.fail(f"{where}.user", f"unknown user {user!r}")
        rights = item.get("rights", [])
        if isinstance(rights, str):
            if rights not in right_sets:
                raise self.fail(f"{where}.rights", f"unknown right set {rights!r}")
            rights = right_sets[rights]
        elif not isinstance(rights, list) or not all(isinstance(r, str) for r in rights):
            raise self.fail(f"{where}.rights", "must be a list of right names or a right set name")
        via = self.get(item, where, "via", str, "team")
        if via not in ("team", "direct"):
            raise self.fail(f"{where}.via", "allowed: team, direct")
        return Access(
            username=user,
            employer_id=self.employer_ref(item, where, numbers, scenario.employers),
            rights=frozenset(rights),
            via=via,
            team=self.get(item, where, "team", str, None),
        )

    def integration(self, item: Any, where: str, scenario: Scenario) -> Integration:
        keys = ["user", "application", "created_on", "last_login", "is_blocked"]
        item = self.table(item, where, keys)
        user = self.get(item, where, "user", str, _REQUIRED)
        if user not in scenario.users:
            raise self.fail(f"{where}.user", f"unknown user {user!r}")
        return Integration(
            username=user,
            application=self.get(item, where, "application", str, _REQUIRED),
            created_on=self.moment(item, where, "created_on", datetime(2026, 1, 1, tzinfo=UTC)),
            last_login=self.moment(item, where, "last_login", None),
            is_blocked=self.get(item, where, "is_blocked", bool, False),
        )

    def fault(self, item: Any, where: str, scenario: Scenario, numbers: Mapping[int, str]) -> Fault:
        item = self.table(item, where, [f.name for f in dataclasses.fields(Fault)])
        values: dict[str, Any] = {}
        for f in dataclasses.fields(Fault):
            if f.name in ("statuses", "employer") or f.name not in item:
                continue
            kind: type = {
                "regex": str, "user": str, "malformed": str, "error_rate": float,
                "per_path": bool, "path": str,
            }.get(f.name, int)  # fmt: skip
            values[f.name] = self.get(item, where, f.name, kind, _REQUIRED)
        if "statuses" in item:
            statuses = item["statuses"]
            if not isinstance(statuses, list) or not all(
                isinstance(s, int) and 100 <= s <= 599 for s in statuses
            ):
                raise self.fail(f"{where}.statuses", "must be a list of HTTP status codes")
            values["statuses"] = tuple(statuses)
        if "employer" in item:
            values["employer"] = self.employer_ref(item, where, numbers, scenario.employers)
        if values.get("user") is not None and values["user"] not in scenario.users:
            raise self.fail(f"{where}.user", f"unknown user {values['user']!r}")
        if values.get("malformed") not in (None, *MALFORMED_KINDS):
            raise self.fail(f"{where}.malformed", f"allowed: {', '.join(MALFORMED_KINDS)}")
        if not 0.0 <= values.get("error_rate", 0.0) <= 1.0:
            raise self.fail(f"{where}.error_rate", "must be between 0 and 1")
        if values.get("regex") is not None:
            try:
                re.compile(values["regex"])
            except re.error as exc:
                raise self.fail(f"{where}.regex", f"not a regular expression: {exc}") from None
        return Fault(**values)


_REQUIRED = object()
