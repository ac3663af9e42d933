"""The index keeps start-up cheap: checked profiles come back without their TOML being parsed
and with their checklist read only when used; a damaged index never costs a finding."""

from __future__ import annotations

import copy
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.index_helpers import split_index
from tui.profiles.model import ItemRecord, Profile
from tui.profiles.store import INDEX_NAME, ProfileStore

WHEN = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)


def checked(slug: str) -> Profile:
    profile = Profile(slug, f"Werkgever {slug}", "20720", "xs-user", status="problems")
    profile.checked_at = WHEN
    profile.items["account.active"] = ItemRecord(
        "pass", detail="Inloggen lukt.", checked_at=WHEN, reason="active.ok", params={"n": 1}
    )
    profile.items["account.right.bsn"] = ItemRecord(
        "fail", detail="Het recht ontbreekt.", checked_at=WHEN, confirmed_at=WHEN
    )
    return profile


def test_checked_profiles_come_back_whole_from_the_index(tmp_path: Path, parses: list[str]) -> None:
    writer = ProfileStore(tmp_path)
    for slug in ("a", "b", "c"):
        writer.save(checked(slug), create=True)
    writer.flush_index()
    assert (tmp_path / INDEX_NAME).exists()
    loaded = {p.slug: p for p in ProfileStore(tmp_path).load_all().profiles}
    assert parses == [], "a flushed index serves every file"
    assert loaded["a"].name == "Werkgever a" and loaded["a"].status == "problems"
    assert loaded["a"] == checked("a")  # the checklist too, read when compared
    direct = ProfileStore(tmp_path).load("b")
    assert loaded["b"].items == direct.items
    assert loaded["b"].raw == direct.raw
    assert copy.deepcopy(loaded["c"]) == checked("c")


def test_a_deferred_checklist_is_saved_like_any_other(tmp_path: Path) -> None:
    ProfileStore(tmp_path).save(checked("a"), create=True)
    ProfileStore(tmp_path).load_all()  # writes the index
    profile = ProfileStore(tmp_path).load_all().profiles[0]
    profile.notes = "gebeld"
    saved = ProfileStore(tmp_path).save(profile)
    assert saved.notes == "gebeld"
    assert saved.items == checked("a").items


def test_a_damaged_checklist_in_the_index_is_read_from_the_file(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.save(checked("a"), create=True)
    store.flush_index()
    index = tmp_path / INDEX_NAME
    data = index.read_bytes()
    head, tail = split_index(data)
    index.write_bytes(head + tail.replace(b"fail", b"f@il"))
    profile = ProfileStore(tmp_path).load_all().profiles[0]
    assert profile.items["account.right.bsn"].status == "fail"


def test_a_file_changed_after_the_index_is_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    store = ProfileStore(tmp_path)
    store.save(checked("a"), create=True)
    store.save(checked("b"), create=True)
    store.flush_index()
    other = ProfileStore(tmp_path)  # another process
    changed = other.load("b")
    changed.items["account.active"].status = "fail"
    other.save(changed)
    parses.clear()
    loaded = {p.slug: p for p in ProfileStore(tmp_path).load_all().profiles}
    assert parses == ["b"]
    assert loaded["b"].items["account.active"].status == "fail"


def test_the_tuis_loader_hands_over_then_writes_the_index(tmp_path: Path) -> None:
    from tests.index_helpers import assert_indexed
    from tui.config import Paths, Settings
    from tui.runtime import Runtime

    writer = ProfileStore(tmp_path / "profiles")
    for slug in ("a", "b"):
        writer.save(checked(slug), create=True)
    runtime = Runtime(Paths(tmp_path / "profiles", tmp_path / "c.toml", tmp_path), Settings())
    runtime.start_loading_profiles()
    loading = runtime.take_loading_profiles()
    assert loading is not None
    assert {row.slug for row in loading.result(10).rows} == {"a", "b"}
    for _ in range(100):
        if (tmp_path / "profiles" / INDEX_NAME).exists():
            break
        time.sleep(0.02)
    assert_indexed(tmp_path / "profiles")


def test_two_threads_reading_a_deferred_checklist_both_get_it(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    store = ProfileStore(tmp_path)
    for n in range(40):
        store.save(checked(f"p{n}"), create=True)
    store.flush_index()
    profiles = ProfileStore(tmp_path).load_all().profiles
    expected = checked("x").items

    def read(attribute: str) -> list[object]:
        return [getattr(p, attribute) for p in profiles]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(read, ["items", "raw", "items", "raw"]))
    assert all(items == expected for items in results[0])
    assert all(raw["checklist"] for raw in results[1])
