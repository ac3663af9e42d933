"""``koppelaar list``: the same output whether the profiles come from the index (every file
current in it) or from the files parsed, and never a stale line."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tui.cli.main import app
from tui.profiles.model import ItemRecord, Profile
from tui.profiles.reads import StoreReads
from tui.profiles.store import INDEX_NAME, ProfileStore

WHEN = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
runner = CliRunner()


def cli(home: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["--profiles", str(home / "profiles"), "--config", str(home / "c.toml"), *args]
    )
    return result.exit_code, result.stdout, result.stderr


def varied(profiles: Path) -> None:
    """Checked and unchecked profiles, every submission status, odd names, a number as
    werkgever ID, a profile of a newer version, keys Koppelaar does not know, a file others
    may read."""
    store = ProfileStore(profiles)
    checked = Profile("bakkerij-bv", "Bakkerij B.V.", "20720", "xs-bakkerij", status="problems")
    checked.checked_at = WHEN
    checked.items["account.active"] = ItemRecord(
        "pass", detail="Inloggen lukt.", checked_at=WHEN, reason="active.ok", params={"n": 1}
    )
    checked.items["account.right.bsn"] = ItemRecord("fail", detail="Ontbreekt.", checked_at=WHEN)
    store.save(checked, create=True)
    exported = Profile("cafe-de-zwaan-vof", "Café De Zwaan V.O.F.", "18266", "xs-dezwaan")
    exported.status = "ready"
    exported.submission.status = "exported"
    exported.submission.method = "eml"
    exported.submission.exported_at = WHEN
    store.save(exported, create=True)
    sent = Profile("zonnehof", "Tandartspraktijk \u202eZonnehof\u009b", "35210", "xs-zonnehof")
    sent.submission.status = "sent"
    sent.submission.method = "smtp"
    sent.submission.sent_at = datetime(2026, 11, 1, 8, 0)  # no time zone, as older files have
    store.save(sent, create=True)
    connected = Profile("speeltuin", 'Kinderopvang "De Speeltuin"', "73905", "xs-speeltuin")
    connected.submission.status = "connected"
    connected.submission.sent_at = WHEN
    connected.submission.connected_at = WHEN
    store.save(connected, create=True)
    (profiles / "getal.toml").write_text(
        'schema = 1\nextra = "kept"\n\n[employer]\nname = "Getal B.V."\nwerkgever_id = 100482\n'
        '\n[account]\nusername = "xs-getal"\n\n[future]\nkey = 1\n',
        encoding="utf-8",
    )
    (profiles / "nieuwer.toml").write_text(
        'schema = 2\n\n[employer]\nname = "Nieuwer B.V."\nwerkgever_id = "52093"\n\n'
        '[account]\nusername = "xs-nieuwer"\n',
        encoding="utf-8",
    )
    os.chmod(profiles / "getal.toml", 0o600)
    os.chmod(profiles / "nieuwer.toml", 0o644)  # others may read it: listed as exposed


@pytest.fixture
def home(tmp_path: Path) -> Path:
    varied(tmp_path / "profiles")
    (tmp_path / "profiles" / INDEX_NAME).unlink(missing_ok=True)
    return tmp_path


def no_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the index was current: no file parsed")

    monkeypatch.setattr(StoreReads, "_parse", refuse)
    # nor any document decoded: a list is made from the rows in the index's first line
    monkeypatch.setattr(StoreReads, "_from_index", refuse)


@pytest.mark.parametrize("args", [("list", "--json"), ("list",), ("--lang", "en", "list")])
def test_list_from_the_index_says_exactly_what_the_full_load_says(
    home: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    from_files = cli(home, *args)  # no index yet: every file parsed, the index written
    assert from_files[0] == 0, from_files[2]
    with monkeypatch.context() as patch:
        no_full_load(patch)
        from_index = cli(home, *args)
    assert from_index == from_files
    if args == ("list", "--json"):
        doc = json.loads(from_index[1])
        assert len(doc["profiles"]) == 6
        assert doc["exposed"] == [str(home / "profiles" / "nieuwer.toml")]
        by_slug = {p["profile"]: p for p in doc["profiles"]}
        assert by_slug["getal"]["werkgever_id"] == "100482"
        assert by_slug["cafe-de-zwaan-vof"]["exported_at"] == WHEN.isoformat()
        assert by_slug["zonnehof"]["sent_at"] == "2026-11-01T08:00:00"
        assert "\\u202e" in from_index[1] and "\\u009b" in from_index[1]
    else:
        assert "nieuwer" in from_index[2]  # the newer version and the exposed file are said


def test_a_listed_profile_reads_its_checklist_when_used(home: Path) -> None:
    ProfileStore(home / "profiles").load_all()  # writes the index
    listed = ProfileStore(home / "profiles").load_all()
    (home / "profiles" / INDEX_NAME).unlink()
    loaded = ProfileStore(home / "profiles").load_all()
    assert listed.profiles == loaded.profiles  # checklists and submissions compared too
    bakkerij = next(p for p in listed.profiles if p.slug == "bakkerij-bv")
    assert bakkerij.items["account.right.bsn"].status == "fail"
    assert bakkerij.raw["checklist"]["account.active"]["params"] == {"n": 1}


def edit(profiles: Path) -> str:
    path = profiles / "getal.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("Getal B.V.", "Getal Nieuw B.V."))
    return "Getal Nieuw B.V."


def add(profiles: Path) -> str:
    ProfileStore(profiles).save(Profile("later", "Later B.V.", "1", "xs-later"), create=True)
    return "Later B.V."


def remove(profiles: Path) -> str:
    (profiles / "getal.toml").unlink()
    return "-Getal B.V."


def damage(profiles: Path) -> str:
    (profiles / "getal.toml").write_text("schema = 1\n[employer\n", encoding="utf-8")
    return "broken:getal"


def rename_odd(profiles: Path) -> str:
    os.rename(profiles / "getal.toml", os.fsencode(profiles) + b"/getal\xff.toml")
    return "broken:getal\\xff"  # as its description shows it; JSON cannot hold the raw byte


@pytest.mark.parametrize("change", [edit, add, remove, damage, rename_odd])
def test_a_change_since_the_index_is_listed_as_it_is_now(
    home: Path, monkeypatch: pytest.MonkeyPatch, change: object
) -> None:
    profiles = home / "profiles"
    ProfileStore(profiles).load_all()
    expect = change(profiles)  # type: ignore[operator]
    code, out, _ = cli(home, "list", "--json")
    doc = json.loads(out)
    names = [p["employer"] for p in doc["profiles"]]
    if expect.startswith("broken:"):
        assert [b["profile"] for b in doc["broken"]] == [expect.removeprefix("broken:")]
        assert "Getal B.V." not in names and code == 0
    elif expect.startswith("-"):
        assert expect[1:] not in names and len(names) == 5
    else:
        assert expect in names
    with monkeypatch.context() as patch:
        if not doc["broken"]:  # the load wrote the index: the next list is served by it
            no_full_load(patch)
        assert cli(home, "list", "--json")[1] == out


def test_an_empty_or_missing_folder_lists_nothing(tmp_path: Path) -> None:
    for folder in ("none", "empty"):
        if folder == "empty":
            (tmp_path / "empty").mkdir()
        home = ["--profiles", str(tmp_path / folder), "--config", str(tmp_path / "c.toml")]
        result = runner.invoke(app, [*home, "list", "--json"])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == {"profiles": [], "broken": []}
