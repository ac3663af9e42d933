"""What ``koppelaar list`` loads: at 10,000 profiles its start is a third of its time, so it
imports nothing its work does not need (typer 0.29's pydantic coercion of every option, the
Loket.nl client, the keyring) - checked in a fresh interpreter, as a user starts it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys
from tui.cli.main import main
sys.argv = ["koppelaar", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
print("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""
NOT_NEEDED = ("pydantic", "pydantic_core", "httpx", "keyring", "email.mime", "textual")


def test_list_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOPPELAAR_", "XDG_"))}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    args = ["--profiles", str(tmp_path / "profiles"), "--config", str(tmp_path / "c.toml")]
    ran = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args, "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    report = json.loads(ran.stdout.rsplit("\n", 2)[-2])
    assert report["code"] in (None, 0), ran.stderr
    assert json.loads(ran.stdout.rsplit("\n", 2)[0]) == {"profiles": [], "broken": []}
    loaded = [m for m in report["modules"] if m.split(".")[0] in NOT_NEEDED or m in NOT_NEEDED]
    assert loaded == []
