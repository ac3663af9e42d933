"""The scenario file as msgspec Structs: unknown keys and wrong types named with their path,
ranges and choices read off the Structs, defaults in one place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, get_args

import msgspec
import pytest

from tui.loket.simulator import Scenario, ScenarioError, load_scenario
from tui.loket.simulator.admin_data import LOGIN_METHODS, LoginMethod
from tui.loket.simulator.model import DEFAULT_ROLES, load_model
from tui.loket.simulator.scenario import ApiSettings, Fault, OAuthSettings, User
from tui.loket.simulator.scenario_parse import EmployeeEntry
from tui.typed_data import DataError

USER = {"username": "u", "password": "p"}
EMPLOYER = {"employer_number": 1, "company_name": "Een B.V."}


def _error(data: dict[str, Any]) -> str:
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_dict(data, source="world.toml")
    return str(caught.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"colours": 1}, "world.toml: colours: unknown key; allowed: access, activities, admin,"),
        ({"employers": [{**EMPLOYER, "employees": [{"employee_number": 1, "last_name": "J",
                                                    "salary": 1}]}]},
         "world.toml: employers[0].employees[0].salary: unknown key; allowed: citizen_service"),
        ({"oauth": {"lifetime": 5}},
         "world.toml: oauth.lifetime: unknown key; allowed: access_token_lifetime, code_lifetime"),
        ({"admin": {"admins": [{"user": "u", "employer": 1}]}},
         "world.toml: admin.admins[0].employer: unknown key; allowed: employers, user"),
        ({"faults": [{"latency": 5}]}, "world.toml: faults[0].latency: unknown key; allowed:"),
    ],
)  # fmt: skip
def test_an_unknown_key_is_named_with_its_path(data: dict[str, Any], message: str) -> None:
    assert _error(data).startswith(message)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"employers": [{**EMPLOYER, "payroll_administrations": [
            {"client_number": "x", "name": "A"}]}]},
         "employers[0].payroll_administrations[0].client_number: must be a whole number, got 'x'"),
        ({"users": [{**USER, "blocked": "yes"}]}, "users[0].blocked: must be true or false"),
        ({"users": {"username": "u"}}, "users: must be an array of tables ([[...]])"),
        ({"right_sets": {"nn": ["A"], "broken": "A"}},
         "right_sets.broken: must be a list of text values, got 'A'"),
        ({"right_sets": {"nn": ["A", 3]}}, "right_sets.nn[1]: must be text, got 3"),
        ({"api": {"obsolete_dates": {"GetX": "soon"}}},
         "api.obsolete_dates.GetX: must be a date (YYYY-MM-DD), got 'soon'"),
        ({"employers": [{**EMPLOYER, "employees": [
            {"employee_number": 1, "last_name": "J", "date_of_birth": "1985-02-30"}]}]},
         "employers[0].employees[0].date_of_birth: must be a date (YYYY-MM-DD)"),
        ({"integrations": [{"user": "u", "application": "A", "created_on": "noon"}]},
         "integrations[0].created_on: must be a date-time"),
        ({"seed": "x"}, "seed: must be a whole number, got 'x'"),
    ],
)  # fmt: skip
def test_a_wrong_type_is_named_with_its_path(data: dict[str, Any], message: str) -> None:
    assert f"world.toml: {message}" in _error(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"api": {"page_size": 0}}, "api.page_size: must be a whole number of at least 1, got 0"),
        ({"oauth": {"code_lifetime": 0}}, "oauth.code_lifetime: must be a whole number of"),
        ({"faults": [{"error_rate": 1.5}]}, "faults[0].error_rate: must be a number from 0 to 1"),
        ({"faults": [{"latency_ms": -1}]}, "faults[0].latency_ms: must be a whole number of at"),
        ({"faults": [{"error_status": 99}]},
         "faults[0].error_status: must be an HTTP status code (100 to 599), got 99"),
        ({"employers": [{**EMPLOYER, "employees": [
            {"employee_number": 1, "last_name": "J", "gender": "X"}]}]},
         "employers[0].employees[0].gender: must be one of Man, Onbekend, Vrouw, got 'X'"),
        ({"employers": [{**EMPLOYER, "employees": [
            {"employee_number": 1, "last_name": "J", "citizen_service_number": "12"}]}]},
         "employers[0].employees[0].citizen_service_number: must be nine digits, got '12'"),
        ({"activities": [{"name": "A", "scope": "world"}]},
         "activities[0].scope: must be one of employer, user"),
        ({"users": [USER], "admin": {"users": [{"user": "u", "login_method": "fax"}]}},
         "admin.users[0].login_method: must be one of sso_only, website, website_sso"),
        ({"users": [USER], "generate": [{"user": "u"}]},
         "generate[0].count: required (a whole number of at least 0)"),
        ({"users": [USER], "employers": [EMPLOYER], "faults": [{"employer": 2}]},
         "faults[0].employer: must be the employerNumber or id of an employer"),
        ({"users": [USER], "employers": [EMPLOYER, EMPLOYER]}, "employers[1]: duplicate employer"),
        ({"users": [USER, USER]}, "users[1].username: duplicate 'u'"),
        ({"users": [USER], "integrations": [{"user": "x", "application": "A"}]},
         "integrations[0].user: unknown user 'x'"),
    ],
)  # fmt: skip
def test_ranges_choices_and_references_are_checked(data: dict[str, Any], message: str) -> None:
    assert f"world.toml: {message}" in _error(data)


def _default(kind: type[msgspec.Struct], name: str) -> Any:
    info = msgspec.inspect.type_info(kind)
    assert isinstance(info, msgspec.inspect.StructType)
    field = next(f for f in info.fields if f.name == name)
    return (
        field.default_factory() if field.default_factory is not msgspec.NODEFAULT else field.default
    )


def test_defaults_come_from_the_structs() -> None:
    scenario = Scenario.from_dict(
        {"users": [USER], "employers": [{**EMPLOYER, "employees": [
            {"employee_number": 1, "last_name": "J"}]}],
         "faults": [{"path": "/v2/user"}], "generate": [{"user": "u", "count": 1}]}
    )  # fmt: skip
    assert scenario.api == ApiSettings() == Scenario().api
    assert scenario.oauth == OAuthSettings() == Scenario().oauth
    assert scenario.api.page_size == _default(ApiSettings, "page_size") == 250
    assert scenario.users["u"].role == _default(User, "role")
    assert scenario.faults[0] == Fault(path="/v2/user")
    employees = [e for employer in scenario.employers.values() for e in employer.employees]
    assert len(employees) == 2  # the file's and the generated employer's
    for employee in employees:
        assert employee.first_name == _default(EmployeeEntry, "first_name")
        assert employee.date_of_birth == _default(EmployeeEntry, "date_of_birth")
        assert employee.employments[0].gross_wage == _default(EmployeeEntry, "gross_wage")


def test_values_are_normalised_once_loaded() -> None:
    scenario = Scenario.from_dict(
        {"users": [{**USER, "totp_secret": ""}],
         "clients": [{"client_id": "c", "unlinked_activities": ["getuserbytoken"]}],
         "integrations": [{"user": "u", "application": "A",
                           "created_on": datetime(2026, 2, 1, 9, 30)}],
         "api": {"obsolete_dates": {"GetEmployersByUserId": date(2027, 3, 1)}}}
    )  # fmt: skip
    assert scenario.users["u"].totp_secret is None  # "" is the key left out
    assert scenario.clients["c"].unlinked_activities == frozenset({"getuserbytoken"})
    assert scenario.integrations[0].created_on == datetime(2026, 2, 1, 9, 30, tzinfo=UTC)
    assert scenario.obsolete_date("getemployersbyuserid") == "2027-03-01"
    assert scenario.obsolete_date("GetUserByToken") is None


def test_a_toml_file_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "world.toml"
    path.write_text('[[users]]\nusername = "u"\npassword = "p"\ncolour = "red"\n', "utf-8")
    with pytest.raises(ScenarioError, match=r"world\.toml: users\[0\]\.colour: unknown key"):
        load_scenario(path)


def test_login_methods_are_the_choices_the_file_allows() -> None:
    assert list(LOGIN_METHODS) == list(get_args(LoginMethod))


def test_the_authorization_model_file_is_typed_too(tmp_path: Path) -> None:
    path = tmp_path / "model.toml"
    path.write_text('[[activities]]\nname = "GetX"\n', "utf-8")
    assert load_model(path)["getx"].roles == DEFAULT_ROLES  # none given: Provider, Werkgever
    path.write_text('[[activities]]\nname = "GetX"\nright = ["Raadplegen HRM"]\n', "utf-8")
    with pytest.raises(DataError, match=r"model\.toml: activities\[0\]\.right: unknown key"):
        load_model(path)
