"""The Low items of issue 18: profile files open to others are reported and fixed on the next
write; a CSV with a column twice is refused naming it; Koppelaar's own export round-trips
values that begin with = + - @; a profile locked past the timeout is "not saved", never exit 0.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from filelock import FileLock

from tests.checklist.conftest import demo_scenario, profiles_dir  # noqa: F401
from tests.checklist.test_cli_check import env  # noqa: F401
from tests.hardening.cli_inproc import run_main
from tui.profiles.csvio import CsvError, export_csv, import_csv
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore


def test_a_0644_profile_is_reported_and_fixed_on_the_next_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ProfileStore(tmp_path / "profiles")
    store.save(Profile(slug="open", name="Open B.V.", werkgever_id="1", username="u"), create=True)
    path = tmp_path / "profiles" / "open.toml"
    os.chmod(path, 0o644)
    ran = run_main(
        ["--lang", "en", "--profiles", str(tmp_path / "profiles"), "list"], monkeypatch, capsys
    )
    assert "Readable by others" in ran.err and str(path) in ran.err
    store.update("open", lambda p: setattr(p, "notes", "x"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_column_named_twice_is_refused_with_its_name(tmp_path: Path) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text("name,werkgever_id,username,name\nA,1,u,B\n", encoding="utf-8")
    with pytest.raises(CsvError, match="noemt name meer dan eens"):
        import_csv(csv_file, ProfileStore(tmp_path / "profiles"))


@pytest.mark.parametrize("value", ["=SUM(A1)", "+31 6 1234", "-min", "@home", "'quoted", "'=x"])
def test_export_then_import_round_trips_guarded_values(tmp_path: Path, value: str) -> None:
    source = ProfileStore(tmp_path / "a")
    profile = Profile(
        slug="ronde-bv", name="Ronde B.V.", werkgever_id="1", username="u", notes=value
    )
    source.save(profile, create=True)
    export_file = tmp_path / "export.csv"
    export_csv(export_file, source.load_all().profiles)
    target = ProfileStore(tmp_path / "b")
    result = import_csv(export_file, target)
    assert result.created == ["ronde-bv"], result.errors
    assert target.load("ronde-bv").notes == value


def test_a_guard_in_someone_elses_csv_is_kept(tmp_path: Path) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text("name,werkgever_id,username,notes\nA B.V.,1,u,'=x\n", encoding="utf-8")
    store = ProfileStore(tmp_path / "profiles")
    import_csv(csv_file, store)
    assert store.load("a-bv").notes == "'=x"


def test_a_profile_locked_past_the_timeout_is_not_saved_and_not_exit_0(
    profiles_dir: Path,  # noqa: F811
    env: dict[str, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = sorted(profiles_dir.glob("*.toml"))[0].stem
    monkeypatch.setattr(ProfileStore.__init__, "__defaults__", (0.2,))
    lock_dir = profiles_dir / ".locks"
    lock_dir.mkdir(exist_ok=True)
    held = FileLock(str(lock_dir / f"{name}.lock"))
    held.acquire()
    try:
        # Another thread holds it: FileLock is re-entrant within one object only.
        ran = run_main(
            ["--lang", "en", "--profiles", str(profiles_dir), "check", name, "--json"],
            monkeypatch,
            capsys,
            env,
        )
    finally:
        held.release()
    assert ran.code == 2, (ran.out, ran.err)
    assert "locked" in ran.err
    assert json.loads(ran.out)["profiles"][0]["profile"] == name
