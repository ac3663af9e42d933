"""Every checklist item's pass and fail paths, checked over HTTP against the simulator."""

from __future__ import annotations

import pytest

from tests.checklist.conftest import NN_RIGHTS, CheckerFactory, detail, profile, statuses, world
from tui.checks.checker import ProfileResult
from tui.checks.rights import all_rights
from tui.loket.simulator.scenario import Scenario
from tui.profiles.model import Profile
from tui.secrets.store import SecretKind, SecretStore


async def check_one(
    make_checker: CheckerFactory,
    data: dict[str, object],
    subject: Profile | None = None,
    *,
    deep: bool = False,
    **kw: object,
) -> ProfileResult:
    checker = make_checker(Scenario.from_dict(data), **kw)
    run = await checker.check_profiles([subject or profile()], deep=deep)
    assert len(run.results) == 1
    return run.results[0]


async def test_complete_user_is_ready(make_checker: CheckerFactory) -> None:
    result = await check_one(make_checker, world())
    items = statuses(result)
    assert result.status == "ready"
    assert result.error is None
    for item_id in (
        "admin.rights", "account.standard_user", "account.active", "account.two_factor",
        "account.dedicated", "account.employer_access", "employer.id_format",
        "employer.id_found", "employer.name_matches", *(r.item_id for r in all_rights()),
    ):  # fmt: skip
        assert items[item_id] == "pass", item_id
    assert items["submission.sent"] == "manual"
    assert items["submission.connected"] == "manual"
    assert result.evaluation.loket_id is not None


async def test_blocked_user_fails_account_active(make_checker: CheckerFactory) -> None:
    data = world(users=[{"username": "u1", "password": "pw-u1-secret", "blocked": True}])
    result = await check_one(make_checker, data)
    items = statuses(result)
    assert result.status == "problems"
    assert items["account.active"] == "fail"
    assert "koppelaar secrets set loket-password u1" in detail(result, "account.active")
    assert items["admin.rights"] == "manual"
    assert items["account.standard_user"] == "manual"
    assert items["account.two_factor"] == "unknown"


async def test_wrong_password_fails_account_active(make_checker: CheckerFactory) -> None:
    secrets = SecretStore("session")
    secrets.set(SecretKind.LOKET_PASSWORD, "u1", "not-the-password")
    result = await check_one(make_checker, world(), secrets=secrets)
    assert statuses(result)["account.active"] == "fail"
    assert "pw-u1-secret" not in str(result.evaluation)


async def test_webservice_user_cannot_sign_in(make_checker: CheckerFactory) -> None:
    data = world(users=[{"username": "u1", "password": "pw-u1-secret", "webservice": True}])
    result = await check_one(make_checker, data)
    items = statuses(result)
    assert items["account.standard_user"] == "manual"
    assert items["account.active"] == "fail"
    assert "webservicegebruiker" in detail(result, "account.standard_user")


async def test_two_factor_on_warns(make_checker: CheckerFactory) -> None:
    user = {"username": "u1", "password": "pw-u1-secret", "totp_secret": "JBSWY3DPEHPK3PXP"}
    result = await check_one(make_checker, world(users=[user]))
    assert statuses(result)["account.two_factor"] == "warn"
    assert "spa.inkomen@nn.nl" in detail(result, "account.two_factor")
    assert result.status == "ready"


async def test_other_application_makes_dedicated_warn(make_checker: CheckerFactory) -> None:
    data = world(
        integrations=[
            {"user": "u1", "application": "RoosterPlanner"},
            {"user": "u1", "application": "Koppelaar"},
        ]
    )
    result = await check_one(make_checker, data)
    assert statuses(result)["account.dedicated"] == "warn"
    text = detail(result, "account.dedicated")
    assert "RoosterPlanner" in text
    assert "Koppelaar" not in text.split(":")[1].split(".")[0]


async def test_employer_not_reached_fails_access(make_checker: CheckerFactory) -> None:
    data = world(access=[])
    result = await check_one(make_checker, data)
    items = statuses(result)
    assert items["account.employer_access"] == "fail"
    assert items["employer.id_found"] == "fail"
    assert "team" in detail(result, "account.employer_access")


