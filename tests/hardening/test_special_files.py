"""Item 6 of issue 18: special files where Koppelaar expects its own files.

A FIFO named like a profile made ``check``, ``submit`` and ``import`` wait forever; a folder
named like one gave ``IsADirectoryError``; writing an export or an ``.eml`` onto a device, FIFO
or link replaced it with a plain file. Now only regular files are opened (no-follow,
non-blocking), others are reported as broken, and none is replaced. The commands run as
subprocesses with a short timeout, so a hang fails the test instead of stalling it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.hardening.cli_run import isolated_env, run_cli
from tests.submission.conftest import RECIPIENT, SENDER, ready_profile
from tui.config import Settings, SubmissionSettings
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.submission.compose import SubmissionError, compose_submission
from tui.submission.handover import EmlExporter

HANG = 20.0  # seconds: far beyond what any of these commands needs


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    store = ProfileStore(folder)
    store.save(
        Profile(slug="goed", name="Goed B.V.", werkgever_id="1001", username="u1"), create=True
    )
    os.mkfifo(folder / "x.toml")
    (folder / "y.toml").mkdir()
    return folder


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    env = isolated_env(tmp_path, {"KOPPELAAR_CONFIG": str(tmp_path / "config.toml")})
    done = run_cli(["--lang", "en", *args], env, timeout=HANG)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def test_list_reports_the_fifo_and_the_folder_as_broken(profiles: Path, tmp_path: Path) -> None:
    _, out, err = run(tmp_path, "--profiles", str(profiles), "list")
    assert "goed" in out
    assert "x.toml" in err and "FIFO" in err
    assert "y.toml" in err


@pytest.mark.parametrize("name", ["x", "y"])
def test_check_of_a_special_file_ends_with_a_reason(
    profiles: Path, tmp_path: Path, name: str
) -> None:
    code, out, err = run(tmp_path, "--profiles", str(profiles), "check", name)
    assert code == 2, (out, err)
    assert f"{name}.toml" in err


def test_submit_of_a_fifo_ends_with_a_reason(profiles: Path, tmp_path: Path) -> None:
    eml = tmp_path / "out.eml"
    code, out, err = run(tmp_path, "--profiles", str(profiles), "submit", "x", "--eml", str(eml))
    assert code == 2, (out, err)
    assert "FIFO" in err
    assert not eml.exists()


def test_import_onto_a_fifo_reports_that_row_and_imports_the_rest(
    profiles: Path, tmp_path: Path
) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(
        "name,werkgever_id,username\nX,2002,u2\nNieuw B.V.,3003,u3\n", encoding="utf-8"
    )
    code, out, err = run(tmp_path, "--profiles", str(profiles), "import", str(csv_file))
    assert code == 1, (out, err)
    assert "row 2" in err and "FIFO" in err
    assert "1 created" in out
    assert stat.S_ISFIFO(os.lstat(profiles / "x.toml").st_mode)


def test_export_never_replaces_a_fifo_or_a_link(profiles: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    target = tmp_path / "elsewhere.csv"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    for path in (fifo, link):
        code, out, err = run(tmp_path, "--profiles", str(profiles), "export", str(path))
        assert code == 2, (out, err)
        assert str(path) in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.path.islink(link) and target.read_text(encoding="utf-8") == "keep me"


def test_an_eml_is_never_written_over_a_special_file(tmp_path: Path) -> None:
    fifo = tmp_path / "nn.eml"
    os.mkfifo(fifo)
    settings = Settings(submission=SubmissionSettings(to=RECIPIENT, sender=SENDER))
    profile = ready_profile("gouden-korst", "Bakkerij B.V.", "20720", "xs-goudenkorst")
    draft = compose_submission(profile, "Loket-Wachtw00rd!", settings)
    with pytest.raises(SubmissionError) as caught:
        EmlExporter(fifo).send(draft)
    assert "FIFO" in str(caught.value)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
