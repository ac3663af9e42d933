"""``koppelaar setup``'s employer step says which CSV rows it refused, in the user's language,
by the rules of the form (it said only how many profiles it made)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.install.test_setup import base  # noqa: F401
from tui.cli.main import app


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("nl", "rij 3, kolom werkgever_id: Bevat letters: lijkt op een administratienummer."),
        ("en", "row 3, column werkgever_id: Contains letters: looks like an administration"),
    ],
)
def test_setup_names_the_refused_rows(
    base: list[str],  # noqa: F811
    tmp_path: Path,
    lang: str,
    said: str,
) -> None:
    csv = tmp_path / "werkgevers.csv"
    csv.write_text(
        "name,werkgever_id,username\nVoorbeeld B.V.,20720,xs-voorbeeld\nTweede B.V.,DEB1047,xs-2\n"
    )
    answers = "\n".join(["client-123", "Jan <jan@kantoor.nl>", "", str(csv)]) + "\n"
    result = CliRunner().invoke(app, ["--lang", lang, *base, "setup"], input=answers)
    assert said in result.output, result.output
    assert (tmp_path / "profiles" / "voorbeeld-bv.toml").exists()
    assert not (tmp_path / "profiles" / "tweede-bv.toml").exists()
