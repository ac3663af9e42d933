"""A start reads the rows only (``ProfileStore.load_rows``): from the index's first line, each
file's stat checked, so a row is never older than its file; ``load_many`` reads the whole
profiles an action needs, as they are now."""

from __future__ import annotations

import json
import os
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.index_helpers import header, split_index
from tui.profiles import index as index_module
from tui.profiles import reads as reads_module
from tui.profiles.index import INDEX_VERSION
from tui.profiles.model import ItemRecord, Profile
from tui.profiles.rows import ProfileRow, row_of
from tui.profiles.store import INDEX_NAME, ProfileStore

WHEN = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)


def checked(slug: str, status: str = "problems") -> Profile:
    profile = Profile(slug, f"Werkgever {slug}", "20720", f"xs-{slug}", status=status)
    profile.checked_at = WHEN
    profile.items["account.active"] = ItemRecord("pass", detail="Inloggen lukt.", checked_at=WHEN)
    return profile


def folder(tmp_path: Path) -> ProfileStore:
    """Profiles in every state a row shows: checked, sent long ago, read-only, plain."""
    store = ProfileStore(tmp_path)
    store.save(checked("a"), create=True)
    sent = checked("b", "ready")
    sent.submission.status = "sent"
    sent.submission.sent_at = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    store.save(sent, create=True)
    store.save(Profile("c", "Café \u202e B.V.", "31544", "xs-c"), create=True)
    (tmp_path / "d.toml").write_text(
        'schema = 9\n[employer]\nname = "Nieuwer"\nwerkgever_id = "1"\n[account]\nusername = "u"\n'
    )
    (tmp_path / "d.toml").chmod(0o600)
    return store


def test_rows_are_what_load_all_gives(tmp_path: Path) -> None:
    folder(tmp_path)
    (tmp_path / "kapot.toml").write_text("[employer\n")
    (tmp_path / "kapot.toml").chmod(0o600)
    (tmp_path / "open.toml").write_text(
        '[employer]\nname = "Open"\nwerkgever_id = "2"\n[account]\nusername = "u"\n'
    )
    (tmp_path / "open.toml").chmod(0o644)
    for round in ("no index yet", "from the index"):
        rows = ProfileStore(tmp_path).load_rows()
        everything = ProfileStore(tmp_path).load_all()
        assert rows.rows == [row_of(p) for p in everything.profiles], round
        assert [(b.path, b.line, b.reason) for b in rows.broken] == [
            (b.path, b.line, b.reason) for b in everything.broken
        ]
        assert rows.exposed == everything.exposed == [tmp_path / "open.toml"]
    by_slug = {row.slug: row for row in rows.rows}
    assert by_slug["b"].overdue(datetime(2026, 11, 29, tzinfo=UTC))
    assert not by_slug["a"].overdue(datetime(2026, 11, 29, tzinfo=UTC))
    assert by_slug["d"].read_only and not by_slug["a"].read_only
    assert by_slug["c"].name == "Café \u202e B.V."  # as the file has it; the screen escapes


def test_a_start_reads_the_rows_from_the_header_alone(tmp_path: Path, parses: list[str]) -> None:
    folder(tmp_path).flush_index()
    ProfileStore(tmp_path).load_rows()  # indexes d.toml, written by hand
    expected = ProfileStore(tmp_path).load_rows().rows
    index = tmp_path / INDEX_NAME
    head, data = split_index(index.read_bytes())
    stat = index.stat()
    assert data  # the top tables and checklists; a start does not need them
    index.write_bytes(head)
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    parses.clear()
    assert ProfileStore(tmp_path).load_rows().rows == expected
    assert parses == [], "no file parsed: every row came from the index"
    assert json.loads(head.partition(b"\n")[0])["version"] == INDEX_VERSION


