"""Issue 17: ``koppelaar setup`` walks a real first run step by step, each step checked."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tui.cli.main import app

runner = CliRunner()


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("KOPPELAAR_SECRETS", "session")
    for name in ("KOPPELAAR_LOKET_CLIENT_ID", "KOPPELAAR_LOKET_API_URL"):
        monkeypatch.delenv(name, raising=False)
    return ["--profiles", str(tmp_path / "profiles"), "--config", str(tmp_path / "config.toml")]


def test_check_reports_what_is_missing(base: list[str]) -> None:
    result = runner.invoke(app, [*base, "setup", "--check"])
    assert result.exit_code == 1, result.output
    assert "[ ] 1. Loket.nl client id: ontbreekt" in result.output
    assert "api@loket.nl" in result.output  # where the client id comes from
    assert "[x] 2. Opslag voor wachtwoorden" in result.output
    assert "[ ] 5. Eerste werkgever: 0 werkgevers" in result.output
    assert "Nog te doen:" in result.output


def test_walkthrough_fills_in_each_step(base: list[str], tmp_path: Path) -> None:
    csv = tmp_path / "werkgevers.csv"
    csv.write_text("name,werkgever_id,username\nVoorbeeld B.V.,20720,xs-voorbeeld\n")
    answers = "\n".join(["client-123", "Jan <jan@kantoor.nl>", "", str(csv)]) + "\n"
    result = runner.invoke(app, [*base, "setup"], input=answers)
    assert result.exit_code == 0, result.output
    config = tomllib.loads((tmp_path / "config.toml").read_text())
    assert config["loket"]["client_id"] == "client-123"
    assert config["submission"]["from"] == "Jan <jan@kantoor.nl>"
    assert (tmp_path / "profiles" / "voorbeeld-bv.toml").exists()
    assert "Alles staat klaar" in result.output


def test_a_bad_sender_stops_before_the_next_step(base: list[str], tmp_path: Path) -> None:
    result = runner.invoke(app, [*base, "setup"], input="client-123\ngeen adres\n")
    assert result.exit_code == 1
    assert "'geen adres' is geen e-mailadres." in result.output
    assert "CSV-bestand om te importeren" not in result.output  # the employer step: not reached
