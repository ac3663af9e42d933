"""``koppelaar check`` end to end: settings from the environment, passwords from the vault,
the simulator on a loopback port."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.checklist.conftest import simulator_with_vault
from tests.checklist.test_runs import DEMO_STATUS
from tests.index_helpers import assert_indexed
from tui.cli.main import app
from tui.loket.simulator.scenario import Scenario


@pytest.fixture
def env(tmp_path: Path, demo_scenario: Scenario) -> Iterator[dict[str, str]]:
    with simulator_with_vault(tmp_path, demo_scenario) as env:
        yield env


def invoke(profiles_dir: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(app, ["--profiles", str(profiles_dir), *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_check_all_json(profiles_dir: Path, env: dict[str, str]) -> None:
    code, out, err = invoke(profiles_dir, env, "check", "--all", "--json")
    assert code == 1, err
    document = json.loads(out)
    assert {p["profile"]: p["status"] for p in document["profiles"]} == DEMO_STATUS
    assert document["requests"] > 0
    assert document["slow_lane_accounts"] == 0  # the demo world answers every account alike
    assert "Traceback" not in err
    assert_indexed(profiles_dir)  # the next start reads none of the checked files again


def test_check_ready_profile_exits_zero_with_a_table(
    profiles_dir: Path, env: dict[str, str]
) -> None:
    code, out, _ = invoke(profiles_dir, env, "--lang", "en", "check", "bakkerij-de-gouden-korst-bv")
    assert code == 0
    assert "bakkerij-de-gouden-korst-bv" in out
    assert "1 checked: 1 ready" in out


def test_check_table_shows_fix_hints(profiles_dir: Path, env: dict[str, str]) -> None:
    code, out, _ = invoke(profiles_dir, env, "check", "installatiebedrijf-van-der-meer-bv")
    assert code == 1
    assert '"Raadplegen beloningen"' in out


@pytest.mark.parametrize(
    ("args", "extra_env"),
    [
        (["check"], {}),
        (["check", "no-such-profile"], {}),
        (["check", "--all", "bakkerij-de-gouden-korst-bv"], {}),
        (["check", "--all"], {"KOPPELAAR_LOKET_CLIENT_ID": ""}),
    ],
)
def test_usage_and_configuration_errors_exit_two(
    profiles_dir: Path, env: dict[str, str], args: list[str], extra_env: dict[str, str]
) -> None:
    code, _, err = invoke(profiles_dir, env | extra_env, *args)
    assert code == 2
    assert err.startswith("koppelaar: ")
    assert "Traceback" not in err