async def test_unknown_id_among_other_employers(make_checker: CheckerFactory) -> None:
    result = await check_one(
        make_checker, world(), profile(werkgever_id="99999", name="Ander B.V.")
    )
    items = statuses(result)
    assert items["account.employer_access"] == "fail"
    assert items["employer.id_found"] == "fail"
    assert "99999" in detail(result, "employer.id_found")


@pytest.mark.parametrize("missing", all_rights(), ids=lambda r: r.key)
async def test_each_missing_right_fails_its_item(make_checker: CheckerFactory, missing) -> None:  # type: ignore[no-untyped-def]
    rights = [name for name in NN_RIGHTS if name != missing.name]
    data = world(access=[{"user": "u1", "employer": 20720, "rights": rights}])
    result = await check_one(make_checker, data)
    items = statuses(result)
    assert result.status == "problems"
    assert items[missing.item_id] == "fail"
    assert f'"{missing.name}"' in detail(result, missing.item_id)
    assert all(items[r.item_id] == "pass" for r in all_rights() if r is not missing)


async def test_beheren_right_is_not_raadplegen(make_checker: CheckerFactory) -> None:
    """Finding 3: "Beheren beloningen" grants the wage reads too (OR semantics), but it is not
    the right NN asks for; a read only "Raadplegen beloningen" grants is refused: missing."""
    rights = [n for n in NN_RIGHTS if n != "Raadplegen beloningen"] + ["Beheren beloningen"]
    data = world(access=[{"user": "u1", "employer": 20720, "rights": rights}])
    result = await check_one(make_checker, data)
    assert statuses(result)["account.right.beloningen"] == "fail"
    assert result.status == "problems"


async def test_client_limit_is_could_not_verify(make_checker: CheckerFactory) -> None:
    """Koppelaar's own client is not linked to the wage activities: not 'missing'."""
    data = world(
        integrations=[{"user": "u1", "application": "Koppelaar"}],
        access=[
            {
                "user": "u1",
                "employer": 20720,
                "rights": [n for n in NN_RIGHTS if "beloningen" not in n],
            }
        ],
    )
    client = dict(data["clients"][0])  # type: ignore[index]
    client["unlinked_activities"] = [
        "GetWagesByEmploymentId",
        "GetActualWagesByEmployerId",
        "GetWageByWageId",
    ]
    data["clients"] = [client]
    result = await check_one(make_checker, data)
    assert statuses(result)["account.right.beloningen"] == "unknown"
    assert "Could not verify" in detail(result, "account.right.beloningen")
    assert result.status == "unverified"


async def test_client_limit_from_the_configured_application_id(
    make_checker: CheckerFactory,
) -> None:
    """No integration names Koppelaar: ``[loket] application_id`` says which application it is."""
    data = world(
        access=[
            {
                "user": "u1",
                "employer": 20720,
                "rights": [n for n in NN_RIGHTS if "beloningen" not in n],
            }
        ],
    )
    client = dict(data["clients"][0])  # type: ignore[index]
    client["unlinked_activities"] = [
        "GetWagesByEmploymentId",
        "GetActualWagesByEmployerId",
        "GetWageByWageId",
    ]
    data["clients"] = [client]
    application_id = next(iter(Scenario.from_dict(data).clients.values())).application_id
    without = await check_one(make_checker, data)
    assert statuses(without)["account.right.beloningen"] == "fail"
    configured = await check_one(make_checker, data, application_id=application_id)
    assert statuses(configured)["account.right.beloningen"] == "unknown"
    assert "Could not verify" in detail(configured, "account.right.beloningen")


@pytest.mark.parametrize(
    ("typed", "status", "reason"),
    [("20720", "pass", "number"), ("ABC-20720", "fail", "letters"), ("20720/1", "fail", "other")],
)
async def test_id_format(
    make_checker: CheckerFactory, typed: str, status: str, reason: str
) -> None:
    result = await check_one(make_checker, world(), profile(werkgever_id=typed))
    item = next(i for i in result.items("en") if i.id == "employer.id_format")
    assert (item.status, item.reason) == (status, reason)


