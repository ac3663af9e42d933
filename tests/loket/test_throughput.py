"""Per-request overhead: 8 in flight against a server with 50 ms latency stays near the ideal.

Measured alone on a 2-CPU machine the ratio is about 1.12 (the benchmark's contract is 1.25); the
bound here is looser because the shared CI machine runs other tests at the same time. It still
catches the failures that matter, such as a Nagle/delayed-ACK stall (about 40 ms per request,
a ratio near 2).
"""

from __future__ import annotations

import asyncio
import time

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.loket.servers import envelope_detail, envelope_list, serve
from tui.loket.client import LoketClient
from tui.loket.http import make_http_client

LATENCY = 0.05
IN_FLIGHT = 8


async def slow(request: Request) -> Response:
    await asyncio.sleep(LATENCY)
    if request.url.path.endswith("/user"):
        return JSONResponse(envelope_detail({"personalDetails": {"lastName": "X"}}))
    return JSONResponse(envelope_list([{"id": "e", "employerNumber": 1, "companyName": "A"}]))


@pytest.mark.slow
async def test_wall_time_near_ideal() -> None:
    with serve(Starlette(routes=[Route("/{path:path}", slow)])) as base:
        async with make_http_client() as http:
            client = LoketClient(base + "/v2", http, concurrency=IN_FLIGHT)

            async def profile() -> None:
                await client.user("token")
                await client.employers("token")
                await client.integrations("token")

            started = time.perf_counter()
            await asyncio.gather(*(profile() for _ in range(150)))
            wall = time.perf_counter() - started
    ideal = client.requests * LATENCY / IN_FLIGHT
    assert client.requests == 450
    assert wall <= 1.5 * ideal, f"wall {wall:.2f} s, ideal {ideal:.2f} s"
