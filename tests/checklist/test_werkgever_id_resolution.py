"""Issue 15, finding 5: the werkgever ID NN receives is Loket's employerNumber.

A GUID typed (Loket's API id, in any form Loket's id pattern accepts) resolves to the
employerNumber, which the user is told and which goes into the submission, with the GUID as
"Loket API-id". A number that is one employer's employerNumber and another's clientNumber is
ambiguous: both are named and neither is picked. Integers compare as integers.
"""

from __future__ import annotations

import pytest

from tests.checklist.conftest import NN_RIGHTS, CheckerFactory, detail, profile, statuses, world
from tests.checklist.test_items_http import check_one
from tui.checks.werkgever_id import canonical_guid, id_form, same_number
from tui.config import Settings
from tui.loket.simulator.scenario import Scenario
from tui.submission.compose import compose_submission


def guid_of_20720() -> str:
    return next(iter(Scenario.from_dict(world()).employers))


def forms(guid: str) -> list[str]:
    plain = guid.replace("-", "")
    return [guid.upper(), "{" + guid + "}", f"({plain})", plain, f"  {guid}  "]


def test_guid_forms_of_lokets_id_pattern() -> None:
    guid = guid_of_20720()
    for typed in forms(guid):
        assert id_form(typed) == "guid", typed
        assert canonical_guid(typed) == guid, typed
    assert id_form("{" + guid) == "guid"  # the pattern's braces are each optional
    assert id_form(guid + "0") != "guid"


def test_integers_compare_as_integers() -> None:
    assert same_number("01234", 1234)
    assert same_number(" 0100482", "100482")
    assert not same_number("１２３４", 1234)  # full-width digits are not Loket's numbers
    assert same_number("deb1047", "DEB1047")


@pytest.mark.parametrize("index", range(5))
async def test_a_guid_resolves_to_the_werkgever_id_that_goes_to_nn(
    make_checker: CheckerFactory, index: int
) -> None:
    guid = guid_of_20720()
    typed = forms(guid)[index]
    result = await check_one(make_checker, world(), profile(werkgever_id=typed))
    assert statuses(result)["employer.id_found"] == "pass"
    said = detail(result, "employer.id_found", "nl")
    assert "werkgever ID is 20720" in said and "stuurt NN werkgever ID 20720" in said
    assert result.evaluation.loket_id == guid
    draft = compose_submission(result.profile, "pw", Settings())
    body = draft.body(masked=True)
    assert "Werkgever ID:       20720" in body
    assert f"Loket API-id:       {guid}" in body
    assert "(werkgever ID 20720)" in draft.subject


async def test_leading_zero_number_is_the_same_werkgever_id(make_checker: CheckerFactory) -> None:
    result = await check_one(make_checker, world(), profile(werkgever_id="020720"))
    assert statuses(result)["employer.id_found"] == "pass"
    draft = compose_submission(result.profile, "pw", Settings())
    assert "Werkgever ID:       20720" in draft.body(masked=True)


async def test_number_that_is_also_another_employers_client_number_is_ambiguous(
    make_checker: CheckerFactory,
) -> None:
    data = world()
    employers = list(data["employers"])  # type: ignore[call-overload]
    employers.append(
        {
            "employer_number": 41877,
            "company_name": "Andere Werkgever B.V.",
            "payroll_administrations": [
                {"client_number": 20720, "administration_number": "X-1", "name": "Andere salaris"}
            ],
        }
    )
    access = list(data["access"])  # type: ignore[call-overload]
    access.append({"user": "u1", "employer": 41877, "rights": NN_RIGHTS})
    result = await check_one(make_checker, data | {"employers": employers, "access": access})
    items = {i.id: i for i in result.items("nl")}
    found = items["employer.id_found"]
    assert found.status == "fail" and found.reason == "ambiguous"
    assert "Voorbeeld B.V." in found.finding and "Andere Werkgever B.V." in found.finding
    assert "41877" in found.finding and "Andere salaris" in found.finding
    assert result.evaluation.loket_id is None  # never picked silently
    assert result.status == "problems"
