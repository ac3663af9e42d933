"""Plan, apply, read back and check again, against the simulator (DESIGN section 9)."""

from __future__ import annotations

import json

from starlette.applications import Starlette

from tests.checklist.conftest import NN_RIGHTS
from tests.repair.conftest import (
    ADMIN,
    RecordingTransport,
    SessionFactory,
    admin_profiles,
    sim_post,
)
from tui.loket.admin import PATCH_RIGHTS
from tui.loket.simulator.admin_state import AdminState
from tui.profiles.store import ProfileStore
from tui.repair.plan import ProfilePlan
from tui.secrets.store import SecretKind, SecretStore


def actions(plans: list[ProfilePlan]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    return {p.slug: [(c.action, c.rights) for c in p.changes] for p in plans}


def blocked(plans: list[ProfilePlan]) -> dict[str, list[str]]:
    return {p.slug: [b.code for b in p.blocked] for p in plans}


def rights_in_sim(app: Starlette, username: str, number: int) -> set[str]:
    world = app.state.world
    employer = next(e.id for e in world.employers.values() if e.employer_number == number)
    return set(world.rights[(username, employer)])


async def test_plan_for_every_situation_makes_no_write_request(
    make_session: SessionFactory, transport: RecordingTransport
) -> None:
    async with make_session() as session:
        plans = await session.plan(admin_profiles())
    assert actions(plans) == {
        "missing-right": [("enable_rights", ("Raadplegen beloningen",))],
        "extra-right": [],
        "revoked": [("reinstate_access", ())],
        "two-factor": [("drop_2fa_requirement", ())],
        "no-user": [("invite_user", ()), ("enable_rights", tuple(NN_RIGHTS))],
        "not-admin": [],
        "sso-only": [],
        "team-user": [],
    }
    assert blocked(plans) == {
        "missing-right": [],
        "extra-right": [],
        "revoked": [],
        "two-factor": [],
        "no-user": [],
        "not-admin": ["not_admin"],
        "sso-only": ["sso_only"],
        "team-user": ["provider_user"],
    }
    by_slug = {p.slug: p for p in plans}
    assert by_slug["missing-right"].extra == ("Raadplegen verlof",)
    assert by_slug["extra-right"].extra == ("Beheren werkgever",)
    team = by_slug["team-user"].blocked[0].params
    assert team == {"teams": '"Team Zuid"', "missing": '"Raadplegen beloningen"'}
    invitation = by_slug["no-user"].invitation
    assert invitation is not None
    assert (invitation.initials, invitation.prefix, invitation.last_name) == ("P", "de", "Vries")
    assert transport.writes() == []
    assert session.writes == 0
    assert len(transport.requests) == session.requests > 0


async def test_apply_reads_back_and_a_second_apply_writes_nothing(
    make_session: SessionFactory, transport: RecordingTransport, app: Starlette
) -> None:
    async with make_session() as session:
        plans = await session.plan(admin_profiles())
        transport.clear()
        await session.apply(plans)
    statuses = {p.slug: [c.status for c in p.changes] for p in plans}
    assert statuses == {
        "missing-right": ["done"],
        "extra-right": [],
        "revoked": ["done"],
        "two-factor": ["done"],
        "no-user": ["done", "done"],
        "not-admin": [],
        "sso-only": [],
        "team-user": [],
    }
    # one write per change, rights in one PATCH each; every write followed by a read back
    methods = sorted(m for m, _, _ in transport.writes())
    assert methods == ["PATCH", "PATCH", "PATCH", "POST", "PUT"]
    assert transport.requests[-1][0] == "GET"
    # the state in Loket.nl: the missing right added, the unrelated one kept
    assert rights_in_sim(app, "nn1", 20001) == {*NN_RIGHTS, "Raadplegen verlof"}
    world = app.state.world
    assert not world.users["nn3"].blocked
    assert world.users["nn4"].totp_secret is None
    state = AdminState.of(world)
    assert [set(i.rights) for i in state.invitations.values()] == [set(NN_RIGHTS)]
    # the plan's own view was refreshed from the read-back
    by_slug = {p.slug: p for p in plans}
    assert by_slug["missing-right"].reading.rights is not None
    assert {r.description for r in by_slug["missing-right"].reading.rights if r.enabled} == {
        *NN_RIGHTS,
        "Raadplegen verlof",
    }

    async with make_session() as again:
        second = await again.plan(admin_profiles())
        transport.clear()
        await again.apply(second)
    assert all(not p.changes for p in second)
    assert {p.slug for p in second if p.waiting_for_invite} == {"no-user"}
    assert transport.writes() == []
    assert again.writes == 0


async def test_check_again_is_ready_and_the_invited_user_after_setting_a_password(
    make_session: SessionFactory, app: Starlette, secrets: SecretStore
) -> None:
    profiles = admin_profiles()
    async with make_session() as session:
        before = await session.recheck(profiles)
        plans = await session.plan(profiles)
        await session.apply(plans)
        after = await session.recheck(profiles)
    assert {r.slug: r.status for r in before.results}["missing-right"] == "problems"
    status = {r.slug: r.status for r in after.results}
    assert status["missing-right"] == "ready"
    assert status["revoked"] == "ready"
    assert status["two-factor"] == "ready"
    assert status["extra-right"] == "ready"
    assert status["not-admin"] == "problems"  # untouched: the admin may not change it
    assert status["no-user"] != "ready"  # the invited person has not set a password yet
    invitation = next(p for p in plans if p.slug == "no-user").reading.invited
    assert invitation is not None
    accepted = await sim_post(app, "/_sim/set-password",
                              {"userId": invitation.id, "username": "nn5",
                               "password": "pw-nn5-chosen"})  # fmt: skip
    assert accepted.status_code == 201, accepted.text
    secrets.set(SecretKind.LOKET_PASSWORD, "nn5", "pw-nn5-chosen")
    async with make_session() as later:
        final = await later.recheck([p for p in admin_profiles() if p.slug == "no-user"])
    assert [r.status for r in final.results] == ["ready"]


async def test_remove_extra_turns_off_only_the_rights_beyond_the_six(
    make_session: SessionFactory, app: Starlette
) -> None:
    profiles = [p for p in admin_profiles() if p.slug in ("extra-right", "missing-right")]
    async with make_session() as session:
        plans = await session.plan(profiles, remove_extra=True)
        assert actions(plans) == {
            "extra-right": [("disable_rights", ("Beheren werkgever",))],
            "missing-right": [
                ("enable_rights", ("Raadplegen beloningen",)),
                ("disable_rights", ("Raadplegen verlof",)),
            ],
        }
        await session.apply(plans)
    assert rights_in_sim(app, "nn2", 20002) == set(NN_RIGHTS)
    assert rights_in_sim(app, "nn1", 20001) == set(NN_RIGHTS)


async def test_the_patch_carries_the_whole_set(
    make_session: SessionFactory, transport: RecordingTransport
) -> None:
    profiles = [p for p in admin_profiles() if p.slug == "missing-right"]
    async with make_session() as session:
        plans = await session.plan(profiles)
        transport.clear()
        await session.apply(plans)
    [(_, _, body)] = [w for w in transport.writes() if w[0] == "PATCH"]
    sent = json.loads(body)["authorizations"]
    catalogue = AdminState.of(transport.inner.app.state.world).catalogue  # type: ignore[attr-defined]
    assert len(sent) == len(catalogue)
    enabled_ids = {a["id"] for a in sent if a["isEnabled"]}
    reading = plans[0].reading.rights
    assert reading is not None
    assert {r.description for r in reading if r.id in enabled_ids} == {
        *NN_RIGHTS,
        "Raadplegen verlof",
    }


async def test_sending_only_the_missing_right_would_strip_the_user(
    make_session: SessionFactory, app: Starlette
) -> None:
    """Loket's PATCH semantics, kept by the simulator: the reason for the whole-set rule."""
    profiles = [p for p in admin_profiles() if p.slug == "missing-right"]
    async with make_session() as session:
        [plan] = await session.plan(profiles)
        account = await session.sign_in()
        reading = plan.reading
        assert reading.rights is not None and reading.user is not None
        missing = next(r for r in reading.rights if r.description == "Raadplegen beloningen")
        naive = {"authorizations": [{"id": missing.id, "isEnabled": True}]}
        assert reading.employer_id is not None
        await session.client._write(
            account.bearer,
            "PATCH",
            PATCH_RIGHTS,
            {"employerId": reading.employer_id, "userId": reading.user.id},
            naive,
        )
    assert rights_in_sim(app, "nn1", 20001) == {"Raadplegen beloningen"}


async def test_a_read_back_that_differs_from_the_plan_fails_loudly(
    make_session: SessionFactory, app: Starlette
) -> None:
    state = AdminState.of(app.state.world)
    original = state.set_rights

    def lossy(user_id: str, employer_id: str, names: frozenset[str]) -> None:
        original(user_id, employer_id, names - {"Raadplegen HRM"})

    state.set_rights = lossy  # type: ignore[method-assign]
    profiles = [p for p in admin_profiles() if p.slug == "missing-right"]
    async with make_session() as session:
        [plan] = await session.plan(profiles)
        await session.apply([plan])
    [change] = plan.changes
    assert change.status == "failed"
    assert '"Raadplegen HRM" off' in change.detail
    assert change.detail.startswith("FAILED")


async def test_the_audit_trail_is_in_the_profile_without_secrets(
    make_session: SessionFactory, store: ProfileStore, app: Starlette
) -> None:
    from tui.repair import trail

    async with make_session() as session:
        plans = await session.plan(admin_profiles())
        await session.apply(plans)
    entries = trail.read(store.load("missing-right"))
    assert [(e["admin"], e["action"], e["rights"], e["status"]) for e in entries] == [
        (ADMIN, "enable_rights", ["Raadplegen beloningen"], "done")
    ]
    assert "Loket.nl accepted it" in entries[0]["answer"]
    assert entries[0]["at"].tzinfo is not None
    invited = trail.read(store.load("no-user"))
    assert [e["action"] for e in invited] == ["invite_user", "enable_rights"]
    assert trail.read(store.load("not-admin")) == []
    world = app.state.world
    secrets = [u.password for u in world.users.values()]
    secrets += list(world.access_tokens) + list(world.refresh_tokens)
    secrets.append("koppelaar-demo-secret")
    for path in store.directory.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        for secret in secrets:
            assert secret not in text, path.name


async def test_a_user_who_signs_in_but_is_not_seen_is_not_invited_again(
    make_session: SessionFactory, store: ProfileStore, transport: RecordingTransport
) -> None:
    from tui.profiles.model import ItemRecord

    def signed_in(profile):  # type: ignore[no-untyped-def]
        profile.items["account.active"] = ItemRecord("pass", "signed in")

    store.update("no-user", signed_in)
    async with make_session() as session:
        [plan] = await session.plan([store.load("no-user")])
        await session.apply([plan])
    assert plan.changes == []
    assert [b.code for b in plan.blocked] == ["user_elsewhere"]
    assert transport.writes() == []


async def test_a_failed_write_is_reported_recorded_and_not_retried(
    secrets: SecretStore, store: ProfileStore
) -> None:
    from tests.checklist.conftest import simulator_settings
    from tests.repair.conftest import RecordingTransport, admin_world
    from tui.loket.simulator.app import create_app
    from tui.loket.simulator.scenario import Scenario
    from tui.repair import trail
    from tui.repair.session import RepairSession

    world = admin_world()
    world["faults"] = [{"path": "/v2/providers/employers/users/*/access", "statuses": [503]}]
    transport = RecordingTransport(create_app(Scenario.from_dict(world, "faulty")))
    profiles = [p for p in admin_profiles() if p.slug in ("revoked", "missing-right")]
    async with RepairSession(simulator_settings(), secrets, ADMIN, store=store, lang="en",
                             transport=transport) as session:  # fmt: skip
        plans = await session.plan(profiles)
        await session.apply(plans)
    by_slug = {p.slug: p for p in plans}
    [reinstate] = by_slug["revoked"].changes
    assert reinstate.status == "failed"
    assert "503" in reinstate.detail
    assert [m for m, p, _ in transport.writes() if p.endswith("/access")] == ["PATCH"]
    assert [c.status for c in by_slug["missing-right"].changes] == ["done"]  # the others go on
    [entry] = trail.read(store.load("revoked"))
    assert (entry["action"], entry["status"]) == ("reinstate_access", "failed")
