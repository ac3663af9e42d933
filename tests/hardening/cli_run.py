"""Run ``koppelaar`` in a subprocess with a clean, isolated environment and time it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Variables of the developer's own set-up that must not reach the command under test.
_DROPPED_PREFIXES = ("KOPPELAAR_", "PYTHON_KEYRING", "XDG_", "NO_COLOR")


@dataclass(frozen=True)
class CliRun:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def isolated_env(home: Path, extra: Mapping[str, str]) -> dict[str, str]:
    """os.environ without the user's Koppelaar/keyring/XDG settings, HOME and XDG under
    ``home``, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_PREFIXES)}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "xdg-data"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        XDG_CACHE_HOME=str(home / "xdg-cache"),
        XDG_STATE_HOME=str(home / "xdg-state"),
        PYTHONPATH=str(REPO),
        PYTHONDONTWRITEBYTECODE="1",
        COLUMNS="120",
    )
    env.update(extra)
    return env


def run_cli(
    args: Sequence[str],
    env: Mapping[str, str],
    *,
    module: str = "tui",
    input: str | None = None,
    timeout: float = 60.0,
    cwd: Path | None = None,
) -> CliRun:
    """``python -m <module> <args>`` in ``cwd`` (default: HOME); standard input is empty
    unless ``input`` is given."""
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=dict(env),
        input=input if input is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
        cwd=cwd or Path(env["HOME"]),
    )
    return CliRun(tuple(args), done.returncode, done.stdout, done.stderr, time.monotonic() - start)
