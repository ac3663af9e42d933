"""``check --admin``: the six rights read by name (basis ``admin``) and ``account.rights_exact``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.checklist.conftest import simulator_settings
from tests.repair.conftest import ADMIN, RecordingTransport, admin_profiles
from tests.repair.test_cli_fix import env, invoke, profiles_dir  # noqa: F401 (fixtures)
from tui.checks.checker import CheckRun
from tui.profiles.store import ProfileStore
from tui.repair.judge import admin_check
from tui.repair.names import normalise, split_person_name
from tui.secrets.store import SecretStore


def items(run: CheckRun, slug: str) -> dict[str, tuple[str, str | None]]:
    result = next(r for r in run.results if r.slug == slug)
    return {o.id: (o.status, o.params.get("basis")) for o in result.evaluation.outcomes}


async def run_admin_check(
    transport: RecordingTransport, secrets: SecretStore, store: ProfileStore
) -> CheckRun:
    return await admin_check(simulator_settings(), secrets, ADMIN, admin_profiles(), store=store,
                             lang="en", transport=transport)  # fmt: skip


async def test_rights_by_name_and_extra_rights(
    transport: RecordingTransport, secrets: SecretStore, store: ProfileStore
) -> None:
    run = await run_admin_check(transport, secrets, store)
    missing = items(run, "missing-right")
    assert missing["account.right.beloningen"] == ("fail", "admin")
    assert missing["account.right.hrm"] == ("pass", "admin")
    assert missing["account.rights_exact"] == ("warn", "admin")
    result = next(r for r in run.results if r.slug == "missing-right")
    texts = {i.id: i.detail for i in result.items("en")}
    assert (
        'also holds at Werkgever 20001 B.V.: "Raadplegen verlof"' in texts["account.rights_exact"]
    )
    assert "koppelaar fix missing-right --admin adm --apply" in texts["account.right.beloningen"]
    assert result.status == "problems"
    extra = next(r for r in run.results if r.slug == "extra-right")
    assert extra.status == "ready"  # a warning does not hold the profile back
    assert items(run, "extra-right")["account.rights_exact"] == ("warn", "admin")
    # the NN user cannot sign in, yet its rights are known by name
    revoked = items(run, "revoked")
    assert revoked["account.active"][0] == "fail"
    assert {revoked[f"account.right.{k}"] for k in ("bsn", "hrm")} == {("pass", "admin")}
    # no admin rights there: the check's own judgement stands, no rights_exact
    not_admin = items(run, "not-admin")
    assert "account.rights_exact" not in not_admin
    assert not_admin["account.right.beloningen"] == ("fail", None)
    team = items(run, "team-user")
    # a team user: its own rights by name leave out the team's, so the fail rests on Loket
    # refusing the activities (the ordinary check), not on the name
    assert team["account.right.beloningen"][0] == "fail"
    assert team["account.right.hrm"] == ("pass", "admin")
    assert run.requests == len(transport.requests)
    saved = store.load("missing-right").items["account.rights_exact"]
    assert saved.status == "warn"
    assert saved.params["basis"] == "admin"


def test_check_admin_json(profiles_dir: Path, env: dict[str, str]) -> None:  # noqa: F811
    code, out, err = invoke(profiles_dir, env, "check", "extra-right", "missing-right",
                            "--admin", ADMIN, "--json")  # fmt: skip
    assert code == 1, err
    document = json.loads(out)
    assert document["admin"] == ADMIN
    by_slug = {p["profile"]: p for p in document["profiles"]}
    rights = [i for i in by_slug["extra-right"]["items"] if i["id"].startswith("account.right")]
    assert len(rights) == 7
    assert {i.get("basis") for i in rights} == {"admin"}
    exact = next(i for i in by_slug["extra-right"]["items"] if i["id"] == "account.rights_exact")
    assert exact["status"] == "warn"
    assert "Beheren werkgever" in exact["detail"]
    code, out, err = invoke(profiles_dir, env, "check", "extra-right", "--json")
    assert code == 0, err
    assert "account.rights_exact" not in out


def test_names_compare_as_documented() -> None:
    same = normalise("Beheren en raadplegen BSN")
    assert normalise("beheren & raadplegen  BSN ") == same
    assert normalise("Beheren-en-raadplegen bsn") == same
    assert normalise("Raadplegen beloning") != normalise("Raadplegen beloningen")
    assert split_person_name("Petra de Vries") == ("P", "de", "Vries")
    assert split_person_name("J.H. van der Berg") == ("JH", "van der", "Berg")
    assert split_person_name("Anna Dekker") == ("A", None, "Dekker")
    assert split_person_name("Madonna") is None
    assert split_person_name("Jan Vries-Jansen") is None  # Loket's last names: letters only


def test_without_an_admin_session_the_item_is_absent_not_unknown(
    store: ProfileStore,
) -> None:
    """A confirmation recomputes the status from the stored items: a profile checked without
    an admin session has no ``account.rights_exact`` record and must stay ready."""
    from tui.checks.items import all_items
    from tui.profiles.model import ItemRecord
    from tui.screens.dashboard_view import checklist_view, restate

    profile = store.load("extra-right")
    profile.status = "ready"
    profile.items = {
        i.id: ItemRecord("pass") for i in all_items() if i.id != "account.rights_exact"
    }
    profile.items["submission.sent"] = ItemRecord("manual")
    restate(profile)
    assert profile.status == "ready"
    assert "account.rights_exact" not in [v.id for v in checklist_view(profile, "en")]
    profile.items["account.rights_exact"] = ItemRecord("warn", "extra")
    restate(profile)
    assert profile.status == "ready"
    assert "account.rights_exact" in [v.id for v in checklist_view(profile, "en")]


def test_the_admin_section_of_a_scenario_is_validated() -> None:
    import pytest

    from tests.repair.conftest import admin_world
    from tui.loket.simulator.scenario import Scenario, ScenarioError

    for admin, where in (
        ({"admins": [{"user": "nobody", "employers": [20001]}]}, "admin.admins[0].user"),
        ({"admins": [{"user": "adm", "employers": [99999]}]}, "admin.admins[0].employer"),
        ({"users": [{"user": "nn1", "login_method": "fax"}]}, "admin.users[0].login_method"),
        ({"teams": []}, "admin.teams"),
    ):
        with pytest.raises(ScenarioError, match=where.replace("[", r"\[").replace("]", r"\]")):
            Scenario.from_dict({**admin_world(), "admin": admin}, "w")
