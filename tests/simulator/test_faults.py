"""Fault injection: each kind, in process and, where sockets matter, on a loopback port."""

from __future__ import annotations

import asyncio
import time
import tomllib
from typing import Any

import httpx
import pytest

from tests.simulator.conftest import ACCEPT, BASE_URL, login, token_form
from tui.loket.simulator import DEMO_SCENARIO, Scenario, create_app, serve_in_thread


def demo_with_faults(*faults: dict[str, Any], seed: int = 1) -> Scenario:
    data = tomllib.loads(DEMO_SCENARIO.read_text(encoding="utf-8"))
    data["faults"] = list(faults)
    data["seed"] = seed
    return Scenario.from_dict(data)


def asgi_client(scenario: Scenario) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(scenario)), base_url=BASE_URL
    )


async def statuses(http: httpx.AsyncClient, headers: dict[str, str], n: int) -> list[int]:
    return [(await http.get("/v2/user", headers=headers)).status_code for _ in range(n)]


async def test_latency_delays_matching_paths_only() -> None:
    async with asgi_client(demo_with_faults({"path": "/v2/user", "latency_ms": 120})) as http:
        headers = await login(http, "xs-goudenkorst")
        started = time.perf_counter()
        await http.get("/v2/user", headers=headers)
        slow = time.perf_counter() - started
        started = time.perf_counter()
        await http.get("/v2/users/integrations", headers=headers)
        fast = time.perf_counter() - started
    assert slow >= 0.12
    assert fast < 0.1


async def test_latency_counts_from_arrival_for_answers_and_injected_errors() -> None:
    fault = {"path": "/v2/user", "latency_ms": 120, "statuses": [503]}
    async with asgi_client(demo_with_faults(fault)) as http:
        headers = await login(http, "xs-goudenkorst")
        for expected in (503, 200):
            started = time.perf_counter()
            response = await http.get("/v2/user", headers=headers)
            took = time.perf_counter() - started
            assert response.status_code == expected
            assert 0.12 <= took < 0.12 + 0.1


async def test_jitter_varies_the_delay_within_its_bound() -> None:
    fault = {"path": "/v2/user", "latency_ms": 20, "jitter_ms": 150}
    async with asgi_client(demo_with_faults(fault, seed=3)) as http:
        headers = await login(http, "xs-goudenkorst")
        delays = []
        for _ in range(6):
            started = time.perf_counter()
            await http.get("/v2/user", headers=headers)
            delays.append(time.perf_counter() - started)
    assert min(delays) >= 0.02
    assert max(delays) < 0.02 + 0.15 + 0.1
    assert max(delays) - min(delays) > 0.02


async def test_fixed_status_sequence_then_normal() -> None:
    async with asgi_client(demo_with_faults({"path": "/v2/user", "statuses": [503, 502]})) as http:
        headers = await login(http, "xs-goudenkorst")
        assert await statuses(http, headers, 4) == [503, 502, 200, 200]


async def test_rate_limit_answers_429_with_retry_after_then_ok() -> None:
    fault = {"path": "/v2/*", "rate_limit": 2, "retry_after": 3}
    async with asgi_client(demo_with_faults(fault)) as http:
        headers = await login(http, "xs-goudenkorst")
        first = await http.get("/v2/user", headers=headers)
        assert first.status_code == 429
        assert first.headers["retry-after"] == "3"
        assert await statuses(http, headers, 2) == [429, 200]


async def test_per_path_counts_each_path_separately() -> None:
    fault = {"path": "/v2/*", "statuses": [503], "per_path": True}
    async with asgi_client(demo_with_faults(fault)) as http:
        headers = await login(http, "xs-goudenkorst")
        assert await statuses(http, headers, 2) == [503, 200]
        other = [
            (await http.get("/v2/users/integrations", headers=headers)).status_code for _ in "ab"
        ]
        assert other == [503, 200]


async def test_error_rate_is_seeded_and_repeatable() -> None:
    fault = {"path": "/v2/user", "error_rate": 0.5, "error_status": 500}
    runs = []
    for _ in range(2):
        async with asgi_client(demo_with_faults(fault, seed=7)) as http:
            headers = await login(http, "xs-goudenkorst")
            runs.append(await statuses(http, headers, 30))
    assert runs[0] == runs[1]
    assert set(runs[0]) == {200, 500}


