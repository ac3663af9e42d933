"""Hostile names (markup, ANSI and C1 escapes, zero-width and bidi characters, newlines, 10,000
characters, invalid UTF-8) from profile files, CSV files and the Loket.nl API, through the CLI:
shown literally, no terminal control character passed through, tables still aligned, JSON
still the same data."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.hardening.hostile import (
    ANSI,
    BIDI,
    C1_CONTROLS,
    CLIENT_ID,
    CLIENT_SECRET,
    HOSTILE_NAMES,
    HOSTILE_PASSWORD,
    HOSTILE_USER,
    INVALID_UTF8,
    LONG,
    MARKUP,
    forbidden_in,
    hostile_employer_numbers,
    hostile_scenario,
)
from tui.cli.main import app
from tui.loket.simulator.app import create_app
from tui.loket.simulator.server import serve_in_thread
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretKind, SecretStore
from tui.text.safe import plain

# The widest a table cell may be (format_table's cap) and a detail line's sane maximum.
CELL = 40
MAX_DETAIL_LINE = 600


@dataclass
class World:
    root: Path
    profiles: Path
    env: dict[str, str]

    def run(self, *args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(
            app, ["--lang", "en", "--profiles", str(self.profiles), *args], env=self.env
        )
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        return result.exit_code, result.stdout, result.stderr


def slug_for(kind: str) -> str:
    return f"hostile-{kind.replace('_', '-')}"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    store = ProfileStore(tmp_path / "profiles")
    for kind, number in hostile_employer_numbers().items():
        store.save(
            Profile(
                slug=slug_for(kind),
                name=HOSTILE_NAMES[kind],
                werkgever_id=str(number),
                username=HOSTILE_USER,
                notes=HOSTILE_NAMES[kind],
                contact_email="salaris@example.invalid",
            ),
            create=True,
        )
    SecretStore("keyring").set(SecretKind.LOKET_PASSWORD, HOSTILE_USER, HOSTILE_PASSWORD)
    with serve_in_thread(create_app(hostile_scenario())) as base:
        yield World(
            tmp_path,
            tmp_path / "profiles",
            {
                "KOPPELAAR_LOKET_API_URL": f"{base}/v2",
                "KOPPELAAR_LOKET_OAUTH_URL": f"{base}/oauth",
                "KOPPELAAR_LOKET_CLIENT_ID": CLIENT_ID,
                "KOPPELAAR_LOKET_CLIENT_SECRET": CLIENT_SECRET,
                "KOPPELAAR_LOKET_GRANT": "password",
                "KOPPELAAR_SECRETS": "keyring",
                "KOPPELAAR_CONFIG": str(tmp_path / "config.toml"),
            },
        )


def assert_clean(*texts: str) -> None:
    for text in texts:
        assert forbidden_in(text) == [], text[:500]


def assert_aligned_table(out: str, werkgever_ids: list[str]) -> None:
    """Every row's werkgever ID starts in the column of the header, and no cell is wider than
    the cap: the layout survived."""
    lines = out.splitlines()
    header, rule = lines[0], lines[1]
    widths = [len(dashes) for dashes in rule.split("  ")]
    assert max(widths) <= CELL
    column = header.index("werkgever ID")
    rows = {line[column:].split()[0]: line for line in lines[2 : 2 + len(werkgever_ids)]}
    assert sorted(rows) == sorted(werkgever_ids)
    for row in rows.values():
        assert len(row) <= len(rule)


def test_list_table_shows_every_name_literally_and_aligned(world: World) -> None:
    code, out, err = world.run("list")
    assert code == 0, err
    assert_clean(out, err)
    for name in HOSTILE_NAMES.values():
        assert plain(name, CELL) in out
    assert "[bold red]Vet[/]" in out  # markup stays text
    assert_aligned_table(out, [str(n) for n in hostile_employer_numbers().values()])


def test_list_json_round_trips_the_names_without_raw_controls(world: World) -> None:
    code, out, err = world.run("list", "--json")
    assert code == 0, err
    assert_clean(out, err)
    names = {p["profile"]: p["employer"] for p in json.loads(out)["profiles"]}
    assert names == {slug_for(kind): name for kind, name in HOSTILE_NAMES.items()}


def test_check_table_is_clean_and_aligned(world: World) -> None:
    code, out, err = world.run("check", "--all")
    assert code == 1, err
    assert "Traceback" not in err
    assert_clean(out, err)
    assert_aligned_table(out, [str(n) for n in hostile_employer_numbers().values()])
    # The names Loket.nl sent back (company names) appear escaped, never interpreted.
    assert "\\x1b[31mRood" in out
    assert "[link=https://evil.invalid/]" in out
    assert "\\u202e" in out


def test_check_table_detail_lines_are_bounded(world: World) -> None:
    _, out, _ = world.run("check", "--all")
    assert max(len(line) for line in out.splitlines()) <= MAX_DETAIL_LINE


def test_check_json_keeps_the_data(world: World) -> None:
    code, out, err = world.run("check", "--all", "--json")
    assert code == 1, err
    document = json.loads(out)
    by_slug = {p["profile"]: p for p in document["profiles"]}
    for kind, name in HOSTILE_NAMES.items():
        profile = by_slug[slug_for(kind)]
        assert profile["employer"] == name
        assert profile["status"] == "problems"
        assert profile["loket_employer_id"]
        assert not forbidden_in(err)


def test_check_json_has_no_raw_controls(world: World) -> None:
    _, out, _ = world.run("check", "--all", "--json")
    assert_clean(out)


def test_export_writes_the_names_as_data_with_formulas_neutralised(world: World) -> None:
    target = world.root / "export.csv"
    store = ProfileStore(world.profiles)
    store.save(
        Profile(
            slug="formula",
            name='=HYPERLINK("https://evil.invalid")',
            werkgever_id="1",
            username="u",
        ),
        create=True,
    )
    code, out, err = world.run("export", str(target))
    assert code == 0, err
    assert_clean(out, err)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    names = {row["name"] for row in rows}
    for name in HOSTILE_NAMES.values():
        assert name in names
    assert '\'=HYPERLINK("https://evil.invalid")' in names


def test_import_messages_are_clean(world: World) -> None:
    source = world.root / "hostile.csv"
    rows = [
        ["name", "werkgever_id", "username", ANSI, BIDI],
        [MARKUP, "not-a-number", HOSTILE_USER, "", ""],
        [ANSI, "90002", C1_CONTROLS, "", ""],
        [LONG, "90003", "u", "", ""],
        [BIDI, "90004", "user-ok", "", ""],
    ]
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    source.write_text(buffer.getvalue(), encoding="utf-8")
    code, out, err = world.run("import", str(source))
    assert code == 1
    assert "Traceback" not in err
    assert_clean(out, err)
    assert "\\x1b" in err  # the ignored ANSI column, named visibly
    assert max(len(line) for line in err.splitlines()) <= MAX_DETAIL_LINE


def test_import_of_invalid_utf8_says_where(world: World) -> None:
    source = world.root / "latin1.csv"
    source.write_bytes(b"name,werkgever_id,username\n" + INVALID_UTF8 + b",1,u\n")
    code, out, err = world.run("import", str(source))
    assert code == 2
    assert_clean(out, err)
    assert "line 2" in err and "UTF-8" in err


def test_broken_hostile_profile_files_are_reported_cleanly(world: World) -> None:
    (world.profiles / "latin1.toml").write_bytes(
        b'schema = 1\n[employer]\nname = "' + INVALID_UTF8 + b'"\n'
    )
    (world.profiles / "escape.toml").write_text(
        f'schema = 1\n[employer]\nname = 5\n"{ANSI}{BIDI}" = 3\n', encoding="utf-8"
    )
    code, out, err = world.run("list")
    assert code == 0
    assert_clean(out, err)
    assert "latin1.toml:4" in err or "latin1.toml:3" in err
    assert "escape.toml" in err


@pytest.mark.parametrize("kind", sorted(HOSTILE_NAMES))
def test_submit_preview_is_clean(world: World, kind: str) -> None:
    target = world.root / f"{kind}.eml"
    code, out, err = world.run("submit", slug_for(kind), "--eml", str(target), "--override")
    assert code == 0, err
    assert_clean(out, err)
    assert HOSTILE_PASSWORD not in out + err
    assert "********" in out
    assert max(len(line) for line in out.splitlines()) <= MAX_DETAIL_LINE or kind == "long"
