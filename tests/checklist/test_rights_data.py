"""rights.toml as msgspec Structs: the shipped file loads, and a broken one is refused with an
error naming the file and the key."""

from __future__ import annotations

import pytest

from tui.checks.rights import RIGHTS_FILE, all_rights, right
from tui.checks.rights_data import RightsDataError, load_rights

BSN = """
[rights.bsn]
name = "Beheren en raadplegen BSN"
activities = ["GetcitizenServiceNumbersByEmployerId"]
deep = "GetcitizenServiceNumbersByEmployerId"
needs = "employer"
why = "XpertSuite matches employees by BSN."
"""


def test_the_shipped_file_holds_the_six_rights_in_file_order() -> None:
    rights = all_rights()
    assert [r.key for r in rights] == [
        "bsn", "beloningen", "dienstverbanden", "hrm", "loonoutput", "variabele_gegevens",
    ]  # fmt: skip
    assert right("hrm").name == "Raadplegen HRM"
    assert right("bsn").item_id == "account.right.bsn"
    assert all(r.deep in r.activities for r in rights)
    assert load_rights(RIGHTS_FILE.read_text("utf-8"), "x") == rights


def test_a_good_table_loads_with_its_key() -> None:
    (bsn,) = load_rights(BSN, "rights.toml")
    assert (bsn.key, bsn.needs, bsn.activities) == (
        "bsn", "employer", ("GetcitizenServiceNumbersByEmployerId",),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('needs = "employer"', 'needs = "werkgever"'),
         "rights.bsn.needs: must be one of employer, employment, payroll_administration, "
         "got 'werkgever'"),
        (('why =', 'reason = "x"\nwhy ='),
         "rights.bsn.reason: unknown key; allowed: activities, deep, name, needs, why"),
        (('why =', 'key = "hrm"\nwhy ='), "rights.bsn.key: unknown key"),
        (('why = "XpertSuite matches employees by BSN."\n', ""), "rights.bsn.why: required (text)"),
        (('activities = ["GetcitizenServiceNumbersByEmployerId"]', "activities = []"),
         "rights.bsn.activities: must be a list of text values (at least one), got []"),
        (('activities = ["GetcitizenServiceNumbersByEmployerId"]', 'activities = "Get"'),
         "rights.bsn.activities: must be a list of text values (at least one), got 'Get'"),
        (('deep = "GetcitizenServiceNumbersByEmployerId"', 'deep = "GetEmployees"'),
         "rights.bsn.deep: must be one of its activities, got 'GetEmployees'"),
        (("[rights.bsn]", "[rights.bsn]\n[rights.bsn.extra]"), "rights.bsn.extra: unknown key"),
        (("[rights.bsn]", "[right.bsn]"), "right: unknown key; allowed: rights"),
        (("[rights.bsn]", "[rights.bsn"), "not valid TOML"),
    ],
)  # fmt: skip
def test_a_broken_file_is_refused_naming_file_and_key(
    change: tuple[str, str], message: str
) -> None:
    text = BSN.replace(*change)
    assert text != BSN
    with pytest.raises(RightsDataError) as caught:
        load_rights(text, "rights.toml")
    assert str(caught.value).startswith("rights.toml: ")
    assert message in str(caught.value)


def test_one_right_named_twice_is_refused() -> None:
    with pytest.raises(RightsDataError, match=r"rights\.again\.name: .* is named twice"):
        load_rights(BSN + BSN.replace("[rights.bsn]", "[rights.again]"), "rights.toml")