async def test_user_and_employer_filters() -> None:
    by_user = {"path": "/v2/*", "user": "xs-hetanker", "statuses": [503]}
    by_employer = {"path": "/v2/*", "employer": 20720, "statuses": [500, 500]}
    async with asgi_client(demo_with_faults(by_user, by_employer)) as http:
        other = await login(http, "xs-zonnehof")
        assert await statuses(http, other, 1) == [200]
        anker = await login(http, "xs-hetanker")
        assert await statuses(http, anker, 2) == [503, 200]

        provider = await login(http, "ak-noord")
        employers = (await http.get("/v2/providers/employers", headers=provider)).json()
        ids = {e["employerNumber"]: e["id"] for e in employers["_embedded"]}
        groenrijk = await http.get(f"/v2/providers/employers/{ids[27301]}", headers=provider)
        assert groenrijk.status_code == 200
        path = f"/v2/providers/employers/{ids[20720]}/employees/employments"
        assert (await http.get(path, headers=provider)).status_code == 500
        employments = None
        while employments is None or employments.status_code != 200:
            employments = await http.get(path, headers=provider)
        employment = employments.json()["_embedded"][0]["id"]
        # An employment's path names no employer; the filter still finds it (counter used up).
        wages = f"/v2/providers/employers/employees/employments/{employment}/wages"
        assert (await http.get(wages, headers=provider)).status_code == 200


async def test_reset_in_process_raises_a_transport_error() -> None:
    async with asgi_client(demo_with_faults({"path": "/v2/user", "reset": 1})) as http:
        headers = await login(http, "xs-goudenkorst")
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get("/v2/user", headers=headers)
        assert (await http.get("/v2/user", headers=headers)).status_code == 200


def test_reset_on_a_socket_closes_without_response() -> None:
    app = create_app(demo_with_faults({"path": "/v2/user", "reset": 1}))
    with serve_in_thread(app) as base_url, httpx.Client(base_url=base_url) as http:
        token = http.post("/oauth/token", data=token_form("xs-goudenkorst")).json()
        headers = {"Authorization": f"Bearer {token['access_token']}", "Accept": ACCEPT}
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            http.get("/v2/user", headers=headers)
        assert http.get("/v2/user", headers=headers).status_code == 200
        stats = http.get("/_sim/stats").json()
    assert stats["by_status"]["reset"] == 1


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("invalid_json", "application/json"),
        ("html", "text/html"),
        ("wrong_content_type", "text/plain"),
    ],
)
async def test_malformed_bodies(kind: str, content_type: str) -> None:
    async with asgi_client(demo_with_faults({"path": "/v2/user", "malformed": kind})) as http:
        headers = await login(http, "xs-goudenkorst")
        response = await http.get("/v2/user", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(content_type)
    assert int(response.headers["content-length"]) == len(response.content)
    if kind == "wrong_content_type":
        assert response.json()["content"]["personalDetails"]["lastName"] == "De Gouden Korst"
    else:
        with pytest.raises(ValueError):
            response.json()


def test_slow_body_streams_in_delayed_chunks() -> None:
    fault = {"path": "/v2/authorizationmodel", "slow_body_chunks": 4, "slow_body_delay_ms": 100}
    app = create_app(demo_with_faults(fault))
    with serve_in_thread(app) as base_url, httpx.Client(base_url=base_url) as http:
        token = http.post("/oauth/token", data=token_form("xs-goudenkorst")).json()
        headers = {"Authorization": f"Bearer {token['access_token']}", "Accept": ACCEPT}
        started = time.perf_counter()
        with http.stream("GET", "/v2/authorizationmodel", headers=headers) as response:
            chunks = list(response.iter_raw())
        elapsed = time.perf_counter() - started
        assert b"".join(chunks).startswith(b'{"totalSize"')
        assert len(chunks) >= 2
        assert elapsed >= 0.4
        with pytest.raises(httpx.ReadTimeout):
            http.get("/v2/authorizationmodel", headers=headers, timeout=httpx.Timeout(5, read=0.05))


async def test_demo_drukkerij_gets_through_with_retries_within_seconds(
    demo_scenario: Scenario,
) -> None:
    async with asgi_client(demo_scenario) as http:
        headers = await login(http, "xs-hetanker")
        seen = []
        started = time.perf_counter()
        while True:
            response = await http.get("/v2/providers/employers", headers=headers)
            seen.append(response.status_code)
            if response.status_code == 200:
                break
            await _backoff(response)
        elapsed = time.perf_counter() - started
    assert seen == [503, 503, 429, 200]
    assert 1.0 <= elapsed < 3.0


async def _backoff(response: httpx.Response) -> None:
    await asyncio.sleep(float(response.headers.get("retry-after", "0.05")))
