"""``koppelaar fix`` end to end: exit codes and ``--json`` (DESIGN section 9), the simulator on
a loopback port, passwords in a vault."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.checklist.conftest import simulator_with_vault
from tests.repair.conftest import ADMIN, admin_profiles
from tui.cli.main import app
from tui.loket.simulator.scenario import Scenario
from tui.profiles.store import ProfileStore


@pytest.fixture
def env(tmp_path: Path, scenario: Scenario) -> Iterator[dict[str, str]]:
    with simulator_with_vault(tmp_path, scenario) as env:
        yield env


@pytest.fixture
def profiles_dir(tmp_path: Path) -> Path:
    store = ProfileStore(tmp_path / "profiles")
    for profile in admin_profiles():
        store.save(profile, create=True)
    return store.directory


def invoke(profiles_dir: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--profiles", str(profiles_dir), *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_plan_json_and_exit_codes(profiles_dir: Path, env: dict[str, str]) -> None:
    code, out, err = invoke(profiles_dir, env, "fix", "--all", "--admin", ADMIN, "--json")
    assert code == 1, err
    document = json.loads(out)
    assert document["admin"] == ADMIN
    assert document["writes"] == 0
    assert document["requests"] > 0
    by_slug = {p["profile"]: p for p in document["profiles"]}
    missing = by_slug["missing-right"]
    assert missing["werkgever_id"] == "20001"
    assert missing["user"] == "nn1"
    assert missing["changes"] == [
        {
            "action": "enable_rights",
            "rights": ["Raadplegen beloningen"],
            "status": "planned",
            "detail": 'Rechten aanzetten: "Raadplegen beloningen"',
        }
    ]
    assert missing["blocked"] == []
    assert by_slug["not-admin"]["blocked_codes"] == ["not_admin"]
    assert "applicatiebeheerder" in by_slug["not-admin"]["blocked"][0]
    assert [c["action"] for c in by_slug["no-user"]["changes"]] == ["invite_user", "enable_rights"]
    # a profile with nothing to change plans exit 0
    code, out, _ = invoke(profiles_dir, env, "fix", "extra-right", "--admin", ADMIN)
    assert code == 0
    assert "Beheren werkgever" in out  # the extra right is named, not changed


def test_apply_then_nothing_left(profiles_dir: Path, env: dict[str, str]) -> None:
    names = ("missing-right", "revoked", "two-factor")
    code, out, err = invoke(
        profiles_dir, env, "--lang", "en", "fix", *names, "--admin", ADMIN, "--apply", "--yes",
        "--json",
    )  # fmt: skip
    assert code == 0, (out, err)
    document = json.loads(out)
    assert document["writes"] == 3
    assert {p["profile"]: p["status"] for p in document["profiles"]} == dict.fromkeys(
        names, "ready"
    )
    assert all(c["status"] == "done" for p in document["profiles"] for c in p["changes"])
    code, out, err = invoke(profiles_dir, env, "fix", *names, "--admin", ADMIN, "--json")
    assert code == 0, err
    assert json.loads(out)["writes"] == 0
    assert all(not p["changes"] for p in json.loads(out)["profiles"])


def test_apply_exit_codes(profiles_dir: Path, env: dict[str, str]) -> None:
    # only waiting for the invited user: exit 0
    code, out, err = invoke(profiles_dir, env, "fix", "no-user", "--admin", ADMIN, "--apply",
                            "--yes")  # fmt: skip
    assert code == 0, (out, err)
    assert "Uitnodiging verstuurd" in out
    # blocked: exit 1, nothing written
    code, out, err = invoke(profiles_dir, env, "fix", "not-admin", "--admin", ADMIN, "--apply",
                            "--yes", "--json")  # fmt: skip
    assert code == 1, err
    assert json.loads(out)["writes"] == 0


def test_usage_errors_exit_2(profiles_dir: Path, env: dict[str, str]) -> None:
    code, _, err = invoke(profiles_dir, env, "fix", "--all")
    assert code == 2
    assert "--admin" in err
    code, _, err = invoke(profiles_dir, env, "fix", "--all", "--admin", ADMIN, "--apply", "--json")
    assert code == 2
    assert "--yes" in err
    code, _, err = invoke(profiles_dir, env, "fix", "--admin", ADMIN)
    assert code == 2


def test_admin_from_the_settings_file(profiles_dir: Path, env: dict[str, str]) -> None:
    Path(env["KOPPELAAR_CONFIG"]).write_text(f'[loket]\nadmin = "{ADMIN}"\n', encoding="utf-8")
    code, out, err = invoke(profiles_dir, env, "fix", "revoked", "--json")
    assert code == 1, err
    assert json.loads(out)["admin"] == ADMIN


def test_an_admin_who_cannot_sign_in_is_told_what_to_do(
    profiles_dir: Path, env: dict[str, str]
) -> None:
    code, _, err = invoke(profiles_dir, env, "fix", "--all", "--admin", "nobody-stored")
    assert code == 1
    assert "koppelaar secrets set loket-password nobody-stored" in err
    assert "Traceback" not in err


def test_the_plan_in_english_names_the_admin_and_the_reasons(
    profiles_dir: Path, env: dict[str, str]
) -> None:
    code, out, err = invoke(profiles_dir, env, "--lang", "en", "fix", "missing-right",
                            "not-admin", "--admin", ADMIN)  # fmt: skip
    assert code == 1, err
    assert out.startswith(f"Admin: {ADMIN}\n")
    assert 'Turn rights on: "Raadplegen beloningen"' in out
    assert "NN's manual asks for these rights" in out
    assert "[blocked] adm has no applicatiebeheerder rights at this employer" in out
    assert 'Rights beyond the six: "Raadplegen verlof"' in out
    assert "write requests: 0" in out
