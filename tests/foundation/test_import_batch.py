"""An import writes its files in batches (tui.profiles.batch): fast, and still never a profile
that is empty or half written, whatever moment it is stopped at; run again, it finishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.profiles import batch as batch_module
from tui.profiles.csvio import import_csv
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore, StoreError, StoreIOError, parse_profile

ROWS = 3000


def write_csv(path: Path, rows: int, suffix: str = "") -> None:
    lines = ["name,werkgever_id,username"]
    lines += [f"Werkgever {i:05d} B.V.,{500000 + i},user{suffix}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def every_profile(directory: Path) -> dict[str, Profile]:
    """Each profile file, parsed: a file that is empty or half written fails here."""
    profiles = {}
    for path in sorted(directory.glob("*.toml")):
        parsed = parse_profile(path, path.read_bytes())
        assert isinstance(parsed, Profile), f"{path.name}: {parsed}"
        profiles[path.stem] = parsed
    return profiles


def test_an_import_killed_midway_leaves_old_or_new_profiles_and_a_rerun_finishes(
    tmp_path: Path,
) -> None:
    profiles = tmp_path / "profiles"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    write_csv(first, ROWS)
    import_csv(first, ProfileStore(profiles))
    write_csv(second, ROWS, suffix="-new")  # every row changes its profile
    script = (
        "import sys; from pathlib import Path; from tui.profiles.csvio import import_csv; "
        "from tui.profiles.store import ProfileStore; "
        "import_csv(Path(sys.argv[1]), ProfileStore(Path(sys.argv[2])))"
    )
    before = {p.name: p.stat().st_mtime_ns for p in profiles.glob("*.toml")}
    proc = subprocess.Popen([sys.executable, "-c", script, str(second), str(profiles)])
    # killed once some files were replaced and before all were
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        changed = sum(
            1 for p in profiles.glob("*.toml") if p.stat().st_mtime_ns != before.get(p.name)
        )
        if changed >= 200:
            break
        time.sleep(0.005)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    found = every_profile(profiles)
    assert len(found) == ROWS
    users = {p.username for p in found.values()}
    assert users <= {"user", "user-new"}
    new = sum(1 for p in found.values() if p.username == "user-new")
    assert 0 < new < ROWS, f"the kill came too late to show anything ({new} of {ROWS} new)"

    result = import_csv(second, ProfileStore(profiles))
    assert result.failure is None and not result.errors
    found = every_profile(profiles)
    assert len(found) == ROWS
    assert {p.username for p in found.values()} == {"user-new"}
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in profiles.glob("*.toml"))


def test_a_batch_that_cannot_be_made_durable_puts_nothing_in_place_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profiles = tmp_path / "profiles"
    rows = tmp_path / "rows.csv"
    write_csv(rows, batch_module.BATCH_FILES + 10)
    real = os.fsync
    in_second_batch = f"werkgever-{batch_module.BATCH_FILES + 5:05d}-bv"

    def fails_in_second_batch(fd: int) -> None:
        if in_second_batch in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(5, "Input/output error")
        real(fd)

    monkeypatch.setattr(batch_module.os, "fsync", fails_in_second_batch)
    result = import_csv(rows, ProfileStore(profiles))
    assert result.failure is not None and result.failure.code == "import.err.store"
    assert "Input/output error" in str(result.failure.params["error"])
    assert len(result.created) == batch_module.BATCH_FILES
    assert sorted(p.stem for p in profiles.glob("*.toml")) == sorted(result.created)
    every_profile(profiles)
    assert not list(profiles.glob(".*.tmp")), "temporary files are cleaned up"


def test_writes_outside_a_batch_stay_one_at_a_time(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    with store.batched():
        store.save(Profile(slug="a", name="A", werkgever_id="1", username="u"), create=True)
        assert not (tmp_path / "a.toml").exists(), "in place only when the batch commits"
    assert store.load("a").name == "A"
    store.save(Profile(slug="b", name="B", werkgever_id="2", username="u"), create=True)
    assert store.load("b").name == "B"


def test_the_same_profile_twice_in_one_batch_reads_its_own_write(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    with store.batched():
        store.save(Profile(slug="a", name="A", werkgever_id="1", username="u"), create=True)
        store.update("a", lambda p: setattr(p, "notes", "later"))
    profile = store.load("a")
    assert profile.name == "A" and profile.notes == "later"


def test_an_error_inside_a_batch_keeps_the_old_content(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.save(Profile(slug="a", name="A", werkgever_id="1", username="u"), create=True)
    with pytest.raises(RuntimeError), store.batched():
        store.update("a", lambda p: setattr(p, "name", "changed"))
        raise RuntimeError("stop")
    assert store.load("a").name == "A"
    assert not list(tmp_path.glob(".*.tmp"))
    store.update("a", lambda p: setattr(p, "name", "B"))  # the lock was let go
    assert store.load("a").name == "B"


def test_store_io_error_is_what_a_failing_commit_raises(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    with pytest.raises(StoreIOError), store.batched():
        store.save(Profile(slug="a", name="A", werkgever_id="1", username="u"), create=True)
        (tmp_path / "a.toml").mkdir()  # the rename cannot replace a folder
    assert (tmp_path / "a.toml").is_dir()
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_batch_and_a_single_writer_exclude_each_other(tmp_path: Path) -> None:
    from filelock import FileLock, Timeout

    store = ProfileStore(tmp_path, lock_timeout=0.1)
    store.save(Profile(slug="a", name="A", werkgever_id="1", username="u"), create=True)
    lock_file = str(tmp_path / ".locks" / "a.lock")
    held = FileLock(lock_file)
    with held, pytest.raises(StoreError, match="locked"), store.batched():
        store.update("a", lambda p: setattr(p, "name", "batch"))
    with store.batched():
        store.update("a", lambda p: setattr(p, "name", "batch"))
        with pytest.raises(Timeout):
            FileLock(lock_file, timeout=0.1).acquire()  # held until the rename
    FileLock(lock_file, timeout=0.1).acquire()
    assert store.load("a").name == "batch"
