"""Store figures: load 1,000 profiles; save one profile durably (median)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from tui.checks.items import all_items
from tui.profiles.model import ItemRecord, Profile
from tui.profiles.store import ProfileStore, now

LOAD_BOUND_S = 0.3
SAVE_BOUND_MS = 20.0


def make_profiles(directory: Path, count: int) -> ProfileStore:
    """Profiles as a check leaves them: every checklist item with its finding and reason."""
    store = ProfileStore(directory)
    checked = now()
    for n in range(count):
        p = Profile(
            slug=f"werkgever-{n:04d}",
            name=f"Werkgever {n:04d} B.V.",
            werkgever_id=str(10000 + n),
            username=f"xs-provider-{n % 7}",
            loket_id=f"00000000-0000-4000-8000-{n:012d}",
            status="ready",
        )
        p.checked_at = checked
        p.contact_email = f"salaris-{n}@example.nl"
        for item in all_items():
            p.items[item.id] = ItemRecord(
                "pass",
                detail=f"Inloggen als xs-provider-{n % 7} lukt voor Werkgever {n:04d} B.V.: "
                "de gebruiker is actief en heeft de rechten die de koppeling nodig heeft.",
                checked_at=checked,
                reason=f"{item.id}.ok",
                params={"username": f"xs-provider-{n % 7}", "name": f"Werkgever {n:04d} B.V."},
            )
        store.save(p, create=True)
    store.flush_index()  # as an import or a check leaves them
    return store


def run(count: int = 1000, saves: int = 50) -> list[tuple[str, float, float, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = make_profiles(Path(tmp) / "profiles", count)
        (store.directory / ".index.json").unlink(missing_ok=True)
        # As the TUI starts: a new store, nothing indexed; the profiles are handed over
        # before the index is written.
        colds = []
        for _ in range(3):
            store = ProfileStore(store.directory)
            start = time.perf_counter()
            assert len(store.load_all(index_later=True).profiles) == count
            colds.append(time.perf_counter() - start)
        cold = statistics.median(colds)
        start = time.perf_counter()
        store.write_pending_index()
        index_write = time.perf_counter() - start
        loads = []
        for _ in range(5):
            start = time.perf_counter()
            result = ProfileStore(store.directory).load_all()
            loads.append(time.perf_counter() - start)
            assert len(result.profiles) == count
        # A check rewrites every profile, then puts them into the index.
        checker = ProfileStore(store.directory)
        for profile in result.profiles:
            checker.update(profile.slug, lambda p: setattr(p, "checked_at", now()))
        checker.flush_index()
        start = time.perf_counter()
        after_check = ProfileStore(store.directory).load_all()
        after = time.perf_counter() - start
        assert len(after_check.profiles) == count
        profile = result.profiles[0]
        times = []
        for n in range(saves):
            profile.notes = f"bench {n}"
            start = time.perf_counter()
            profile = store.save(profile)
            times.append((time.perf_counter() - start) * 1000)
    load = statistics.median(loads)
    save = statistics.median(times)
    print(f"  (writing the index after the cold load, off the critical path: {index_write:.3f} s)")
    return [
        (
            f"store: load {count} checked profiles, no index yet (median of 3)",
            cold,
            LOAD_BOUND_S,
            "s",
        ),
        (f"store: load {count} with the index (median of 5)", load, LOAD_BOUND_S, "s"),
        (f"store: load {count} just after a check rewrote them all", after, LOAD_BOUND_S, "s"),
        (f"store: save one profile durably (median of {saves})", save, SAVE_BOUND_MS, "ms"),
    ]


QUICK: dict[str, object] = {"saves": 20}

if __name__ == "__main__":
    from benchlib import main

    main(run, QUICK)
