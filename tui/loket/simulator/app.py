"""``create_app(scenario)``: the simulator as one Starlette application.

``/v2`` serves the API, ``/oauth`` the OAuth server, ``/_sim`` the extras (stats, connect).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tui.loket.simulator import payloads
from tui.loket.simulator.admin_api import ADMIN_TEMPLATES, admin_routes
from tui.loket.simulator.api import ENDPOINTS, GUID, routes
from tui.loket.simulator.faults import (
    ASGIApp,
    FaultInjector,
    Message,
    Receive,
    Scope,
    Send,
    SimulatedConnectionReset,
)
from tui.loket.simulator.oauth import OAuthRoutes
from tui.loket.simulator.provider_api import PROVIDER_TEMPLATES
from tui.loket.simulator.scenario import Scenario, load_scenario
from tui.loket.simulator.world import World

DEMO_SCENARIO = Path(__file__).with_name("scenarios") / "demo.toml"
DEFAULT_APPLICATION = "XpertSuite"


def _compile_templates() -> list[tuple[re.Pattern[str], str]]:
    templates = [f"/v2{e.path}" for e in ENDPOINTS]
    templates += [f"/v2{p}" for p in (*ADMIN_TEMPLATES, *PROVIDER_TEMPLATES)]
    templates += ["/v2/applications/{applicationId}/authorizations", "/oauth/token",
                  "/oauth/authorize"]  # fmt: skip
    return [
        (re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", t) + "$"), t)
        for t in sorted(templates, key=lambda t: t.count("{"))
    ]


_TEMPLATES = _compile_templates()


def path_template(path: str) -> str:
    for pattern, template in _TEMPLATES:
        if pattern.match(path):
            return template
    return path if len(path) < 120 else "(other)"


class StatsRecorder:
    """Counts every request outside ``/_sim`` by path template and status (``reset`` for none)."""

    def __init__(self, app: ASGIApp, world: World) -> None:
        self.app = app
        self.world = world

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sim/"):
            await self.app(scope, receive, send)
            return
        status: list[int] = []

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        except SimulatedConnectionReset:
            self.world.stats.record(path_template(scope["path"]), "reset")
            raise
        self.world.stats.record(path_template(scope["path"]), str(status[0]) if status else "reset")


def _context_of(world: World) -> Callable[[Scope], tuple[str | None, str | None]]:
    """The user and employer a request concerns, for faults limited to one of them."""

    def context_of(scope: Scope) -> tuple[str | None, str | None]:
        authorization = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None
        )
        grant = world.grant_for(authorization)
        employer_id = None
        for segment in scope["path"].split("/"):
            if GUID.match(segment):
                guid = segment.lower()
                if guid in world.employers:
                    employer_id = guid
                elif guid in world.employments:
                    employer_id = world.employments[guid][0].id
                elif guid in world.payroll_administrations:
                    employer_id = world.payroll_administrations[guid][0].id
        return (grant.username if grant else None), employer_id

    return context_of


def _sim_routes(world: World) -> list[Route]:
    async def stats(request: Request) -> Response:
        return JSONResponse(world.stats.as_json())

    async def reset_stats(request: Request) -> Response:
        world.stats.__init__()  # type: ignore[misc]
        return JSONResponse(world.stats.as_json())

    async def connect(request: Request) -> Response:
        try:
            body: Any = json.loads(await request.body() or b"{}")
        except ValueError:
            return JSONResponse({"error": "The body must be JSON."}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "The body must be a JSON object."}, status_code=400)
        username = body.get("username")
        application = body.get("application", DEFAULT_APPLICATION)
        if username not in world.users:
            return JSONResponse({"error": f"Unknown user {username!r}."}, status_code=404)
        if not isinstance(application, str) or not application:
            return JSONResponse({"error": "application must be a name."}, status_code=400)
        integration = world.connect(username, application)
        return JSONResponse(payloads.integration(integration), status_code=201)

    return [
        Route("/_sim/stats", stats, methods=["GET"]),
        Route("/_sim/reset-stats", reset_stats, methods=["POST"]),
        Route("/_sim/connect", connect, methods=["POST"]),
    ]


def create_app(
    scenario: Scenario | None = None, *, clock: Callable[[], float] = time.time
) -> Starlette:
    """The simulator over ``scenario`` (default: the bundled demo world)."""
    world = World(scenario if scenario is not None else load_scenario(DEMO_SCENARIO), clock)
    app = Starlette(
        routes=[
            *routes(world, "/v2"),
            *admin_routes(world, "/v2"),
            *OAuthRoutes(world).routes("/oauth"),
            *_sim_routes(world),
        ],
        middleware=[
            Middleware(StatsRecorder, world=world),
            Middleware(
                FaultInjector,
                faults=world.scenario.faults,
                seed=world.scenario.seed,
                context_of=_context_of(world),
            ),
        ],
    )
    app.state.world = world
    return app
