"""At provider scale (a check of 10,000 profiles) the store's memory stays small: what it wrote
is kept as the index keeps it (the checklist as compressed JSON), not as parsed documents, and
the index on disk is compressed too (every load reads it whole)."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from tui.profiles.model import ItemRecord, Profile
from tui.profiles.store import INDEX_NAME, ProfileStore

WHEN = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
PROFILES = 300
ITEMS = 18  # a real check records about this many


def with_checklist(profile: Profile, n: int) -> None:
    profile.status = "problems"
    profile.checked_at = WHEN
    for item in range(ITEMS):
        profile.items[f"account.right.r{item}"] = ItemRecord(
            "fail",
            detail=f"Het recht 'Recht nummer {item}' ontbreekt voor werkgever {n}; vraag de "
            "applicatiebeheerder het toe te kennen aan deze gebruiker in Loket.nl.",
            checked_at=WHEN,
            reason="right.missing",
            params={"right": f"Recht nummer {item}", "employer": f"Werkgever {n}"},
        )


def test_a_store_that_wrote_many_checked_profiles_holds_little(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    for n in range(PROFILES):
        store.save(Profile(f"p{n:04d}", f"Werkgever {n}", str(10000 + n), "u"), create=True)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for n in range(PROFILES):
        store.update(f"p{n:04d}", lambda p, n=n: with_checklist(p, n))
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    # the documents themselves would be ~8 KB each; as the index keeps them, ~1.5 KB
    assert held / PROFILES < 3000, f"{held / PROFILES:.0f} bytes held per written profile"

    store.flush_index()
    index_size = (tmp_path / INDEX_NAME).stat().st_size
    assert index_size / PROFILES < 2000, f"{index_size / PROFILES:.0f} index bytes per profile"
    loaded = ProfileStore(tmp_path).load_all().profiles
    assert len(loaded) == PROFILES
    sample = loaded[7]
    assert len(sample.items) == ITEMS
    assert sample.items["account.right.r3"].params["right"] == "Recht nummer 3"
    assert sample.items["account.right.r3"].checked_at == WHEN
