from __future__ import annotations

import multiprocessing
import os
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.profiles.model import ItemRecord, Profile, slugify
from tui.profiles.store import ConflictError, ProfileStore, ReadOnlyError, StoreError


def make(slug: str = "voorbeeld-bv", **kw: str) -> Profile:
    return Profile(
        slug=slug,
        name=kw.get("name", "Voorbeeld B.V."),
        werkgever_id=kw.get("werkgever_id", "20720"),
        username=kw.get("username", "xs-voorbeeld"),
    )


def test_slugify() -> None:
    assert slugify("Café De Zwaan V.O.F.") == "cafe-de-zwaan-vof"
    assert slugify("Transportbedrijf De Wit & Zonen B.V.") == "transportbedrijf-de-wit-en-zonen-bv"
    assert slugify("  ---  ") == ""


def test_round_trip_and_permissions(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles")
    p = make()
    p.items["account.dedicated"] = ItemRecord(
        "pass", confirmed_at=datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    )
    store.save(p, create=True)
    path = tmp_path / "profiles" / "voorbeeld-bv.toml"
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "profiles").stat().st_mode & 0o777 == 0o700
    loaded = store.load("voorbeeld-bv")
    assert loaded.name == "Voorbeeld B.V."
    assert loaded.items["account.dedicated"].confirmed_at == datetime(
        2026, 11, 29, 10, 0, tzinfo=UTC
    )
    assert not list((tmp_path / "profiles").glob(".*.tmp"))


def test_unknown_keys_survive_a_rewrite(tmp_path: Path) -> None:
    d = tmp_path / "p"
    d.mkdir()
    (d / "x.toml").write_text(
        'schema = 1\nfuture = "keep"\n[employer]\nname = "X"\nwerkgever_id = 12\n'
        'extra = [1, 2]\n[account]\nusername = "u"\n[other_tool]\nsetting = true\n'
    )
    store = ProfileStore(d)
    p = store.load("x")
    assert p.werkgever_id == "12"
    p.name = "X B.V."
    store.save(p)
    data = tomllib.loads((d / "x.toml").read_text())
    assert data["future"] == "keep"
    assert data["employer"]["extra"] == [1, 2]
    assert data["other_tool"] == {"setting": True}
    assert data["employer"]["name"] == "X B.V."


def test_broken_file_is_reported_and_untouched(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.save(make("good"), create=True)
    broken = tmp_path / "broken.toml"
    original = b'schema = 1\n[employer]\nname = "Half'
    broken.write_bytes(original)
    result = store.load_all()
    assert [p.slug for p in result.profiles] == ["good"]
    assert len(result.broken) == 1
    assert result.broken[0].path == broken
    assert result.broken[0].line == 3
    assert "not valid TOML" in result.broken[0].reason
    with pytest.raises(StoreError, match="left untouched"):
        store.save(make("broken"))
    assert broken.read_bytes() == original


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('[employer]\nname = "A"\nwerkgever_id = "1"\n', None, "account.username: is missing"),
        (
            '[employer]\nname = "A"\nwerkgever_id = true\n[account]\nusername = "u"\n',
            3,
            "employer.werkgever_id: must be text",
        ),
        (
            '[employer]\nname = "A"\nwerkgever_id = "1"\n[account]\nusername = "u"\n'
            '[submission]\nstatus = "lost"\n',
            7,
            "submission.status: 'lost' is not one of",
        ),
    ],
)
def test_invalid_values_are_reported_with_line(
    tmp_path: Path, text: str, line: int | None, reason: str
) -> None:
    (tmp_path / "bad.toml").write_text(text)
    result = ProfileStore(tmp_path).load_all()
    assert result.profiles == []
    assert result.broken[0].line == line
    assert reason in result.broken[0].reason


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    (tmp_path / "latin.toml").write_bytes(b'[employer]\nname = "Caf\xe9"\n')
    broken = ProfileStore(tmp_path).load_all().broken
    assert broken[0].line == 2 and "UTF-8" in broken[0].reason


def test_newer_schema_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    path.write_text(
        'schema = 2\n[employer]\nname = "N"\nwerkgever_id = "1"\n[account]\nusername = "u"\n'
    )
    before = path.read_bytes()
    store = ProfileStore(tmp_path)
    result = store.load_all()
    assert [p.slug for p in result.profiles if p.read_only] == ["new"]
    with pytest.raises(ReadOnlyError, match="nieuwere Koppelaar") as refused:
        store.save(result.profiles[0])
    assert refused.value.message("en").startswith("profile new was written by a newer Koppelaar")
    with pytest.raises(ReadOnlyError):
        store.update("new", lambda p: None)
    assert path.read_bytes() == before


