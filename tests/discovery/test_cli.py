"""``koppelaar discover`` end to end: settings from the environment, the password in the
(memory) keyring, the simulator on a loopback port."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.checklist.conftest import CLIENT_ID, CLIENT_SECRET
from tests.discovery.conftest import (
    BULK,
    PROVIDER,
    PROVIDER_PASSWORD,
    add_profile,
    bulk_number,
    provider_scenario,
)
from tui.cli.main import app
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Scenario
from tui.loket.simulator.server import serve_in_thread
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretKind, SecretStore

HOSTILE = (
    "[bold red]Evil[/] <b>Corp</b> \x1b[31mRED\x1b[0m \x1b]52;c;ZXZpbA==\x07 "
    "\u202eLIVE\u202c zero\u200bwidth " + "A" * 10_000
)


def serve(scenario: Scenario, tmp_path: Path) -> Iterator[dict[str, str]]:
    SecretStore("keyring").set(SecretKind.LOKET_PASSWORD, PROVIDER, PROVIDER_PASSWORD)
    with serve_in_thread(create_app(scenario)) as base:
        yield {
            "KOPPELAAR_LOKET_API_URL": f"{base}/v2",
            "KOPPELAAR_LOKET_OAUTH_URL": f"{base}/oauth",
            "KOPPELAAR_LOKET_CLIENT_ID": CLIENT_ID,
            "KOPPELAAR_LOKET_CLIENT_SECRET": CLIENT_SECRET,
            "KOPPELAAR_LOKET_GRANT": "password",
            "KOPPELAAR_SECRETS": "keyring",
            "KOPPELAAR_CONFIG": str(tmp_path / "config.toml"),
        }


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    yield from serve(provider_scenario(), tmp_path)


@pytest.fixture
def hostile_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    employers = [
        {"employer_number": 66601, "company_name": HOSTILE, "chamber_of_commerce_number": "1"},
        {"employer_number": 66602, "company_name": "\u200b\u202e\x1b!!"},
    ]
    access = [{"user": PROVIDER, "employer": e["employer_number"]} for e in employers]
    yield from serve(provider_scenario(0, employers=employers, access=access), tmp_path)


def invoke(profiles: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--profiles", str(profiles), *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_json_document(tmp_path: Path, env: dict[str, str]) -> None:
    profiles = tmp_path / "profiles"
    add_profile(ProfileStore(profiles), "bulk-42", "Bulkbedrijf 0042 BV",
                str(bulk_number(42) + 900000))  # fmt: skip
    code, out, err = invoke(profiles, env, "discover", PROVIDER, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) == {"version", "username", "requests", "employers", "hints", "created"}
    assert (doc["version"], doc["username"], doc["created"]) == (1, PROVIDER, [])
    # token, 2 pages, model, integrations, and the administrations of at most 3 similar names
    assert 6 <= doc["requests"] <= 8
    assert len(doc["employers"]) == BULK
    first = doc["employers"][0]
    assert set(first) == {
        "companyName", "werkgever_id", "loket_id", "chamberOfCommerceNumber", "profile", "match",
    }  # fmt: skip
    assert isinstance(first["werkgever_id"], str) and first["profile"] is None
    matched = [e for e in doc["employers"] if e["profile"]]
    assert [(e["profile"], e["match"], e["werkgever_id"]) for e in matched] == [
        ("bulk-42", "client_number", str(bulk_number(42)))
    ]
    [hint] = doc["hints"]
    assert set(hint) == {"profile", "kind", "typed", "werkgever_id", "employer", "message"}
    assert (hint["kind"], hint["werkgever_id"]) == ("client_number", str(bulk_number(42)))


def test_create_twice_and_check(tmp_path: Path, env: dict[str, str]) -> None:
    profiles = tmp_path / "profiles"
    code, out, err = invoke(profiles, env, "discover", PROVIDER, "--create", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert len(doc["created"]) == BULK
    assert {e["match"] for e in doc["employers"]} == {"loket_id"}
    assert len(doc["checks"]) == BULK
    assert {c["status"] for c in doc["checks"]} == {"ready"}
    stored = ProfileStore(profiles).load_all().profiles
    assert len(stored) == BULK and all(p.status == "ready" for p in stored)

    code, out, err = invoke(profiles, env, "--lang", "en", "discover", PROVIDER, "--create")
    assert code == 0, err
    assert "No new employers: each already has a profile." in out
    assert f"{BULK} employers for {PROVIDER}: {BULK} with a profile, 0 without" in out
    assert len(list(profiles.glob("*.toml"))) == BULK


def test_table_marks_profiles(tmp_path: Path, env: dict[str, str]) -> None:
    profiles = tmp_path / "profiles"
    add_profile(ProfileStore(profiles), "eerste", "Eerste", str(bulk_number(1)))
    code, out, _ = invoke(profiles, env, "discover", PROVIDER)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["werkgever", "ID"]
    assert lines[2].startswith(str(bulk_number(1))) and lines[2].endswith("eerste")
    assert lines[3].endswith("(nieuw)")
    assert f"{BULK} werkgevers voor {PROVIDER}: 1 met een profiel, {BULK - 1} zonder" in out


def test_hostile_names_print_safely(tmp_path: Path, hostile_env: dict[str, str]) -> None:
    profiles = tmp_path / "profiles"
    add_profile(ProfileStore(profiles), "evil", "Evil Corp", "12345")
    code, out, err = invoke(profiles, hostile_env, "discover", PROVIDER)
    assert code == 0, err
    for raw in ("\x1b", "\x07", "\u202e", "\u202c", "\u200b"):
        assert raw not in out and raw not in err
    assert "\\u200b\\u202e\\x1b!!" in out
    assert max(len(line) for line in out.splitlines()) < 300  # names cut to 40 or 80
    assert "Profiel evil: werkgever ID 12345" in out

    code, out, err = invoke(profiles, hostile_env, "discover", PROVIDER, "--create")
    assert code == 0, err
    for raw in ("\x1b", "\x07", "\u202e", "\u202c", "\u200b"):
        assert raw not in out and raw not in err

    code, out, _ = invoke(profiles, hostile_env, "discover", PROVIDER, "--json")
    assert code == 0
    doc = json.loads(out)
    names = {e["werkgever_id"]: e["companyName"] for e in doc["employers"]}
    assert names["66601"] == HOSTILE  # JSON keeps the exact name
    stored = {p.werkgever_id: p for p in ProfileStore(profiles).load_all().profiles}
    assert stored["66601"].name == HOSTILE
    assert stored["66601"].slug.startswith("bold-red-evil-b-corp-b")
    assert stored["66602"].slug == "werkgever-66602"


def test_wrong_password_exit_1_with_advice(tmp_path: Path, env: dict[str, str]) -> None:
    SecretStore("keyring").set(SecretKind.LOKET_PASSWORD, PROVIDER, "not-the-password")
    code, out, err = invoke(tmp_path / "profiles", env, "--lang", "en", "discover", PROVIDER)
    assert code == 1
    assert out == ""
    assert "Loket.nl refuses the sign-in of xs-provider" in err
    assert "koppelaar secrets set loket-password xs-provider" in err
    assert "not-the-password" not in err


def test_unreachable_loket_exit_1(tmp_path: Path, env: dict[str, str]) -> None:
    env = {**env, "KOPPELAAR_LOKET_OAUTH_URL": "http://127.0.0.1:9/oauth"}
    code, _, err = invoke(tmp_path / "profiles", env, "discover", PROVIDER)
    assert code == 1
    assert "Network error" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["discover"], {}),
        (["discover", " "], {}),
        (["discover", PROVIDER], {"KOPPELAAR_LOKET_CLIENT_ID": ""}),
    ],
)
def test_usage_and_config_exit_2(
    tmp_path: Path, env: dict[str, str], args: list[str], extra: dict[str, str]
) -> None:
    code, _, err = invoke(tmp_path / "profiles", {**env, **extra}, *args)
    assert code == 2, err
