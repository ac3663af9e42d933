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
    store.save(Profile(slug="a", name="A", werkgever_id="1", username="u"), create=True)
    with pytest.raises(StoreIOError), store.batched():
        store.update("a", lambda p: setattr(p, "name", "B"))
        (tmp_path / "a.toml").unlink()
        (tmp_path / "a.toml").mkdir()  # the rename cannot replace a folder
    assert (tmp_path / "a.toml").is_dir()
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_import_makes_no_lock_file_for_a_new_profile(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    write_csv(rows, 300)
    profiles = tmp_path / "profiles"
    assert len(import_csv(rows, ProfileStore(profiles)).created) == 300
    assert not list(profiles.glob(".locks/*")), "one file made per new profile, not two"
    assert len(every_profile(profiles)) == 300
    write_csv(rows, 300, suffix="-new")  # every row now changes its profile: under its lock
    assert len(import_csv(rows, ProfileStore(profiles)).updated) == 300
    assert len(list(profiles.glob(".locks/*.lock"))) == 300
    assert {p.username for p in every_profile(profiles).values()} == {"user-new"}


def test_a_name_another_writer_takes_before_the_commit_is_that_rows_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = tmp_path / "rows.csv"
    write_csv(rows, 5)
    profiles = tmp_path / "profiles"
    other = ProfileStore(profiles)
    real_commit = batch_module.WriteBatch.commit

    def another_writer_first(batch: batch_module.WriteBatch) -> None:
        # between the import's read (no such profile) and its commit
        other.save(Profile(slug="werkgever-00003-bv", name="Theirs", werkgever_id="9",
                           username="them"), create=True)  # fmt: skip
        real_commit(batch)

    monkeypatch.setattr(batch_module.WriteBatch, "commit", another_writer_first)
    result = import_csv(rows, ProfileStore(profiles))
    assert result.failure is None
    assert "werkgever-00003-bv" not in result.created and len(result.created) == 4
    assert [(e.row, e.code) for e in result.errors] == [(5, "import.err.store")]
    assert "already exists" in str(result.errors[0].params["error"])
    found = every_profile(profiles)
    assert found["werkgever-00003-bv"].name == "Theirs", "the other writer's profile is kept"
    assert len(found) == 5
    assert not list(profiles.glob(".*.tmp"))


def _import_in_process(args: tuple[str, str]) -> tuple[list[str], int, list[str]]:
    result = import_csv(Path(args[0]), ProfileStore(Path(args[1])))
    return result.created, len(result.updated), [str(e.params["error"]) for e in result.errors]


def test_two_imports_creating_the_same_profiles_at_once_create_each_once(
    tmp_path: Path,
) -> None:
    import multiprocessing

    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    write_csv(first, 600, suffix="-first")
    write_csv(second, 600, suffix="-second")
    profiles = tmp_path / "profiles"
    jobs = [(str(first), str(profiles)), (str(second), str(profiles))]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        (created_1, updated_1, errors_1), (created_2, updated_2, errors_2) = pool.map(
            _import_in_process, jobs
        )
    # Whichever came first to a name created it; the other updated it after, or was told
    # that it exists (it found no file, then the first put one there before its commit).
    assert not set(created_1) & set(created_2)
    assert len({*created_1, *created_2}) == 600
    assert all("already exists" in e for e in errors_1 + errors_2)
    assert len(created_1) + updated_1 + len(errors_1) == 600
    assert len(created_2) + updated_2 + len(errors_2) == 600
    found = every_profile(profiles)
    assert len(found) == 600
    assert {p.username for p in found.values()} <= {"user-first", "user-second"}
    assert not list(profiles.glob(".*.tmp"))


def test_profiles_created_from_many_threads_at_once_are_created_once(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tui.profiles.errors import ExistsError

    def create(n: int) -> str:
        try:
            ProfileStore(tmp_path).save(
                Profile(slug="a", name=f"A {n}", werkgever_id="1", username="u"), create=True
            )
        except ExistsError:
            return "exists"
        return f"A {n}"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(create, range(64)))
    made = [o for o in outcomes if o != "exists"]
    assert len(made) == 1, outcomes
    assert ProfileStore(tmp_path).load("a").name == made[0]
    assert not list(tmp_path.glob(".*.tmp"))


def test_without_hard_links_a_new_profile_is_made_under_its_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.profiles import fileio

    def no_links(source: str, target: object) -> None:
        raise OSError(1, "Operation not permitted")  # FAT, some network shares

    assert fileio.links_work(tmp_path)
    monkeypatch.setattr(fileio.os, "link", no_links)
    assert not fileio.links_work(tmp_path)
    store = ProfileStore(tmp_path)
    store.save(Profile(slug="a", name="A", werkgever_id="1", username="u"), create=True)
    with pytest.raises(StoreError, match="already exists"):
        store.save(Profile(slug="a", name="B", werkgever_id="1", username="u"), create=True)
    assert store.load("a").name == "A"
    assert (tmp_path / ".locks" / "a.lock").exists()
    assert not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob(".links.*"))


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
