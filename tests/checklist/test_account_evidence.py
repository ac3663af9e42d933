"""Issue 15, findings 1 and 2: what a sign-in with stored consent proves about the account.

With the authorization-code grant a check signs in with a refresh token. That proves the consent
works, not that the password NN will receive works (finding 1), and the refresh flow skips the
second factor, answering "None" whatever the user's set-up (finding 2).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.checklist.conftest import CLIENT_ID, profile, simulator_settings, statuses, world
from tui.checks.accounts import AccountRecord, AccountRecords
from tui.checks.checker import Checker, ProfileResult
from tui.checks.engine import evaluate
from tui.checks.facts import ProfileFacts
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Scenario
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretKind, SecretStore

TOTP = "JBSWY3DPEHPK3PXPJBSWY3DP"


async def consent_check(
    data: dict[str, object],
    tmp_path: Path,
    *,
    password: str | None = None,
    record: AccountRecord | None = None,
) -> ProfileResult:
    """A check with the authorization-code grant: the refresh token of a consent is stored
    (as ``koppelaar login`` leaves it), optionally the password NN will receive."""
    scenario = Scenario.from_dict(data)
    app = create_app(scenario)
    consent = app.state.world.issue_tokens("u1", CLIENT_ID)
    secrets = SecretStore("session")
    secrets.set(SecretKind.LOKET_REFRESH_TOKEN, "u1", str(consent["refresh_token"]))
    if password is not None:
        secrets.set(SecretKind.LOKET_PASSWORD, "u1", password)
    store = ProfileStore(tmp_path / "profiles")
    store.save(profile())
    if record is not None:
        AccountRecords(store.directory).put("u1", record)
    settings = simulator_settings(grant="authorization_code")
    async with Checker(
        settings, secrets, transport=httpx.ASGITransport(app=app), store=store
    ) as checker:
        run = await checker.check_profiles([store.load("voorbeeld-bv")])
    return run.results[0]


def no_password_grant(data: dict[str, object]) -> dict[str, object]:
    client = dict(data["clients"][0])  # type: ignore[index]
    client["password_grant"] = False
    return data | {"clients": [client]}


async def test_consent_alone_never_passes_the_password(tmp_path: Path) -> None:
    """The client may not use the password grant: "password works" is unknown with a hint,
    and the profile is not ready (today's check called it ready)."""
    result = await consent_check(no_password_grant(world()), tmp_path, password="pw-u1-secret")
    items = {i.id: i for i in result.items("en")}
    password = items["account.password"]
    assert password.status == "unknown" and password.reason == "not_allowed"
    assert "loket.nl" in password.hint and "confirm" in password.hint
    assert result.status == "unverified"


@pytest.mark.parametrize(
    ("password", "status", "reason"),
    [("pw-u1-secret", "pass", "works"), ("wrong", "fail", "refused"), (None, "unknown",
     "no_password")],
)  # fmt: skip
async def test_the_password_nn_receives_is_tried_where_the_client_may(
    tmp_path: Path, password: str | None, status: str, reason: str
) -> None:
    result = await consent_check(world(), tmp_path, password=password)
    item = next(i for i in result.items("en") if i.id == "account.password")
    assert (item.status, item.reason) == (status, reason)
    assert item.basis == ("loket" if status != "unknown" else None)


def test_sso_only_login_method_fails() -> None:
    """Read through an admin sign-in: a user who may only use SSO cannot serve NN, even when
    the consent (made through SSO) works."""
    facts = ProfileFacts(login="ok", password_check="ok", login_method="Only via SSO")
    outcome = next(o for o in evaluate(profile(), facts).outcomes if o.id == "account.password")
    assert (outcome.status, outcome.reason, outcome.basis) == ("fail", "sso_only", "admin")


def two_factor_world() -> dict[str, object]:
    return world(users=[{"username": "u1", "password": "pw-u1-secret", "totp_secret": TOTP}])


async def test_refresh_alone_never_says_two_factor_is_off(tmp_path: Path) -> None:
    """The refresh answer says "None" for this 2FA user; the check says it does not know
    (today's check said pass)."""
    result = await consent_check(no_password_grant(two_factor_world()), tmp_path)
    two_factor = next(i for i in result.items("en") if i.id == "account.two_factor")
    assert two_factor.status == "unknown" and two_factor.reason == "not_known"
    assert "koppelaar login voorbeeld-bv" in two_factor.hint


async def test_two_factor_state_recorded_at_consent_is_used(tmp_path: Path) -> None:
    record = AccountRecord("Enabled", "Koppeling Voorbeeld", "u1@example.test", "2026-11-30")
    result = await consent_check(no_password_grant(two_factor_world()), tmp_path, record=record)
    assert statuses(result)["account.two_factor"] == "warn"


async def test_the_password_exchange_tells_the_second_factor(tmp_path: Path) -> None:
    result = await consent_check(two_factor_world(), tmp_path, password="pw-u1-secret")
    assert statuses(result)["account.two_factor"] == "warn"
