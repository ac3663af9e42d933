"""The start's row read in a child process (``tui.profiles.forked_rows``): the same rows,
broken files and exposed files as the read in this process, the index written by the child,
and the read made here when the child fails. Each case runs in a fresh interpreter: forking
is done only by a process with one thread, and pytest's has more."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.cli.test_list import varied
from tui.profiles.forked_rows import can_fork, load_rows_forked
from tui.profiles.store import INDEX_NAME

SCRIPT = r"""
import json, os, sys, time
from pathlib import Path
from tui.profiles import reads
from tui.profiles.forked_rows import load_rows_forked
from tui.profiles.store import INDEX_NAME, ProfileStore

folder, mode = Path(sys.argv[1]), sys.argv[2]
parent = os.getpid()
if mode == "child-fails":
    original = reads.StoreReads.load_rows

    def load_rows(self, **options):
        if os.getpid() != parent:
            os._exit(3)  # the child dies before it hands anything over
        return original(self, **options)

    reads.StoreReads.load_rows = load_rows
future = load_rows_forked(ProfileStore(folder))
result = future.result(timeout=30)
for _ in range(200):  # the child writes the index after the hand-over
    if (folder / INDEX_NAME).exists():
        break
    time.sleep(0.05)
here = ProfileStore(folder).load_rows()
def broken(r):
    return [[os.fsencode(b.path).hex(), b.line, b.reason] for b in r.broken]
print(json.dumps({
    "same_rows": result.rows == here.rows,
    "same_broken": broken(result) == broken(here),
    "same_exposed": result.exposed == here.exposed,
    "rows": len(result.rows),
    "broken": len(result.broken),
    "exposed": len(result.exposed),
    "index": (folder / INDEX_NAME).exists(),
}))
"""


def run(folder: Path, mode: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), mode],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    profiles = tmp_path / "profiles"
    varied(profiles)
    (profiles / INDEX_NAME).unlink(missing_ok=True)
    (profiles / "kapot.toml").write_text("schema = 1\n[employer\n", encoding="utf-8")
    (profiles / "kapot.toml").chmod(0o600)
    os.rename(profiles / "getal.toml", os.fsencode(profiles) + b"/getal\xff.toml")
    return profiles


@pytest.mark.skipif(sys.platform != "linux", reason="the child process is used on Linux only")
@pytest.mark.parametrize("mode", ["child", "child-fails"])
def test_the_child_reads_what_this_process_would(folder: Path, mode: str) -> None:
    found = run(folder, mode)
    assert found["same_rows"] and found["same_broken"] and found["same_exposed"], found
    assert found["rows"] == 5 and found["broken"] == 2 and found["exposed"] == 1, found
    assert found["index"] is True, found  # written by the child, or here after it failed


def test_no_child_from_a_process_with_threads(folder: Path) -> None:
    """A fork while another thread runs could copy a lock that thread holds."""
    from tui.profiles.store import ProfileStore

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not can_fork()
        assert load_rows_forked(ProfileStore(folder)) is None
    finally:
        release.set()
        other.join()