def test_read_only_message_is_said_in_the_users_language() -> None:
    """It was English only, also in the Dutch CLI and UI."""
    from tui.profiles.model import SCHEMA_VERSION
    from tui.profiles.store import read_only_message, read_only_reason

    newer = Profile(slug="new", name="N", werkgever_id="1", username="u", schema=99)
    code, values = read_only_reason(newer)
    assert (code, values) == ("profile.read_only", {"profile": "new", "schema": 99,
                                                    "known": SCHEMA_VERSION})  # fmt: skip
    dutch = read_only_message(newer, "nl")
    assert dutch.startswith("profiel new is geschreven door een nieuwere Koppelaar (schema 99")
    assert read_only_message(newer, "en").startswith("profile new was written by a newer")


def test_merge_keeps_both_writers_changes(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.save(make(), create=True)
    first = store.load("voorbeeld-bv")
    second = store.load("voorbeeld-bv")
    first.notes = "gebeld met de klant"
    store.save(first)
    second.werkgever_id = "20721"
    store.save(second)
    final = store.load("voorbeeld-bv")
    assert final.notes == "gebeld met de klant"
    assert final.werkgever_id == "20721"


def test_same_field_changed_twice_is_a_conflict(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.save(make(), create=True)
    first = store.load("voorbeeld-bv")
    second = store.load("voorbeeld-bv")
    first.username = "xs-a"
    store.save(first)
    second.username = "xs-b"
    with pytest.raises(ConflictError) as info:
        store.save(second)
    assert info.value.keys == ["account.username"]
    assert "reload it" in str(info.value)
    assert store.load("voorbeeld-bv").username == "xs-a"


def test_create_refuses_to_overwrite_and_delete_moves_to_trash(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.save(make(), create=True)
    with pytest.raises(StoreError, match="already exists"):
        store.save(make(), create=True)
    target = store.delete("voorbeeld-bv")
    assert not store.exists("voorbeeld-bv")
    assert target.parent.name == ".trash" and target.exists()
    assert store.load_all().profiles == []


def _writer(directory: str, field: str, count: int) -> None:
    store = ProfileStore(Path(directory))
    for n in range(count):
        while True:
            profile = store.load("shared")
            if field == "notes":
                profile.notes = f"note {n}"
            else:
                profile.contact_email = f"c{n}@example.test"
            try:
                store.save(profile)
                break
            except ConflictError:
                continue


def test_two_processes_saving_the_same_profile(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.save(make("shared"), create=True)
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_writer, args=(str(tmp_path), "notes", 40)),
        ctx.Process(target=_writer, args=(str(tmp_path), "email", 40)),
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    final = store.load("shared")
    assert final.notes == "note 39"
    assert final.contact_email == "c39@example.test"
    assert os.listdir(tmp_path / ".locks")


def test_index_serves_unchanged_files_and_rereads_changed_ones(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.save(make("a"), create=True)
    store.save(make("b"), create=True)
    assert len(store.load_all().profiles) == 2
    index = tmp_path / ".index.json"
    assert index.exists() and index.stat().st_mode & 0o777 == 0o600
    # An edit in place by another tool (same inode) must be seen.
    path = tmp_path / "a.toml"
    path.write_text(path.read_text().replace("Voorbeeld B.V.", "Ander B.V."))
    assert {p.slug: p.name for p in store.load_all().profiles}["a"] == "Ander B.V."
    # A file that turns broken is reported, not served from the index.
    path.write_text("[employer\n")
    result = store.load_all()
    assert [b.slug for b in result.broken] == ["a"]
    # A removed file disappears; datetimes survive the index.
    path.unlink()
    p = store.load("b")
    p.checked_at = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
    store.save(p)
    store.load_all()
    again = store.load_all()
    assert [x.slug for x in again.profiles] == ["b"]
    assert again.profiles[0].checked_at == datetime(2026, 11, 29, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "junk",
    [
        b"not json",
        b'{"version": 1, "files": []}',
        b'{"version": 1, "files": {"a.toml": {"stat": "x"}}}',
        b'{"version": 1, "files": {"a.toml": {"stat": [0, 0, 0], "doc": {"$t": "x", "v": 1}}}}',
        b'{"version": 99, "files": {}}',
    ],
)
def test_a_damaged_index_is_ignored(tmp_path: Path, junk: bytes) -> None:
    store = ProfileStore(tmp_path)
    store.save(make("a"), create=True)
    (tmp_path / ".index.json").write_bytes(junk)
    assert [p.name for p in store.load_all().profiles] == ["Voorbeeld B.V."]
    assert [p.name for p in store.load_all().profiles] == ["Voorbeeld B.V."]


def test_a_stale_index_entry_with_the_same_stat_key_is_never_trusted_over_a_new_inode(
    tmp_path: Path,
) -> None:
    store = ProfileStore(tmp_path)
    store.save(make("a"), create=True)
    store.load_all()
    fresh = store.load("a")
    fresh.name = "Nieuw B.V."
    store.save(fresh)  # atomic replace: new inode
    assert store.load_all().profiles[0].name == "Nieuw B.V."
