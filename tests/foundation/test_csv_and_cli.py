from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tui.cli.main import app
from tui.profiles.store import ProfileStore

runner = CliRunner()


def cli(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        ["--profiles", str(tmp_path / "profiles"), "--config", str(tmp_path / "c.toml"), *args],
    )
    return result.exit_code, result.stdout, result.stderr


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


HEADER = ["name", "werkgever_id", "username"]


def test_import_1000_rows_then_list(tmp_path: Path) -> None:
    rows = [HEADER] + [[f"Werkgever {n:04d} B.V.", str(10000 + n), f"xs-{n}"] for n in range(1000)]
    code, out, err = cli(tmp_path, "import", str(write_csv(tmp_path / "a.csv", rows)))
    assert code == 0, err
    assert "1000 nieuw" in out
    code, out, _ = cli(tmp_path, "list", "--json")
    doc = json.loads(out)
    assert len(doc["profiles"]) == 1000
    assert doc["broken"] == []
    assert set(doc["profiles"][0]) == {
        "profile",
        "employer",
        "werkgever_id",
        "username",
        "status",
        "submission",
        "submission_method",
        "exported_at",
        "sent_at",
    }


def test_three_bad_rows_among_fifty(tmp_path: Path) -> None:
    rows: list[list[str]] = [[*HEADER, "contact_email"]]
    for n in range(50):
        rows.append([f"Bedrijf {n}", str(500 + n), f"xs-{n}", ""])
    rows[10][1] = ""  # file row 11
    rows[20][2] = "two words"  # file row 21
    rows[30][3] = "not-an-email"  # file row 31
    code, out, err = cli(
        tmp_path, "--lang", "en", "import", str(write_csv(tmp_path / "b.csv", rows))
    )
    assert code == 1
    assert "47 created, 0 updated, 3 rows skipped." in out
    assert "row 11, column werkgever_id: Required." in err
    assert "row 21, column username: A username has no spaces." in err
    assert "row 31, column contact_email: Not a valid email address." in err
    assert len(ProfileStore(tmp_path / "profiles").load_all().profiles) == 47


def test_semicolon_bom_and_update_instead_of_duplicate(tmp_path: Path) -> None:
    first = write_csv(
        tmp_path / "1.csv",
        [[*HEADER, "notes"], ["Café De Zwaan V.O.F.", "18266", "xs-dezwaan", "eerste"]],
        delimiter=";",
        bom=True,
    )
    assert cli(tmp_path, "import", str(first))[0] == 0
    second = write_csv(
        tmp_path / "2.csv",
        [["Name", "Werkgever_ID", "Username"], ["Café De Zwaan V.O.F.", "18267", "xs-dezwaan"]],
    )
    code, out, _ = cli(tmp_path, "--lang", "en", "import", str(second))
    assert code == 0 and "0 created, 1 updated" in out
    profiles = ProfileStore(tmp_path / "profiles").load_all().profiles
    assert [(p.slug, p.werkgever_id, p.notes) for p in profiles] == [
        ("cafe-de-zwaan-vof", "18267", "eerste")
    ]


def test_missing_column_is_a_usage_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["name", "username"], ["A", "u"]])
    code, _, err = cli(tmp_path, "import", str(path))
    assert code == 2
    assert "de kopregel mist werkgever_id; verplichte kolommen zijn" in err
    code, _, err = cli(tmp_path, "--lang", "en", "import", str(path))
    assert code == 2 and "the header row lacks werkgever_id; required columns are" in err


def test_row_errors_are_said_in_the_users_language(tmp_path: Path) -> None:
    """Row errors were English text made by the import; now codes the CLI renders."""
    rows = [[*HEADER], ["A B.V.", "", "u1"], ["B B.V.", "1", "u2"], ["B B.V.", "2", "u3"]]
    path = write_csv(tmp_path / "d.csv", rows)
    code, _, err = cli(tmp_path, "import", str(path))
    assert code == 1
    assert "rij 2, kolom werkgever_id: Verplicht." in err
    assert "rij 4: dezelfde werkgeversnaam als rij 3 (profiel b-bv)" in err


def test_export_has_columns_and_status(tmp_path: Path) -> None:
    rows = [HEADER, ["=cmd|' /C calc'!A0", "1", "u1"], ["Gewoon B.V.", "2", "u2"]]
    cli(tmp_path, "import", str(write_csv(tmp_path / "in.csv", rows)))
    out = tmp_path / "out.csv"
    code, _, _ = cli(tmp_path, "export", str(out))
    assert code == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert {r["name"] for r in table} == {"'=cmd|' /C calc'!A0", "Gewoon B.V."}
    assert {"status", "submission", "loket_id", "checked_at"} <= set(table[0])
    assert table[0]["status"] == "unchecked"


def test_list_reports_truncated_file_and_leaves_it(tmp_path: Path) -> None:
    rows = [HEADER, ["A B.V.", "1", "u1"], ["B B.V.", "2", "u2"]]
    cli(tmp_path, "import", str(write_csv(tmp_path / "in.csv", rows)))
    victim = tmp_path / "profiles" / "b-bv.toml"
    truncated = victim.read_bytes()[:40]
    victim.write_bytes(truncated)
    _code, out, _ = cli(tmp_path, "list", "--json")
    doc = json.loads(out)
    assert [p["profile"] for p in doc["profiles"]] == ["a-bv"]
    assert doc["broken"][0]["file"] == str(victim)
    assert isinstance(doc["broken"][0]["line"], int)
    assert doc["broken"][0]["reason"]
    assert victim.read_bytes() == truncated


def test_bad_config_exits_2(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text('language = "fr"\n')
    code, _, err = cli(tmp_path, "list")
    assert code == 2
    assert "language = 'fr' is not allowed" in err


def test_python_dash_m_is_the_same_command(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "--profiles", str(tmp_path), "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"profiles": [], "broken": []}


@pytest.mark.parametrize("name", ["list", "import", "export"])
def test_help_works(name: str) -> None:
    assert runner.invoke(app, [name, "--help"]).exit_code == 0