async def test_guid_resolves(make_checker: CheckerFactory) -> None:
    first = await check_one(make_checker, world())
    guid = first.evaluation.loket_id
    assert guid
    result = await check_one(make_checker, world(), profile(werkgever_id=guid.upper()))
    assert statuses(result)["employer.id_found"] == "pass"
    assert "20720" in detail(result, "employer.id_found")


@pytest.mark.parametrize(
    ("typed", "reason", "words"),
    [
        ("108813", "client_number", "cliëntnummer"),
        ("20720-01", "administration_number", "administratienummer"),
        ("DEB1047", "provider_number", "administratienummer"),
    ],
)
async def test_mistaken_number_names_the_real_werkgever_id(
    make_checker: CheckerFactory, typed: str, reason: str, words: str
) -> None:
    result = await check_one(make_checker, world(), profile(werkgever_id=typed))
    item = next(i for i in result.items("nl") if i.id == "employer.id_found")
    assert (item.status, item.reason) == ("fail", reason)
    assert "werkgever ID 20720" in item.detail
    assert "Voorbeeld B.V." in item.detail
    assert words in item.detail
    assert statuses(result)["account.employer_access"] == "pass"
    assert result.evaluation.loket_id is None


async def test_name_mismatch_warns(make_checker: CheckerFactory) -> None:
    result = await check_one(make_checker, world(), profile(name="Iets Anders B.V."))
    assert statuses(result)["employer.name_matches"] == "warn"
    assert "Voorbeeld B.V." in detail(result, "employer.name_matches")


async def test_missing_password_is_error_saying_what_to_do(make_checker: CheckerFactory) -> None:
    result = await check_one(make_checker, world(), secrets=SecretStore("session"))
    assert result.status == "error"
    assert result.error is not None
    assert "koppelaar secrets set loket-password u1" in result.error


async def test_authorization_code_without_consent_asks_for_login(
    make_checker: CheckerFactory,
) -> None:
    result = await check_one(
        make_checker, world(), secrets=SecretStore("session"), grant="authorization_code"
    )
    assert result.status == "error"
    assert result.error is not None and "koppelaar login voorbeeld-bv" in result.error


async def test_submission_items_follow_the_record_and_loket(make_checker: CheckerFactory) -> None:
    subject = profile()
    result = await check_one(make_checker, world(), subject)
    assert statuses(result)["submission.connected"] == "manual"
    data = world(
        integrations=[
            {"user": "u1", "application": "XpertSuite", "created_on": "2026-11-18T10:42:07+01:00"}
        ]
    )
    result = await check_one(make_checker, data, profile())
    assert statuses(result)["submission.connected"] == "pass"
    assert result.profile.submission.status == "connected"
    assert result.profile.submission.connected_source == "loket"
    assert result.profile.submission.connected_at is not None
    assert result.profile.submission.connected_at.isoformat() == "2026-11-18T10:42:07+01:00"


async def test_deep_confirms_rights_with_real_requests(make_checker: CheckerFactory) -> None:
    rights = [n for n in NN_RIGHTS if n != "Raadplegen loonoutput"]
    data = world(access=[{"user": "u1", "employer": 20720, "rights": rights}])
    result = await check_one(make_checker, data, deep=True)
    by_id = {i.id: i for i in result.items("en")}
    assert by_id["account.right.loonoutput"].status == "fail"
    assert by_id["account.right.loonoutput"].reason == "deep_forbidden"
    # users see words, not Loket's activity names or status codes (issue 17)
    assert "refuses a real request" in by_id["account.right.loonoutput"].detail
    assert "Get" not in by_id["account.right.loonoutput"].detail
    for key in ("bsn", "beloningen", "dienstverbanden", "hrm", "variabele_gegevens"):
        assert by_id[f"account.right.{key}"].reason == "deep_ok", key
        assert "a real request worked too" in by_id[f"account.right.{key}"].detail
        assert "Get" not in by_id[f"account.right.{key}"].detail
