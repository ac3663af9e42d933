"""Fair share over a loopback port: one slow account does not hold the other accounts back."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from tests.checklist.conftest import profile, session_secrets, simulator_settings, world
from tui.checks.checker import Checker, ProfileResult
from tui.loket.lanes import slow_lane_limit
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Fault, Scenario
from tui.loket.simulator.server import serve_in_thread

CONCURRENCY = 4
USERS = ["u0", "u1", "u2", "slow"]
PER_ACCOUNT = {"u0": 8, "u1": 8, "u2": 8, "slow": 6}


class InFlight:
    """ASGI middleware: the API requests (not the token requests) the server is answering."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.now = 0
        self.most = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        api = scope["type"] == "http" and scope["path"].startswith("/v2/")
        if api:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            if api:
                self.now -= 1


def scenario() -> Scenario:
    data = world(users=[{"username": u, "password": f"pw-{u}-secret"} for u in USERS], access=[])
    world_ = Scenario.from_dict(data)
    for number, user in enumerate(USERS):
        world_ = world_.with_bulk_employers(
            user, PER_ACCOUNT[user], prefix=f"Bedrijf {user}", start_number=600000 + number * 1000
        )
    return dataclasses.replace(
        world_,
        faults=[
            Fault(path="/v2/*", latency_ms=10),
            Fault(path="/v2/*", user="slow", latency_ms=300),
        ],
    )


async def test_a_slow_account_moves_to_the_slow_lane_and_the_others_finish_first() -> None:
    world_ = scenario()
    employers = {e.id: e for e in world_.employers.values()}
    profiles = [
        profile(
            str(employers[a.employer_id].employer_number),
            employers[a.employer_id].company_name,
            a.username,
            f"p{employers[a.employer_id].employer_number}",
        )
        for a in world_.access
    ]
    assert len(profiles) == 30
    finished: dict[str, float] = {}
    in_flight = InFlight(create_app(world_))

    with serve_in_thread(in_flight) as base:  # type: ignore[arg-type]
        started = time.monotonic()

        def seen(result: ProfileResult) -> None:
            finished[result.profile.username] = time.monotonic() - started

        async with Checker(
            simulator_settings(base, concurrency=CONCURRENCY),
            session_secrets(world_),
        ) as checker:
            run = await checker.check_profiles(profiles, on_result=seen)

    assert {r.status for r in run.results} == {"ready"}
    assert run.slow_lane_accounts == 1
    assert run.to_json("en")["slow_lane_accounts"] == 1
    assert in_flight.most <= CONCURRENCY + slow_lane_limit(CONCURRENCY)
    healthy = max(finished[u] for u in USERS if u != "slow")
    # the slow account needs 9 requests x 0.3 s at 2 in flight: ~1.4 s at the least
    assert finished["slow"] > 1.3
    assert healthy < finished["slow"] / 2, finished
