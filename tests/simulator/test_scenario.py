"""Scenario loading: the demo world, validation errors, generated employers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.loket.simulator import DEMO_SCENARIO, Scenario, ScenarioError, load_scenario
from tui.loket.simulator.scenario import NN_RIGHTS, stable_id


def test_demo_world_matches_the_internals_table(demo_scenario: Scenario) -> None:
    expected = {
        "xs-goudenkorst": (20720, "Bakkerij De Gouden Korst B.V."),
        "xs-vandermeer": (31544, "Installatiebedrijf Van der Meer B.V."),
        "xs-groenrijk": (27301, "Hoveniersbedrijf Groenrijk B.V."),
        "xs-dewit": (41877, "Transportbedrijf De Wit & Zonen B.V."),
        "xs-zonnehof": (35210, "Tandartspraktijk Zonnehof"),
        "xs-hetanker": (52093, "Drukkerij Het Anker B.V."),
        "xs-helder": (60418, "Schoonmaakbedrijf Helder B.V."),
        "xs-speeltuin": (73905, "Kinderopvang De Speeltuin B.V."),
        "xs-dezwaan": (18266, "Café De Zwaan V.O.F."),
    }
    for username, (number, name) in expected.items():
        user = demo_scenario.users[username]
        assert user.password == f"Demo-{username}-2026!"
        employer = demo_scenario.employer_by_number(number)
        assert employer is not None and employer.company_name == name
        rights = {a.rights for a in demo_scenario.access if a.username == username}
        wanted = set(NN_RIGHTS) - (
            {"Raadplegen beloningen"} if username == "xs-vandermeer" else set()
        )
        assert rights == {frozenset(wanted)}
    assert demo_scenario.users["xs-groenrijk"].blocked
    assert demo_scenario.users["xs-zonnehof"].totp_secret
    assert not demo_scenario.users["xs-goudenkorst"].totp_secret
    de_wit = demo_scenario.employer_by_number(41877)
    assert de_wit is not None
    assert [pa.client_number for pa in de_wit.payroll_administrations] == [100482]


def test_ids_are_stable_across_loads() -> None:
    first, second = load_scenario(DEMO_SCENARIO), load_scenario(DEMO_SCENARIO)
    assert list(first.employers) == list(second.employers)
    assert next(iter(first.employers)) == stable_id("employer", 20720)


def _minimal(**extra: Any) -> dict[str, Any]:
    return {
        "users": [{"username": "u", "password": "p"}],
        "employers": [{"employer_number": 1, "company_name": "Een B.V."}],
        **extra,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"users": [{"username": "u", "password": "p", "colour": "red"}]},
         "users[0].colour: unknown key; allowed:"),
        ({"users": [{"username": "u"}]}, "users[0].password: required (text)"),
        ({"users": [{"username": "u", "password": 3}]}, "users[0].password: must be text, got 3"),
        (_minimal(access=[{"user": "x", "employer": 1}]), "access[0].user: unknown user 'x'"),
        (_minimal(access=[{"user": "u", "employer": 2}]),
         "access[0].employer: must be the employerNumber or id"),
        (_minimal(access=[{"user": "u", "employer": 1, "rights": "nope"}]),
         "access[0].rights: unknown right set 'nope'"),
        (_minimal(faults=[{"malformed": "xml"}]),
         "faults[0].malformed: must be one of html, invalid_json, wrong_content_type, got 'xml'"),
        (_minimal(faults=[{"statuses": [999]}]), "faults[0].statuses[0]: must be an HTTP status"),
        (_minimal(faults=[{"regex": "("}]), "faults[0].regex: not a regular expression"),
        ({"users": [{"username": "u", "password": "p", "totp_secret": "not base32!"}]},
         "users[0].totp_secret: must be base32"),
        ({"employers": [{"employer_number": 1, "company_name": "A", "id": "xyz"}]},
         "employers[0].id: must be a GUID"),
        ({"clients": [{"client_id": "c", "unlinked_activities": ["Nope"]}]},
         "clients[0].unlinked_activities: unknown activity 'Nope'"),
        ({"generate": [{"user": "ghost", "count": 3}]}, "generate[0].user: unknown user"),
    ],
)  # fmt: skip
def test_validation_names_key_and_what_is_allowed(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_dict(data, source="world.toml")
    assert str(caught.value).startswith("world.toml: ")
    assert message in str(caught.value)


def test_load_reports_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[users]\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.toml: not valid TOML"):
        load_scenario(broken)
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "missing.toml")


def test_generate_in_toml(tmp_path: Path) -> None:
    path = tmp_path / "bulk.toml"
    path.write_text(
        '[[users]]\nusername = "p"\npassword = "x"\n'
        '[[generate]]\nprefix = "Klant"\ncount = 300\nuser = "p"\n',
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    assert len(scenario.employers) == 300
    assert all(a.rights == frozenset(NN_RIGHTS) for a in scenario.access)
    assert len({e.employer_number for e in scenario.employers.values()}) == 300


def test_secrets_stay_out_of_reprs(demo_scenario: Scenario) -> None:
    user = demo_scenario.users["xs-zonnehof"]
    client = demo_scenario.clients["koppelaar-demo"]
    assert user.password not in repr(user)
    assert str(user.totp_secret) not in repr(user)
    assert str(client.client_secret) not in repr(client)
