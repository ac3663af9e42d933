"""One rule per fact: the edit form, CSV import, the checker and the CLI accept and refuse
exactly the same werkgever IDs, usernames, e-mail addresses and employer names.

Each surface is asked its own way: the form through the function its screen calls
(``field_problems``), CSV import through ``koppelaar import`` of a one-row file (the profile is
made or the row is refused with the form's message), the checker through a real check over the
simulator (``employer.id_format``), the CLI's own arguments through ``login --user``,
``discover``, ``check --admin`` and ``fix --admin``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.checklist.conftest import CheckerFactory, profile, world
from tui.cli.main import app
from tui.loket.simulator.scenario import Scenario
from tui.profiles.store import ProfileStore
from tui.screens.dashboard_view import field_problems
from tui.text.catalogue import text

GUID = "b14acd0d-75d7-4fc8-8b22-4a3924585cab"

WERKGEVER_IDS = [
    ("20720", True),
    ("0020720", True),  # leading zeros: the same number
    (" 20720 ", True),
    (GUID, True),
    ("{" + GUID.upper() + "}", True),  # Loket's pattern: braces optional
    (GUID.replace("-", ""), True),  # and dashes optional
    ("", False),
    ("   ", False),
    ("DEB1047", False),  # letters: an administration number
    ("20720a", False),
    ("ABC-20720", False),
    ("207-20", False),
    ("207 20", False),
    ("20720/1", False),
    ("\uff12\uff10\uff17\uff12\uff10", False),  # full-width digits are no werkgever ID
    ("20720\x07", False),  # control character
    ("1" * 2001, False),  # longer than any field may be
    (GUID + "0", False),
]

USERNAMES = [
    ("xs-goudenkorst", True),
    ("jan.jansen@kantoor.nl", True),
    (" xs-a ", True),
    ("", False),
    ("two words", False),
    ("tab\there", False),
    ("xs\x07bel", False),
    ("u" * 2001, False),
]

EMAILS = [
    ("", True),  # optional
    ("salaris@kantoor.nl", True),
    ("not-an-email", False),
    ("a@b", False),
    ("a b@kantoor.nl", False),
    ("a@@kantoor.nl", False),
    ("a@kantoor.nl\x07", False),
]

NAMES = [
    ("Bakkerij De Gouden Korst B.V.", True),
    ("Café De Zwaan V.O.F.", True),
    ("", False),
    ("!!!", False),  # nothing to name a profile file after
    ("Naam\x07B.V.", False),
]

GOOD = {"name": "Voorbeeld B.V.", "werkgever_id": "20720", "username": "u1", "email": ""}

runner = CliRunner()


def cli(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        ["--lang", "en", "--profiles", str(tmp_path / "profiles"),
         "--config", str(tmp_path / "c.toml"), *args],
    )  # fmt: skip
    return result.exit_code, result.stderr


def form_accepts(field: str, value: str) -> bool:
    return field not in field_problems(GOOD | {field: value})


def csv_import_accepts(tmp_path: Path, field: str, value: str) -> tuple[bool, str]:
    """Through ``koppelaar import``: (profile made, what the CLI said)."""
    column = "contact_email" if field == "email" else field
    values = {"name": GOOD["name"], "werkgever_id": GOOD["werkgever_id"], "username": "u1"}
    values[column] = value
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(values))
        writer.writerow(list(values.values()))
    code, err = cli(tmp_path, "import", str(path))
    made = ProfileStore(tmp_path / "profiles").load_all().profiles
    assert code == (0 if made else 1), err
    return bool(made), err


def form_message(field: str, value: str) -> str:
    problem = field_problems(GOOD | {field: value})[field]
    return text(problem.code, "en").format(**problem.params)


@pytest.mark.parametrize(("typed", "good"), WERKGEVER_IDS, ids=lambda v: repr(v)[:24])
async def test_werkgever_id_form_csv_checker_and_cli_agree(
    tmp_path: Path, make_checker: CheckerFactory, typed: str, good: bool
) -> None:
    assert form_accepts("werkgever_id", typed) is good
    imported, said = csv_import_accepts(tmp_path, "werkgever_id", typed)
    assert imported is good
    if not good:  # refused with the form's words for it, in the user's language
        assert f"row 2, column werkgever_id: {form_message('werkgever_id', typed)}" in said
    checker = make_checker(Scenario.from_dict(world()))
    run = await checker.check_profiles([profile(werkgever_id=typed)])
    item = next(i for i in run.results[0].items("en") if i.id == "employer.id_format")
    assert item.status == ("pass" if good else "fail")


def test_letters_in_a_werkgever_id_are_refused_at_import_in_dutch(tmp_path: Path) -> None:
    """The old import took 'DEB1047' although the form refused it."""
    path = tmp_path / "in.csv"
    path.write_text("name,werkgever_id,username\nVoorbeeld B.V.,DEB1047,u1\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["--profiles", str(tmp_path / "p"), "--config", str(tmp_path / "c"), "import", str(path)],
    )
    assert result.exit_code == 1
    assert (
        "rij 2, kolom werkgever_id: Bevat letters: lijkt op een administratienummer."
        in result.stderr
    )
    assert ProfileStore(tmp_path / "p").load_all().profiles == []


@pytest.mark.parametrize(("typed", "good"), USERNAMES, ids=lambda v: repr(v)[:24])
def test_username_form_csv_and_cli_agree(tmp_path: Path, typed: str, good: bool) -> None:
    assert form_accepts("username", typed) is good
    assert csv_import_accepts(tmp_path, "username", typed)[0] is good
    refusal = "not a valid Loket.nl username"
    for args in (
        ["login", "--user", typed],
        ["discover", typed],
        ["check", "--all", "--admin", typed],
        ["fix", "--all", "--admin", typed],
    ):
        code, err = cli(tmp_path, *args)
        if good:
            assert refusal not in err, args
        elif typed.strip():  # an empty one is refused as missing, as before
            assert code == 2 and refusal in err and form_message("username", typed) in err, args
        else:
            assert code == 2, args


@pytest.mark.parametrize(("typed", "good"), EMAILS)
def test_email_form_and_csv_agree(tmp_path: Path, typed: str, good: bool) -> None:
    assert form_accepts("email", typed) is good
    imported, said = csv_import_accepts(tmp_path, "email", typed)
    assert imported is good
    if not good:
        assert f"column contact_email: {form_message('email', typed)}" in said


@pytest.mark.parametrize(("typed", "good"), NAMES)
def test_name_form_and_csv_agree(tmp_path: Path, typed: str, good: bool) -> None:
    assert form_accepts("name", typed) is good
    assert csv_import_accepts(tmp_path, "name", typed)[0] is good
