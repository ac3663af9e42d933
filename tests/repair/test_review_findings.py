"""What a review of admin mode found, each shown failing before its fix: a write whose read-back
failed is not called failed, no invitation without evidence the user is absent, a failed
change is never a success, a right held by name that Loket refuses is not "ready"."""

from __future__ import annotations

from typing import Any

from tests.checklist.conftest import simulator_settings
from tests.repair.conftest import ADMIN, RecordingTransport, admin_profiles, admin_world
from tui.loket.simulator.admin_state import AdminState
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Scenario
from tui.profiles.store import ProfileStore
from tui.repair.session import RepairSession
from tui.secrets.store import SecretStore


async def test_a_patch_that_worked_but_cannot_be_read_back_is_unknown_not_failed(
    secrets: SecretStore, store: ProfileStore
) -> None:
    world = admin_world()
    app = create_app(Scenario.from_dict(world, "read-back fails"))
    transport = RecordingTransport(app)
    state = AdminState.of(app.state.world)
    original = state.set_rights
    patched: list[bool] = []

    def then_break(user_id: str, employer_id: str, names: frozenset[str]) -> None:
        original(user_id, employer_id, names)
        patched.append(True)
        state.authorizations_json = broken  # type: ignore[method-assign]

    def broken(*_args: Any) -> list[dict[str, Any]]:
        from starlette.exceptions import HTTPException

        raise HTTPException(500, "read-back down")  # not retried: one answer settles it

    state.set_rights = then_break  # type: ignore[method-assign]
    profiles = [p for p in admin_profiles() if p.slug == "missing-right"]
    async with RepairSession(simulator_settings(), secrets, ADMIN, store=store, lang="en",
                             transport=transport) as session:  # fmt: skip
        [plan] = await session.plan(profiles)
        await session.apply([plan])
    [change] = plan.changes
    assert patched and change.status == "unknown"
    assert "could not be read back" in change.detail
    assert plan.reading.rights is None  # the re-check does not judge by the state before


async def test_no_invitation_when_the_provider_users_cannot_be_read(
    secrets: SecretStore, store: ProfileStore
) -> None:
    world = admin_world()
    world["faults"] = [{"path": "/v2/providers", "statuses": [403] * 10}]
    transport = RecordingTransport(create_app(Scenario.from_dict(world, "no providers")))
    profiles = [p for p in admin_profiles() if p.slug == "no-user"]
    async with RepairSession(simulator_settings(), secrets, ADMIN, store=store, lang="en",
                             transport=transport) as session:  # fmt: skip
        [plan] = await session.plan(profiles)
    assert [c.action for c in plan.changes] == []  # no invite_user: the user may exist there
    assert [b.code for b in plan.blocked] == ["user_unknown"]


async def test_a_right_held_by_name_that_loket_refuses_is_not_a_pass(
    secrets: SecretStore, store: ProfileStore
) -> None:
    """Employer 20002 without the module "Personeelsregistratie": the names say "on", Loket
    refuses what those rights grant. The admin check must not call that ready."""
    from tui.repair.judge import admin_check

    world = admin_world()
    for employer in world["employers"]:
        if employer["employer_number"] == 20002:
            employer["modules"] = ["Salarisverwerking", "Verlof"]
    transport = RecordingTransport(create_app(Scenario.from_dict(world, "module missing")))
    profiles = [p for p in admin_profiles() if p.slug == "extra-right"]
    run = await admin_check(simulator_settings(), secrets, ADMIN, profiles, store=store,
                            lang="en", transport=transport)  # fmt: skip
    [result] = run.results
    refused = {
        o.id: o.status for o in result.evaluation.outcomes if o.reason == "admin_held_refused"
    }
    assert refused and set(refused.values()) == {"unknown"}
    assert result.status != "ready"


def test_the_invitation_sends_a_phone_only_in_a_form_loket_accepts() -> None:
    from tui.loket.admin import dutch_mobile

    assert dutch_mobile("06-1234 5678") == "0612345678"
    assert dutch_mobile("+31 6 12345678") == "+31612345678"
    assert dutch_mobile("020 123") is None
    assert dutch_mobile("") is None
