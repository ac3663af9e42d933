"""`koppelaar check NAME` when the password cannot be had: a message that says what to do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.runtime import demo_profiles_source

PROFILE = "bakkerij-de-gouden-korst-bv"


def run_check(tmp_path: Path, backend: str) -> subprocess.CompletedProcess[str]:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    shutil.copy(demo_profiles_source() / f"{PROFILE}.toml", profiles)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": backend,
        # Nothing listens on port 9: the check must stop before the network.
        "KOPPELAAR_LOKET_API_URL": "http://127.0.0.1:9/v2",
        "KOPPELAAR_LOKET_OAUTH_URL": "http://127.0.0.1:9/oauth",
        "KOPPELAAR_LOKET_CLIENT_ID": "koppelaar-test",
        "KOPPELAAR_LOKET_GRANT": "password",
        "KOPPELAAR_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
    }
    return subprocess.run(
        [sys.executable, "-m", "tui", "--lang", "en", "--profiles", str(profiles), "check",
         PROFILE, "--json"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("backend", "advice"),
    [
        ("keyring.backends.fail.Keyring", "koppelaar secrets unlock --vault"),
        (
            "tests.secrets.backends.JsonFileKeyring",
            "koppelaar secrets set loket-password xs-goudenkorst",
        ),
    ],
)
def test_check_says_what_to_do(tmp_path: Path, backend: str, advice: str) -> None:
    proc = run_check(tmp_path, backend)
    assert proc.returncode in (1, 2)
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    result = doc["profiles"][0]
    assert result["status"] == "error"
    assert advice in result["error"]
    assert doc["requests"] == 0
