"""Item 7 of issue 18: one bad file or row is reported, the rest work.

A profile nested 1,000 levels deep (arrays, inline tables, table headers) broke ``list``,
``check --all`` and the TUI's start with ``RecursionError``; a file name that is not UTF-8 broke
``check --all``; a CSV field over 131,072 characters aborted the import with a traceback.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.checklist.conftest import demo_scenario, profiles_dir  # noqa: F401
from tests.checklist.test_cli_check import env  # noqa: F401
from tests.hardening.cli_inproc import run_main
from tests.tui.conftest import AppFactory, make_app  # noqa: F401

HEAD = 'schema = 1\n[employer]\nname = "Diep B.V."\nwerkgever_id = "1"\n[account]\nusername = "u"\n'
DEEP = {
    "diep-array.toml": HEAD + "x = " + "[" * 1000 + "]" * 1000 + "\n",
    "diep-inline.toml": HEAD + "y = " + "{a = " * 1000 + "1" + "}" * 1000 + "\n",
    "diep-tabel.toml": HEAD + "[notes_x" + ".n" * 1000 + "]\nv = 1\n",
}
NOT_UTF8 = b"naam-\xff.toml"


def add_bad_files(folder: Path) -> None:
    for name, text in DEEP.items():
        (folder / name).write_text(text, encoding="utf-8")
    with open(os.fsencode(folder) + b"/" + NOT_UTF8, "wb") as handle:
        handle.write(HEAD.encode())


def test_list_reports_each_bad_file_and_shows_the_rest(
    profiles_dir: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = len(list(profiles_dir.glob("*.toml")))
    add_bad_files(profiles_dir)
    ran = run_main(["--lang", "en", "--profiles", str(profiles_dir), "list"], monkeypatch, capsys)
    assert ran.code == 0, ran.err
    assert "Traceback" not in ran.err
    for name in DEEP:
        assert name in ran.err and "nested deeper" in ran.err
    assert "not UTF-8" in ran.err
    assert len([line for line in ran.out.splitlines() if line.strip()]) >= good


def test_check_all_checks_the_good_profiles(
    profiles_dir: Path,  # noqa: F811
    env: dict[str, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = len(list(profiles_dir.glob("*.toml")))
    add_bad_files(profiles_dir)
    ran = run_main(
        ["--lang", "en", "--profiles", str(profiles_dir), "check", "--all", "--json"],
        monkeypatch,
        capsys,
        env,
    )
    assert ran.code in (0, 1), ran.err
    assert "Traceback" not in ran.err
    assert len(json.loads(ran.out)["profiles"]) == good


async def test_the_tui_starts_with_the_bad_files_beside_good_ones(
    make_app: AppFactory,  # noqa: F811
) -> None:
    app = make_app()
    add_bad_files(app.runtime.paths.profiles_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        assert app.return_code is None
        assert app.screen.query("DataTable, EmployerTable")


def test_a_huge_csv_field_skips_that_row_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(
        'name,werkgever_id,username\n"' + "x" * 200_000 + '",1,u1\nGoed B.V.,2,u2\n',
        encoding="utf-8",
    )
    profiles = tmp_path / "profiles"
    ran = run_main(
        ["--lang", "en", "--profiles", str(profiles), "import", str(csv_file)], monkeypatch, capsys
    )
    assert ran.code == 1, ran.err
    assert "Traceback" not in ran.err
    assert "row 2" in ran.err
    assert "1 created" in ran.out
    assert [p.name for p in profiles.glob("*.toml")] == ["goed-bv.toml"]
