"""Item 4 of issue 18: an unexpected error never prints a traceback, never shows local
variables (a password in a local was on screen), and leaves redacted details in a log file in
the state directory whose path is printed. CLI and TUI.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.tui.conftest import AppFactory, make_app  # noqa: F401
from tui.cli import main as cli_main
from tui.secrets import redact

PASSWORD = "Sup3rGeheim!"
REGISTERED = "Geregistreerd-Geheim-77"


def save_profile_like_the_crash() -> None:
    password = PASSWORD  # a local, as in the save that crashed
    redact.register(REGISTERED)
    raise TypeError(f"could not save ({REGISTERED})") if password else None


def logged_file(line: str) -> Path:
    found = [word.rstrip(";.,") for word in line.split() if "crash-" in word]
    assert found, line
    return Path(found[0])


def test_the_cli_prints_one_line_and_logs_redacted_details(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr("sys.argv", ["koppelaar", "--lang", "en"])
    monkeypatch.setattr(cli_main, "start_tui", lambda options: save_profile_like_the_crash())
    with pytest.raises(SystemExit) as exited:
        cli_main.main()
    assert exited.value.code == 3
    out = capsys.readouterr()
    assert out.out == ""
    shown = out.err.strip()
    assert "\n" not in shown and "Traceback" not in shown
    assert PASSWORD not in shown and REGISTERED not in shown
    assert "TypeError" in shown
    log = logged_file(shown)
    assert log.is_relative_to(tmp_path / "state")
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    details = log.read_text(encoding="utf-8")
    assert "Traceback" in details and "save_profile_like_the_crash" in details
    assert PASSWORD not in details, "locals are never written"
    assert REGISTERED not in details, "registered secrets are masked"


def test_a_read_only_state_directory_falls_back_to_a_private_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr("sys.argv", ["koppelaar"])
    monkeypatch.setattr(cli_main, "start_tui", lambda options: save_profile_like_the_crash())
    with pytest.raises(SystemExit):
        cli_main.main()
    log = logged_file(capsys.readouterr().err)
    assert log.is_relative_to(tmp_path / "tmp")
    assert PASSWORD not in log.read_text(encoding="utf-8")


async def test_the_tui_shows_one_line_without_locals(
    make_app: AppFactory,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    app = make_app(lang="en")
    with pytest.raises(TypeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.call_later(save_profile_like_the_crash)
            await pilot.pause()
    printed = capsys.readouterr().err
    assert PASSWORD not in printed and REGISTERED not in printed
    assert "Traceback" not in printed and "locals" not in printed
    shown = app.crash_line  # what run_tui prints once the terminal is back
    assert PASSWORD not in shown and "\n" not in shown
    log = logged_file(shown)
    assert log.is_relative_to(tmp_path / "state")
    assert PASSWORD not in log.read_text(encoding="utf-8")
    assert app.return_code == 1
