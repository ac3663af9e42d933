"""SIGKILL a process while it saves profiles: every file parses and is a whole version."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
import tomllib
from pathlib import Path

from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore

SLUGS = [f"werkgever-{n}" for n in range(4)]
KILLS = 100


def _version_notes(n: int) -> str:
    # Long enough that a write spans more than one page, so a torn write would show.
    return f"versie {n} " + ("x" * 6000) + f" einde {n}"


def _writer(directory: str, start: int) -> None:
    store = ProfileStore(Path(directory))
    n = start
    while True:
        for slug in SLUGS:
            store.update(slug, lambda p, n=n: setattr(p, "notes", _version_notes(n)))
        n += 1


def _assert_whole(directory: Path, previous: dict[str, int]) -> dict[str, int]:
    seen: dict[str, int] = {}
    for slug in SLUGS:
        doc = tomllib.loads((directory / f"{slug}.toml").read_text(encoding="utf-8"))
        notes = doc["notes"]
        number = int(notes.split()[1])
        assert notes == _version_notes(number), f"{slug}: torn content"
        assert number >= previous.get(slug, -1), f"{slug}: went back from {previous[slug]}"
        seen[slug] = number
    return seen


def test_sigkill_while_saving_leaves_old_or_new_versions(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    for slug in SLUGS:
        store.save(Profile(slug, slug, "1", "u", notes=_version_notes(0)), create=True)
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20261129)
    previous: dict[str, int] = {}
    start = 1
    for _ in range(KILLS):
        proc = ctx.Process(target=_writer, args=(str(tmp_path), start))
        proc.start()
        time.sleep(rng.uniform(0.002, 0.03))
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(10)
        previous = _assert_whole(tmp_path, previous)
        start = max(previous.values()) + 1
    assert max(previous.values()) > 1, "the writer never got to write"
    assert {p.slug for p in store.load_all().profiles} == set(SLUGS)
