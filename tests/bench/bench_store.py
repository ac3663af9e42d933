"""Store figures: load 1,000 profiles; save one profile durably (median)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from tui.model import ItemRecord, Profile
from tui.store import ProfileStore

LOAD_BOUND_S = 0.3
SAVE_BOUND_MS = 20.0


def make_profiles(directory: Path, count: int) -> ProfileStore:
    store = ProfileStore(directory)
    for n in range(count):
        p = Profile(
            slug=f"werkgever-{n:04d}",
            name=f"Werkgever {n:04d} B.V.",
            werkgever_id=str(10000 + n),
            username=f"xs-provider-{n % 7}",
            loket_id=f"00000000-0000-4000-8000-{n:012d}",
            status="ready",
        )
        for item in ("account.active", "account.right.bsn", "employer.id_found"):
            p.items[item] = ItemRecord("pass", detail="ok")
        store.save(p, create=True)
    return store


def run(count: int = 1000, saves: int = 50) -> list[tuple[str, float, float, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = make_profiles(Path(tmp) / "profiles", count)
        (store.directory / ".index.json").unlink(missing_ok=True)
        start = time.perf_counter()
        assert len(store.load_all().profiles) == count
        cold = time.perf_counter() - start
        loads = []
        for _ in range(5):
            start = time.perf_counter()
            result = store.load_all()
            loads.append(time.perf_counter() - start)
            assert len(result.profiles) == count
        profile = result.profiles[0]
        times = []
        for n in range(saves):
            profile.notes = f"bench {n}"
            start = time.perf_counter()
            profile = store.save(profile)
            times.append((time.perf_counter() - start) * 1000)
    load = statistics.median(loads)
    save = statistics.median(times)
    return [
        (f"store: load {count} profiles, no index yet", cold, LOAD_BOUND_S, "s"),
        (f"store: load {count} profiles with the index (median of 5)", load, LOAD_BOUND_S, "s"),
        (f"store: save one profile durably (median of {saves})", save, SAVE_BOUND_MS, "ms"),
    ]


if __name__ == "__main__":
    for name, value, bound, unit in run():
        print(f"{name}: {value:.3f} {unit} (bound {bound} {unit}, ratio {value / bound:.2f})")
