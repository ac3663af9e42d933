"""Run ``tui.cli.main.main`` (the real entry point, with its last-stop handlers) in process."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pytest

from tui.cli import main as cli_main


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def run_main(
    args: Sequence[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: Mapping[str, str] | None = None,
) -> Ran:
    # A crash log of a test goes to the test's own temp folder, never the user's state folder.
    state = tempfile.mkdtemp(prefix="koppelaar-state-")
    monkeypatch.setenv("XDG_STATE_HOME", state)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.argv", ["koppelaar", *args])
    capsys.readouterr()
    code: int = 0
    try:
        cli_main.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        shutil.rmtree(state, ignore_errors=True)
    captured = capsys.readouterr()
    return Ran(code, captured.out, captured.err)
