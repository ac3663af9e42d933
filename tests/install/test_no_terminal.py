"""Issue 17: without a terminal the TUI refuses in one line with exit code 2 (it used to read
no keys and spin at 100% CPU)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("args", [[], ["demo"], ["--lang", "en"], ["--lang", "en", "demo"]])
def test_tui_without_terminal_exits_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "KOPPELAAR_PROFILES": str(tmp_path / "profiles"),
        "KOPPELAAR_CONFIG": str(tmp_path / "config.toml"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tui", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )
    assert done.returncode == 2, done
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    expected = "no terminal" if "en" in args else "geen terminal"
    assert lines[0].startswith(f"koppelaar: {expected}")
    assert "Traceback" not in done.stderr