def test_a_file_changed_after_the_index_shows_as_it_is_now(
    tmp_path: Path, parses: list[str]
) -> None:
    store = folder(tmp_path)
    store.load_rows()  # the index holds every file now
    path = tmp_path / "a.toml"
    inode = path.stat().st_ino
    path.write_text(path.read_text().replace("Werkgever a", "Werkgever A, bewerkt"))
    assert path.stat().st_ino == inode  # edited in place
    ProfileStore(tmp_path).save(Profile("e", "Nieuw B.V.", "5", "xs-e"), create=True)
    (tmp_path / "c.toml").unlink()
    (tmp_path / "b.toml").write_text("[employer\n")
    parses.clear()
    result = ProfileStore(tmp_path).load_rows()
    names = {row.slug: row.name for row in result.rows}
    assert names == {"a": "Werkgever A, bewerkt", "d": "Nieuwer", "e": "Nieuw B.V."}
    assert [b.slug for b in result.broken] == ["b"]
    assert sorted(parses) == ["a", "b", "e"]
    parses.clear()
    again = ProfileStore(tmp_path).load_rows()  # the changes are in the index now
    assert again.rows == result.rows
    assert parses == ["b"], "only the broken file is read again"


def test_what_this_store_wrote_counts_as_indexed(tmp_path: Path, parses: list[str]) -> None:
    store = folder(tmp_path)
    store.load_rows()
    store.update("a", lambda p: setattr(p, "status", "ready"))
    parses.clear()
    rows = {row.slug: row for row in store.load_rows().rows}
    assert rows["a"].status == "ready"
    assert parses == []


OLD_HEADERS = [
    {"version": 3, "files": {"a.toml": {"stat": [0, 0, 0], "top": {}, "checklist": None}}},
    {"version": 5, "entries": []},  # the whole header on one line
]


@pytest.mark.parametrize("old", OLD_HEADERS, ids=["v3", "v5"])
def test_an_old_index_is_rebuilt(tmp_path: Path, old: dict[str, object]) -> None:
    store = folder(tmp_path)
    (tmp_path / INDEX_NAME).write_text(json.dumps(old) + "\n")
    assert [row.slug for row in store.load_rows().rows] == ["a", "b", "c", "d"]
    assert header(tmp_path)["version"] == INDEX_VERSION


