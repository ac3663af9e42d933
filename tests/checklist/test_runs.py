"""Whole runs: the demo world, saving into profiles, scale, an outage, cancellation, loopback."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from datetime import UTC, datetime

import httpx

from tests.checklist.conftest import (
    CheckerFactory,
    detail,
    profile,
    session_secrets,
    simulator_settings,
    statuses,
    world,
)
from tui.checks.checker import Checker, Pending, ProfileResult
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Fault, Scenario
from tui.loket.simulator.server import serve_in_thread
from tui.profiles.model import ItemRecord
from tui.profiles.store import ProfileStore

DEMO_STATUS = {
    "bakkerij-de-gouden-korst-bv": "ready",
    "installatiebedrijf-van-der-meer-bv": "problems",
    "hoveniersbedrijf-groenrijk-bv": "problems",
    "transportbedrijf-de-wit-en-zonen-bv": "problems",
    "tandartspraktijk-zonnehof": "ready",
    "drukkerij-het-anker-bv": "ready",
    "schoonmaakbedrijf-helder-bv": "ready",
    "kinderopvang-de-speeltuin-bv": "ready",
    "cafe-de-zwaan-vof": "ready",
}


async def test_demo_world_statuses_and_saved_results(
    make_checker: CheckerFactory, demo_scenario: Scenario, store: ProfileStore
) -> None:
    checker = make_checker(demo_scenario, store=store)
    streamed: list[str] = []
    run = await checker.check_profiles(
        store.load_all().profiles, on_result=lambda r: streamed.append(r.slug)
    )
    results = {r.slug: r for r in run.results}
    assert {slug: r.status for slug, r in results.items()} == DEMO_STATUS
    assert sorted(streamed) == sorted(DEMO_STATUS)

    vandermeer = results["installatiebedrijf-van-der-meer-bv"]
    assert statuses(vandermeer)["account.right.beloningen"] == "fail"
    assert '"Raadplegen beloningen"' in detail(vandermeer, "account.right.beloningen")
    assert statuses(results["hoveniersbedrijf-groenrijk-bv"])["account.active"] == "fail"
    dewit = results["transportbedrijf-de-wit-en-zonen-bv"]
    assert statuses(dewit)["employer.id_found"] == "fail"
    assert "41877" in detail(dewit, "employer.id_found", "nl")
    assert "100482" in detail(dewit, "employer.id_found", "nl")
    assert statuses(results["tandartspraktijk-zonnehof"])["account.two_factor"] == "warn"
    assert statuses(results["cafe-de-zwaan-vof"])["account.dedicated"] == "warn"

    saved = store.load("bakkerij-de-gouden-korst-bv")
    assert saved.status == "ready"
    assert saved.checked_at == run.checked_at
    assert saved.loket_id == results["bakkerij-de-gouden-korst-bv"].evaluation.loket_id
    assert saved.items["account.active"].status == "pass"
    assert store.load("transportbedrijf-de-wit-en-zonen-bv").loket_id is None
    connected = store.load("kinderopvang-de-speeltuin-bv").submission
    assert connected.status == "connected"
    assert connected.connected_source == "loket"
    assert connected.connected_at is not None
    assert statuses(results["kinderopvang-de-speeltuin-bv"])["submission.connected"] == "pass"
    assert store.load("schoonmaakbedrijf-helder-bv").submission.status == "sent"

    document = run.to_json("nl")
    assert document["version"] == 1
    assert document["requests"] == run.requests > 0
    first = document["profiles"][0]
    assert set(first) == {
        "profile", "employer", "werkgever_id", "loket_employer_id", "status", "error", "items",
    }  # fmt: skip
    assert set(first["items"][0]) == {"id", "status", "basis", "detail"}
    assert document["retiring_versions"] == []
    bases = {i["basis"] for p in document["profiles"] for i in p["items"]}
    assert bases <= {"loket", "model", "admin", "manual", "local", None}
    ready = next(p for p in document["profiles"] if p["profile"] == "bakkerij-de-gouden-korst-bv")
    basis = {i["id"]: i["basis"] for i in ready["items"]}
    assert basis["account.active"] == "loket"
    assert basis["account.right.hrm"] == "model"
    assert basis["employer.id_format"] == "local"


async def test_pending_profiles_are_read_at_their_turn_and_the_unreadable_passed_over(
    make_checker: CheckerFactory, demo_scenario: Scenario, store: ProfileStore
) -> None:
    """``Pending``: each profile is read when its turn comes; one gone or read-only by then
    is named to ``on_skip``, never checked, and costs no request of its own."""
    slugs = sorted(DEMO_STATUS)
    store.update("cafe-de-zwaan-vof", lambda p: setattr(p, "notes", "na de start"))
    newer = store.load("tandartspraktijk-zonnehof")
    reads: list[str] = []

    def read(slug: str):  # type: ignore[no-untyped-def]
        reads.append(slug)
        if slug == "drukkerij-het-anker-bv":
            return None  # deleted since
        if slug == "tandartspraktijk-zonnehof":
            return dataclasses.replace(newer, schema=newer.schema + 1)  # a newer Koppelaar's
        return store.load(slug)

    skipped: list[str] = []
    streamed: list[str] = []
    pending = [Pending(store.load(slug).username, slug) for slug in slugs]
    run = await make_checker(demo_scenario, store=store).check_profiles(
        pending, read=read, on_skip=skipped.append, on_result=lambda r: streamed.append(r.slug)
    )
    assert sorted(reads) == slugs
    assert sorted(skipped) == ["drukkerij-het-anker-bv", "tandartspraktijk-zonnehof"]
    checked = {r.slug: r.status for r in run.results}
    assert sorted(checked) == sorted(streamed) == sorted(set(slugs) - set(skipped))
    assert checked == {slug: DEMO_STATUS[slug] for slug in checked}
    assert store.load("cafe-de-zwaan-vof").notes == "na de start"  # read then, kept
    assert store.load("drukkerij-het-anker-bv").status == "unchecked"


async def test_manual_confirmation_is_kept_across_checks(
    make_checker: CheckerFactory, demo_scenario: Scenario, store: ProfileStore
) -> None:
    slug = "cafe-de-zwaan-vof"
    confirmed = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)

    def confirm(p):  # type: ignore[no-untyped-def]
        p.items["account.dedicated"] = ItemRecord("pass", confirmed_at=confirmed)

    store.update(slug, confirm)
    checker = make_checker(demo_scenario, store=store)
    for _ in range(2):
        run = await checker.check_profiles([store.load(slug)])
        result = run.results[0]
        assert statuses(result)["account.dedicated"] == "pass"
        assert "RoosterPlanner Horeca" in detail(result, "account.dedicated")
        saved = store.load(slug).items["account.dedicated"]
        assert saved.status == "pass"
        assert saved.confirmed_at == confirmed


async def test_two_hundred_profiles_on_one_account_cost_few_requests(
    make_checker: CheckerFactory,
) -> None:
    scenario = Scenario.from_dict(world()).with_bulk_employers("u1", 199)
    employers = sorted(scenario.employers.values(), key=lambda e: e.employer_number)
    profiles = [
        profile(str(e.employer_number), e.company_name, slug=f"p{e.employer_number}")
        for e in employers
    ]
    assert len(profiles) == 200
    checker = make_checker(scenario)
    run = await checker.check_profiles(profiles)
    assert all(r.status == "ready" for r in run.results), {r.status for r in run.results}
    assert run.requests <= 210
    assert run.requests == 1 + 3 + 200  # token; employers, model, integrations; authorizations


async def test_outage_of_one_account_leaves_the_others_checked(
    make_checker: CheckerFactory,
) -> None:
    data = world(
        users=[
            {"username": "u1", "password": "pw-u1-secret"},
            {"username": "u2", "password": "pw-u2-secret"},
        ],
        access=[
            {"user": "u1", "employer": 20720, "rights": world()["access"][0]["rights"]},  # type: ignore[index]
            {"user": "u2", "employer": 20720, "rights": world()["access"][0]["rights"]},  # type: ignore[index]
        ],
    )
    scenario = dataclasses.replace(
        Scenario.from_dict(data), faults=[Fault(path="/v2/*", user="u2", error_rate=1.0)]
    )
    checker = make_checker(scenario)
    started = time.monotonic()
    run = await checker.check_profiles([profile(slug="fine"), profile(username="u2", slug="down")])
    elapsed = time.monotonic() - started
    results = {r.slug: r for r in run.results}
    assert results["fine"].status == "ready"
    down = results["down"]
    assert down.status == "error"
    assert down.error is not None and "500" in down.error
    assert statuses(down)["account.employer_access"] == "unknown"
    assert elapsed < 5


async def test_cancelling_keeps_finished_results(
    demo_scenario: Scenario, store: ProfileStore
) -> None:
    slow = dataclasses.replace(
        demo_scenario,
        faults=[*demo_scenario.faults, Fault(path="/v2/*", user="xs-vandermeer", latency_ms=5000)],
    )
    finished: list[ProfileResult] = []
    first = asyncio.Event()

    def seen(result: ProfileResult) -> None:
        finished.append(result)
        first.set()

    async with Checker(
        simulator_settings(),
        session_secrets(demo_scenario),
        transport=httpx.ASGITransport(app=create_app(slow)),
        store=store,
    ) as checker:
        profiles = [
            store.load("bakkerij-de-gouden-korst-bv"),
            store.load("installatiebedrijf-van-der-meer-bv"),
        ]
        task = asyncio.create_task(checker.check_profiles(profiles, on_result=seen))
        await asyncio.wait_for(first.wait(), 5)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert [r.slug for r in finished] == ["bakkerij-de-gouden-korst-bv"]
    assert store.load("bakkerij-de-gouden-korst-bv").status == "ready"
    assert store.load("installatiebedrijf-van-der-meer-bv").status == "unchecked"


async def test_check_over_a_loopback_port(demo_scenario: Scenario) -> None:
    with serve_in_thread(create_app(demo_scenario)) as base:
        async with Checker(simulator_settings(base), session_secrets(demo_scenario)) as checker:
            run = await checker.check_profiles(
                [profile("20720", "Bakkerij De Gouden Korst B.V.", "xs-goudenkorst", "bakkerij")]
            )
    assert run.results[0].status == "ready"
    assert run.requests == 5
