"""``fix --apply`` never exits 0 when a planned change failed, even if the profile is ready
without it (a 2FA requirement that stays is only a warning)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.repair.conftest import admin_world
from tests.repair.test_cli_fix import env, invoke, profiles_dir  # noqa: F401 (fixtures)
from tui.loket.simulator.scenario import Scenario


@pytest.fixture
def scenario() -> Scenario:
    world = admin_world()
    world["faults"] = [{"path": "/v2/providers/employers/users/*", "statuses": [503] * 10}]
    return Scenario.from_dict(world, "2FA drop fails")


def test_fix_apply_exits_1_when_a_change_failed(
    profiles_dir: Path,  # noqa: F811
    env: dict[str, str],  # noqa: F811
) -> None:
    code, out, _ = invoke(
        profiles_dir, env, "fix", "two-factor", "--admin", "adm", "--apply", "--yes", "--json"
    )
    [profile] = json.loads(out)["profiles"]
    assert [(c["action"], c["status"]) for c in profile["changes"]] == [
        ("drop_2fa_requirement", "failed")
    ]
    assert code == 1