def test_the_header_holds_its_entries_in_lines_of_a_bounded_length(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each line is decoded in one call that holds the interpreter lock throughout: at 10,000
    profiles one line for all took 10-12 ms, a frame the UI thread could not draw."""
    monkeypatch.setattr(index_module, "HEAD_LINE_ENTRIES", 3)
    store = folder(tmp_path)
    store.load_rows()
    store.flush_index()
    head, data = split_index((tmp_path / INDEX_NAME).read_bytes())
    lines = head.splitlines()[1:]
    assert [len(json.loads(line)) for line in lines] == [3, 1]
    assert data
    parses.clear()
    again = ProfileStore(tmp_path)
    assert [row.slug for row in again.load_rows().rows] == ["a", "b", "c", "d"]
    assert again.reader().read("d") is not None
    assert again.load_all().profiles[0].items == checked("a").items
    assert parses == [], "every row and profile came from the index"


def test_a_header_cut_short_is_rebuilt(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "HEAD_LINE_ENTRIES", 3)
    folder(tmp_path).load_rows()
    index = tmp_path / INDEX_NAME
    head, _ = split_index(index.read_bytes())
    index.write_bytes(b"".join(head.splitlines(keepends=True)[:2]))  # the second line gone
    parses.clear()
    assert [row.slug for row in ProfileStore(tmp_path).load_rows().rows] == ["a", "b", "c", "d"]
    assert sorted(parses) == ["a", "b", "c", "d"], "nothing taken from a header cut short"
    assert len(header(tmp_path)["entries"]) == 4, "and the index is whole again"


def test_a_start_that_parsed_many_files_writes_the_index_before_it_hands_over(
    tmp_path: Path,
) -> None:
    count = reads_module.WRITE_NOW_AFTER + 1
    for n in range(count):
        (tmp_path / f"p{n:03d}.toml").write_text(
            f'[employer]\nname = "W {n}"\nwerkgever_id = "{n + 1}"\n[account]\nusername = "u"\n'
        )
    store = ProfileStore(tmp_path)
    assert len(store.load_rows(index_later=True).rows) == count
    assert (tmp_path / INDEX_NAME).exists(), "a run quit now leaves the index"
    few = tmp_path / "few"
    few.mkdir()
    (few / "x.toml").write_bytes((tmp_path / "p000.toml").read_bytes())
    later = ProfileStore(few)
    later.load_rows(index_later=True)
    assert not (few / INDEX_NAME).exists()
    later.write_pending_index()
    assert (few / INDEX_NAME).exists()


def test_load_many_reads_the_named_profiles_as_they_are_now(
    tmp_path: Path, parses: list[str]
) -> None:
    folder(tmp_path).load_rows()
    other = ProfileStore(tmp_path)  # another process changes one meanwhile
    other.update("b", lambda p: setattr(p, "notes", "gebeld"))
    parses.clear()
    loaded = ProfileStore(tmp_path).load_many(["b", "a", "weg", "d"])
    assert [p.slug for p in loaded.profiles] == ["b", "a", "d"]  # a missing one left out
    assert loaded.profiles[0].notes == "gebeld"
    assert parses == ["b"], "the index serves the unchanged files; the changed one is parsed"
    assert loaded.profiles[1] == checked("a")  # the checklist too
    (tmp_path / "a.toml").write_text("[employer\n")
    broken = ProfileStore(tmp_path).load_many(["a"])
    assert broken.profiles == [] and [b.slug for b in broken.broken] == ["a"]


def test_a_reader_reads_each_profile_as_it_is_when_read(tmp_path: Path, parses: list[str]) -> None:
    folder(tmp_path).load_rows()
    reader = ProfileStore(tmp_path).reader()  # the index read once, here
    ProfileStore(tmp_path).update("b", lambda p: setattr(p, "notes", "later"))
    (tmp_path / "d.toml").unlink()
    parses.clear()
    assert reader.read("a") == checked("a")
    profile = reader.read("b")
    assert profile is not None and profile.notes == "later"
    assert parses == ["b"]
    assert reader.read("d") is None and reader.broken == []
    (tmp_path / "a.toml").write_text("[employer\n")
    assert reader.read("a") is None
    assert [b.slug for b in reader.broken] == ["a"]


def test_rows_stay_small(tmp_path: Path) -> None:
    """What 2,000 rows hold once loaded (the budget at 10,000: ~15 MiB for everything)."""
    count = 2000
    store = ProfileStore(tmp_path)
    with store.batched():
        for n in range(count):
            store.save(checked(f"werkgever-{n:05d}"), create=True)
    store.flush_index()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    rows = ProfileStore(tmp_path).load_rows().rows
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(rows) == count and isinstance(rows[0], ProfileRow)
    print(f"{held / count:.0f} bytes per row")
    assert held / count < 600, f"{held / count:.0f} bytes per row"


def test_a_flush_after_a_reader_takes_its_index_while_the_file_is_the_one_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    """A check's end: the index is written from the entries its reader read, not read again."""
    folder(tmp_path).load_rows()
    store = ProfileStore(tmp_path)
    reader = store.reader()
    store.update("b", lambda p: setattr(p, "notes", "checked"))
    reads: list[Path] = []
    read = reads_module.read_index
    monkeypatch.setattr(reads_module, "read_index", lambda d: reads.append(d) or read(d))
    store.flush_index(reader)
    assert reads == [], "the file the reader read is not read again"
    parses.clear()
    loaded = {p.slug: p for p in ProfileStore(tmp_path).load_all().profiles}
    assert parses == [], "every file, the one written too, is served by the index"
    assert loaded["b"].notes == "checked" and loaded["a"] == checked("a")


def test_a_flush_after_a_reader_reads_an_index_another_writer_replaced(
    tmp_path: Path, parses: list[str]
) -> None:
    """Another process wrote the index after the reader read it: its entries are kept."""
    folder(tmp_path).load_rows()
    store = ProfileStore(tmp_path)
    reader = store.reader()
    other = ProfileStore(tmp_path)
    other.update("c", lambda p: setattr(p, "notes", "elsewhere"))
    other.flush_index()
    store.update("b", lambda p: setattr(p, "notes", "checked"))
    store.flush_index(reader)
    parses.clear()
    loaded = {p.slug: p for p in ProfileStore(tmp_path).load_all().profiles}
    assert parses == [], "the other writer's entry came through"
    assert loaded["c"].notes == "elsewhere" and loaded["b"].notes == "checked"


def test_a_reader_reads_the_file_of_an_entry_that_points_past_the_index(
    tmp_path: Path, parses: list[str]
) -> None:
    folder(tmp_path).load_rows()
    index = tmp_path / INDEX_NAME
    data = index.read_bytes()
    index.write_bytes(split_index(data)[0])  # the header whole, the data gone
    reader = ProfileStore(tmp_path).reader()
    parses.clear()
    assert reader.read("a") == checked("a")
    assert parses == ["a"], "read from its file, not from an entry with no data behind it"
