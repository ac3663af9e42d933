"""Issue 15, findings 3 and 4: rights judged through Loket's authorization model, with its OR
semantics ("only one authorization is necessary"), modules and spellings, against a simulator
whose model is its own data (tui/loket/simulator/authorization_model.toml), not ours."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from msgspec.structs import replace

from tests.checklist.conftest import NN_RIGHTS, CheckerFactory, detail, statuses, world
from tests.checklist.test_items_http import check_one
from tui.checks import rights as rights_module
from tui.checks.rights import ModelActivity, all_rights, build_model, judge_rights
from tui.loket.simulator import model as simulator_model
from tui.loket.simulator.model import BUILTIN_ACTIVITIES

HRM_SHARED_ONLY = [
    {"name": "GetEmployeesByEmployerId", "rights": ["Raadplegen HRM", "Beheren HRM"],
     "modules": ["Personeelsregistratie"]},
    {"name": "GetEmployeeByEmployeeId", "rights": ["Raadplegen HRM", "Beheren HRM"],
     "modules": ["Personeelsregistratie"]},
]  # fmt: skip


async def test_a_right_granted_also_by_another_is_derived_not_proven(
    make_checker: CheckerFactory,
) -> None:
    """The user lacks "Raadplegen HRM" but holds "Beheren HRM", which grants the same
    activities: the old check said pass; now it is unknown and points at an admin sign-in."""
    rights = [n for n in NN_RIGHTS if n != "Raadplegen HRM"] + ["Beheren HRM"]
    activities = [a for a in BUILTIN_ACTIVITIES.values() if "Raadplegen HRM" not in a.rights]
    data = world(
        access=[{"user": "u1", "employer": 20720, "rights": rights}],
        builtin_activities=False,
        activities=[
            {"name": a.name, "rights": list(a.rights), "modules": list(a.modules),
             "scope": a.scope, "listed_as": a.listed_as}
            for a in activities
        ] + HRM_SHARED_ONLY,
    )  # fmt: skip
    result = await check_one(make_checker, data)
    hrm = next(i for i in result.items("nl") if i.id == "account.right.hrm")
    assert hrm.status == "unknown" and hrm.reason == "ambiguous"
    assert hrm.finding.startswith("Afgeleid, niet bewezen")
    assert '"Beheren HRM"' in hrm.finding
    assert "applicatiebeheerder" in hrm.hint
    assert hrm.basis is None
    assert result.status == "unverified"


async def test_holding_only_the_beheren_right_is_not_the_right(
    make_checker: CheckerFactory,
) -> None:
    """With the simulator's own model a read only "Raadplegen HRM" grants is refused while the
    employer has the module: the right is missing (the old check passed it on a shared read)."""
    rights = [n for n in NN_RIGHTS if n != "Raadplegen HRM"] + ["Beheren HRM"]
    result = await check_one(
        make_checker, world(access=[{"user": "u1", "employer": 20720, "rights": rights}])
    )
    assert statuses(result)["account.right.hrm"] == "fail"
    assert '"Raadplegen HRM"' in detail(result, "account.right.hrm")


async def test_a_module_the_employer_lacks_is_named_not_the_right(
    make_checker: CheckerFactory,
) -> None:
    """The employer has no "Salarisverwerking": the payroll reads are refused though the user
    holds every right. The item says the module is missing, and does not ask for a right."""
    data = world()
    employer = dict(data["employers"][0])  # type: ignore[index]
    employer["modules"] = ["Personeelsregistratie"]
    data["employers"] = [employer]
    result = await check_one(make_checker, data)
    by_id = {i.id: i for i in result.items("nl")}
    for key in ("beloningen", "loonoutput", "variabele_gegevens"):
        item = by_id[f"account.right.{key}"]
        assert item.status == "fail" and item.reason == "module_missing", key
        assert '"Salarisverwerking"' in item.finding
        assert "module" in item.hint and "Geef gebruiker" not in item.hint
    for key in ("bsn", "dienstverbanden", "hrm"):
        assert by_id[f"account.right.{key}"].status == "pass", key


async def test_activity_names_compare_case_insensitively(make_checker: CheckerFactory) -> None:
    """The model spells the BSN activity "GetCitizenServiceNumbersByEmployerId"; the employer's
    activities list says "GetcitizenServiceNumbersByEmployerId" (Loket's operationId)."""
    spellings = BUILTIN_ACTIVITIES["getcitizenservicenumbersbyemployerid"]
    assert spellings.name != spellings.listed_as
    result = await check_one(
        make_checker,
        world(access=[{"user": "u1", "employer": 20720, "rights": ["Beheren en raadplegen BSN"]}]),
    )
    assert statuses(result)["account.right.bsn"] == "pass"


def test_judgement_reads_the_model_not_our_activity_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 4: our own list of activities per right is not what decides (a wrong guess in
    rights.toml changes nothing); the live model does."""
    model = build_model(
        [
            ModelActivity(
                "getemployeebyemployeeid", ("raadplegen hrm",), ("Personeelsregistratie",)
            ),
            ModelActivity("GetEmployeesByEmployerId", ("Raadplegen HRM", "Beheren HRM")),
        ]
    )
    allowed = ["GetEmployeeByEmployeeId", "GetEmployeesByEmployerId"]
    before = judge_rights(allowed, model)["hrm"]
    wrong = tuple(replace(r, activities=("NoSuchActivity",)) for r in all_rights())
    monkeypatch.setattr(rights_module, "all_rights", lambda: wrong)
    after = judge_rights(allowed, model)["hrm"]
    assert before.status == after.status == "present"
    assert after.activities == ("getemployeebyemployeeid",)


def test_without_the_model_nothing_is_concluded() -> None:
    findings = judge_rights(["GetEmployeesByEmployerId"], None)
    assert {f.status for f in findings.values()} == {"no_model"}


def test_simulator_model_is_its_own_data() -> None:
    """The simulator's model is written from Loket's document, with overlaps, modules and
    spellings, and does not read the checker's rights data."""
    source = Path(simulator_model.__file__).read_text(encoding="utf-8")
    imported = {
        node.module
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not any(name.startswith("tui.checks") for name in imported)
    assert "tui.checks" not in source and "rights.toml" not in source
    activities = BUILTIN_ACTIVITIES.values()
    assert any(len(a.rights) >= 2 for a in activities)  # an activity granted by two rights
    assert any(
        len({r for a in activities if name in a.rights for r in a.rights}) > 1 for name in NN_RIGHTS
    )
    assert any(a.modules == ("Verlof",) for a in activities)  # a module employers may lack
    assert any(a.listed_as and a.listed_as != a.name for a in activities)  # spellings
    assert any(a.name == a.name.lower() for a in activities)  # lower-case in the model


def test_rights_read_by_name_through_an_admin_sign_in_decide() -> None:
    """The hook for the admin mode (DESIGN section 9): rights read by name win over the
    inference and carry basis "admin"."""
    from tests.checklist.conftest import profile
    from tui.checks.engine import evaluate
    from tui.checks.facts import ProfileFacts

    by_name = {name.casefold(): True for name in NN_RIGHTS} | {"raadplegen hrm": False}
    outcomes = {
        o.id: o
        for o in evaluate(profile(), ProfileFacts(login="ok", rights_by_name=by_name)).outcomes
    }
    assert (outcomes["account.right.hrm"].status, outcomes["account.right.hrm"].basis) == (
        "fail",
        "admin",
    )
    assert outcomes["account.right.bsn"].status == "pass"
    assert outcomes["account.right.bsn"].basis == "admin"
