"""Low item of issue 18: core dumps would hold the Loket.nl password, the vault passphrase and
tokens. Once the secret store opens (the moment secrets may be in memory), RLIMIT_CORE is 0 and
the process is not dumpable.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardening.cli_run import REPO, isolated_env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl")

PROBE = """
import json, resource, sys
from tui.runtime import Runtime
import ctypes
def dumpable():
    return ctypes.CDLL(None).prctl(3, 0, 0, 0, 0) != 0
resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
before = {"core": resource.getrlimit(resource.RLIMIT_CORE)[0], "dumpable": dumpable()}
runtime = Runtime.from_options(None, sys.argv[1], "en")
runtime.secret_store()
after = {"core": resource.getrlimit(resource.RLIMIT_CORE)[0], "dumpable": dumpable()}
print(json.dumps({"before": before, "after": after}))
"""


def test_opening_the_secret_store_turns_core_dumps_off(tmp_path: Path) -> None:
    env = isolated_env(tmp_path, {"KOPPELAAR_SECRETS": "session"})
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "config.toml")],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout)
    assert state["before"]["dumpable"] is True, "the probe starts from a dumpable process"
    assert state["after"] == {"core": 0, "dumpable": False}
