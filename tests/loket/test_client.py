"""LoketClient over a real loopback socket against small purpose-built servers."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.loket.servers import envelope_detail, envelope_list, free_port, serve
from tests.tlscerts import self_signed
from tui.loket.client import PAGE_SIZE, LoketClient
from tui.loket.errors import (
    BadRequest,
    Forbidden,
    InvalidUrl,
    MalformedResponse,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
)
from tui.loket.http import (
    make_http_client,
    parse_retry_after,
    shared_tls_context,
    validate_base_url,
)

EMPLOYER_ID = "b14acd0d-75d7-4fc8-8b22-4a3924585cab"
TOKEN = "test-access-token"

Handler = Callable[[Request], Awaitable[Response]]


@dataclass
class Seen:
    """What a test server received."""

    paths: list[str] = field(default_factory=list)
    raw_paths: list[bytes] = field(default_factory=list)
    queries: list[dict[str, str]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0


def api_app(handler: Handler, seen: Seen) -> Starlette:
    async def endpoint(request: Request) -> Response:
        seen.paths.append(request.url.path)
        seen.raw_paths.append(request.scope["raw_path"])
        seen.queries.append(dict(request.query_params))
        seen.headers.append(dict(request.headers))
        seen.in_flight += 1
        seen.max_in_flight = max(seen.max_in_flight, seen.in_flight)
        try:
            return await handler(request)
        finally:
            seen.in_flight -= 1

    return Starlette(routes=[Route("/{path:path}", endpoint)])


class FakeSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with make_http_client(timeout=5.0) as client:
        yield client


def employer_json(number: int) -> dict[str, Any]:
    return {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "employerNumber": number,
        "companyName": f"Werkgever {number} B.V.",
        "chamberOfCommerceNumber": None,
        "providerSettings": {"administrationNumber": f"ADM{number}"},
    }


def client_for(base: str, http: httpx.AsyncClient, **kwargs: Any) -> LoketClient:
    kwargs.setdefault("sleep", FakeSleep())
    return LoketClient(base + "/v2", http, **kwargs)


# -- error statuses ----------------------------------------------------------------------------


async def test_401_gives_unauthorized(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        return JSONResponse({"message": "Authorization has been denied for this request."}, 401)

    seen = Seen()
    with serve(api_app(handler, seen)) as base, pytest.raises(Unauthorized) as caught:
        await client_for(base, http).user(TOKEN)
    assert caught.value.status == 401
    assert caught.value.code == "unauthorized"
    assert TOKEN not in caught.value.message
    assert len(seen.paths) == 1


async def test_403_carries_loket_reason(http: httpx.AsyncClient) -> None:
    reason = (
        "Insufficient rights for this request, reason \"User doesn't have rechten to perform "
        'activity for the given Id."'
    )

    async def handler(request: Request) -> Response:
        return JSONResponse({"message": reason}, 403)

    with serve(api_app(handler, Seen())) as base, pytest.raises(Forbidden) as caught:
        await client_for(base, http).employees(TOKEN, EMPLOYER_ID)
    assert caught.value.reason == reason
    assert caught.value.code == "forbidden"
    assert "rechten" in caught.value.message


async def test_404_without_body(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        return Response(status_code=404)

    with serve(api_app(handler, Seen())) as base, pytest.raises(NotFound) as caught:
        await client_for(base, http).employer(TOKEN, EMPLOYER_ID)
    assert caught.value.code == "not_found"
    assert "employer" in caught.value.message


async def test_400_carries_messages(http: httpx.AsyncClient) -> None:
    body = {
        "version": {"obsoleteDate": None, "versionNumber": "2018-01-01"},
        "messages": [
            {
                "code": 83,
                "id": None,
                "type": "BrokenBusinessRule",
                "description": "filter has an invalid length",
                "properties": [],
            }
        ],
        "_embedded": [],
    }

    async def handler(request: Request) -> Response:
        return JSONResponse(body, 400)

    with serve(api_app(handler, Seen())) as base, pytest.raises(BadRequest) as caught:
        await client_for(base, http).employers(TOKEN, filter="x" * 3)
    (message,) = caught.value.messages
    assert (message.code, message.type) == (83, "BrokenBusinessRule")
    assert message.description == "filter has an invalid length"
    assert "invalid length" in caught.value.message


# -- retries -----------------------------------------------------------------------------------


async def test_429_waits_retry_after_then_succeeds(http: httpx.AsyncClient) -> None:
    calls = 0

    async def handler(request: Request) -> Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            return JSONResponse({"message": "slow down"}, 429, headers={"Retry-After": "7"})
        return JSONResponse(envelope_list([employer_json(1)]))

    sleep = FakeSleep()
    with serve(api_app(handler, Seen())) as base:
        client = client_for(base, http, sleep=sleep)
        employers = await client.employers(TOKEN)
    assert [e.employer_number for e in employers] == [1]
    assert sleep.delays == [7.0]
    assert client.requests == 2


async def test_429_past_the_bound_gives_up(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        return JSONResponse({}, 429, headers={"Retry-After": "2"})

    sleep = FakeSleep()
    with serve(api_app(handler, Seen())) as base:
        client = client_for(base, http, sleep=sleep, max_retries=3)
        with pytest.raises(RateLimited) as caught:
            await client.integrations(TOKEN)
    assert client.requests == 4
    assert sleep.delays == [2.0, 2.0, 2.0]
    assert caught.value.retry_after == 2.0
    assert caught.value.code == "rate_limited"
    assert "4 attempt(s)" in caught.value.message


async def test_retry_after_longer_than_cap_gives_up_at_once(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        return JSONResponse({}, 429, headers={"Retry-After": "3600"})

    sleep = FakeSleep()
    with serve(api_app(handler, Seen())) as base:
        client = client_for(base, http, sleep=sleep, retry_after_cap=30.0)
        with pytest.raises(RateLimited) as caught:
            await client.user(TOKEN)
    assert sleep.delays == []
    assert "3600 s" in caught.value.message


async def test_503_twice_then_200_and_counter_counts_retries(http: httpx.AsyncClient) -> None:
    calls = 0

    async def handler(request: Request) -> Response:
        nonlocal calls
        calls += 1
        if calls <= 2:
            return Response("busy", 503)
        return JSONResponse(envelope_detail({"personalDetails": {"lastName": "Bergen"}}))

    sleep = FakeSleep()
    with serve(api_app(handler, Seen())) as base:
        client = client_for(base, http, sleep=sleep, backoff_base=0.5, rng=lambda: 1.0)
        user = await client.user(TOKEN)
    assert user.last_name == "Bergen"
    assert client.requests == 3
    assert sleep.delays == [0.5, 1.0]  # full jitter at its ceiling: base * 2**(attempt-1)


async def test_500_is_not_retried(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        return Response("oops", 500)

    with serve(api_app(handler, Seen())) as base:
        client = client_for(base, http)
        with pytest.raises(ServerError) as caught:
            await client.user(TOKEN)
    assert caught.value.status == 500
    assert client.requests == 1


async def test_connection_refused_retries_then_network_error(http: httpx.AsyncClient) -> None:
    sleep = FakeSleep()
    client = LoketClient(f"http://127.0.0.1:{free_port()}/v2", http, sleep=sleep, max_retries=2)
    with pytest.raises(NetworkError) as caught:
        await client.user(TOKEN)
    assert caught.value.kind == "refused"
    assert caught.value.code == "network.refused"
    assert client.requests == 3
    assert len(sleep.delays) == 2


async def test_read_timeout() -> None:
    async def handler(request: Request) -> Response:
        await asyncio.sleep(1.0)
        return JSONResponse(envelope_detail({}))

    async with make_http_client(timeout=0.2) as http:
        with serve(api_app(handler, Seen())) as base:
            client = client_for(base, http, max_retries=0)
            with pytest.raises(NetworkError) as caught:
                await client.user(TOKEN)
    assert caught.value.kind == "timeout"
    assert "did not answer in time" in caught.value.message


async def test_reset_mid_body(http: httpx.AsyncClient) -> None:
    """A raw server announces 1000 bytes, sends a few, and closes the connection."""
    hits = 0

    async def broken(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal hits
        hits += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
            b'{"content": {'
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(broken, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        sleep = FakeSleep()
        client = LoketClient(f"http://127.0.0.1:{port}/v2", http, sleep=sleep, max_retries=1)
        with pytest.raises(NetworkError) as caught:
            await client.user(TOKEN)
    finally:
        server.close()
        await server.wait_closed()
    assert caught.value.kind == "reset"
    assert hits == 2  # a GET broken off mid-body is retried


# -- malformed responses -----------------------------------------------------------------------


async def test_html_page_instead_of_json(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        return Response("<!DOCTYPE html><html><body>Onderhoud</body></html>", 200,
                        media_type="text/html")  # fmt: skip

    with serve(api_app(handler, Seen())) as base, pytest.raises(MalformedResponse) as caught:
        await client_for(base, http).employers(TOKEN)
    assert caught.value.kind == "html"
    assert caught.value.code == "malformed.html"


async def test_json_content_type_but_broken_json(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        return Response('{"_embedded": [', 200, media_type="application/json")

    with serve(api_app(handler, Seen())) as base, pytest.raises(MalformedResponse) as caught:
        await client_for(base, http).employers(TOKEN)
    assert caught.value.kind == "not_json"


@pytest.mark.parametrize(
    ("body", "call"),
    [
        ({"_embedded": {"id": "x"}}, "employers"),
        ({"content": [1, 2]}, "user"),
        ([1, 2, 3], "employers"),
        ({"_embedded": [{"id": 5}]}, "employers"),
        ({"_embedded": [], "totalPages": "many"}, "employers"),
        ({"_embedded": [], "messages": "none"}, "integrations"),
    ],
)
async def test_wrong_shape(http: httpx.AsyncClient, body: Any, call: str) -> None:
    async def handler(request: Request) -> Response:
        return JSONResponse(body)

    with serve(api_app(handler, Seen())) as base:
        method = getattr(client_for(base, http), call)
        with pytest.raises(MalformedResponse) as caught:
            await method(TOKEN)
    assert caught.value.kind == "shape"


# -- paging, versions, concurrency -------------------------------------------------------------


async def test_paging_over_three_pages(http: httpx.AsyncClient) -> None:
    everyone = [employer_json(n) for n in range(1, 8)]
    server_page_size = 3  # this server caps pageSize, so 7 employers take three pages

    async def handler(request: Request) -> Response:
        page = int(request.query_params.get("pageNumber", "1"))
        start = (page - 1) * server_page_size
        items = everyone[start : start + server_page_size]
        return JSONResponse(
            envelope_list(items, page=page, page_size=server_page_size, total=len(everyone))
        )

    seen = Seen()
    with serve(api_app(handler, seen)) as base:
        client = client_for(base, http, concurrency=1)
        employers = await client.employers(TOKEN, filter="companyName lk 'Werkgever'")
    assert [e.employer_number for e in employers] == list(range(1, 8))
    assert employers[0].administration_number == "ADM1"
    assert [q["pageNumber"] for q in seen.queries] == ["1", "2", "3"]
    assert {q["pageSize"] for q in seen.queries} == {str(PAGE_SIZE)}
    assert {q["filter"] for q in seen.queries} == {"companyName lk 'Werkgever'"}
    assert client.requests == 3


async def test_accept_header_version_per_resource(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        if request.url.path.endswith(("/user", EMPLOYER_ID)):
            return JSONResponse(envelope_detail({"id": EMPLOYER_ID}))
        return JSONResponse(envelope_list([]))

    seen = Seen()
    with serve(api_app(handler, seen)) as base:
        client = client_for(base, http)
        await client.user(TOKEN)
        await client.employer(TOKEN, EMPLOYER_ID)
        await client.employer_authorizations(TOKEN, EMPLOYER_ID)
        await client.employees(TOKEN, EMPLOYER_ID)
        await client.employments(TOKEN, EMPLOYER_ID)
        await client.payroll_runs(TOKEN, EMPLOYER_ID)
    # Versions from Loket's OpenAPI document (tests/data/openapi/*.json).
    expected = {
        "/v2/user": "2018-01-01",
        f"/v2/providers/employers/{EMPLOYER_ID}": "2018-01-01",
        f"/v2/providers/employers/{EMPLOYER_ID}/authorizations": "2019-02-11",
        f"/v2/providers/employers/{EMPLOYER_ID}/employees": "2021-03-29",
        f"/v2/providers/employers/{EMPLOYER_ID}/employees/employments": "2019-12-16",
        f"/v2/providers/employers/payrolladministrations/{EMPLOYER_ID}/payrollruns": "2018-01-01",
    }
    got = {p: h["accept"] for p, h in zip(seen.paths, seen.headers, strict=True)}
    assert got == {p: f"application/json;version={v}" for p, v in expected.items()}
    assert {h["authorization"] for h in seen.headers} == {f"Bearer {TOKEN}"}


async def test_authorizations_fall_back_to_2018_name(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        return JSONResponse(envelope_list([{"name": "GetEmployeesByEmployerId"}]))

    with serve(api_app(handler, Seen())) as base:
        names = await client_for(base, http).employer_authorizations(TOKEN, EMPLOYER_ID)
    assert names == ["GetEmployeesByEmployerId"]


async def test_concurrency_limit_respected(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        await asyncio.sleep(0.05)
        return JSONResponse(envelope_list([]))

    seen = Seen()
    with serve(api_app(handler, seen)) as base:
        client = client_for(base, http, concurrency=3)
        await asyncio.gather(*(client.integrations(TOKEN) for _ in range(12)))
    assert seen.max_in_flight == 3
    assert client.requests == 12


async def test_retry_sleep_does_not_hold_a_slot(http: httpx.AsyncClient) -> None:
    calls = 0

    async def handler(request: Request) -> Response:
        nonlocal calls
        calls += 1
        if request.url.path.endswith("/user") and calls == 1:
            return Response("busy", 503)
        if request.url.path.endswith("/user"):
            return JSONResponse(envelope_detail({}))
        return JSONResponse(envelope_list([]))

    other_done = asyncio.Event()

    async def sleep_until_other_done(seconds: float) -> None:
        await other_done.wait()

    with serve(api_app(handler, Seen())) as base:
        client = client_for(base, http, concurrency=1, sleep=sleep_until_other_done)
        retrying = asyncio.create_task(client.user(TOKEN))
        while calls < 1:
            await asyncio.sleep(0.01)
        await asyncio.wait_for(client.integrations(TOKEN), timeout=5)
        other_done.set()
        await asyncio.wait_for(retrying, timeout=5)
    assert client.requests == 3


async def test_cancel_during_retry_sleep(http: httpx.AsyncClient) -> None:
    async def handler(request: Request) -> Response:
        if request.url.path.endswith("/user"):
            return JSONResponse({}, 429, headers={"Retry-After": "20"})
        return JSONResponse(envelope_list([]))

    sleeping = asyncio.Event()

    async def real_sleep(seconds: float) -> None:
        sleeping.set()
        await asyncio.sleep(seconds)

    with serve(api_app(handler, Seen())) as base:
        client = client_for(base, http, concurrency=1, sleep=real_sleep)
        task = asyncio.create_task(client.user(TOKEN))
        await asyncio.wait_for(sleeping.wait(), timeout=5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # The slot was released: another call still gets through with concurrency 1.
        assert await asyncio.wait_for(client.integrations(TOKEN), timeout=5) == []


async def test_typed_results(http: httpx.AsyncClient) -> None:
    model_entry = {
        "id": "1",
        "description": "GetWagesByEmploymentId",
        "functionalDescription": "Ophalen van de salarisgegevens",
        "authorizations": [{"id": "a", "description": "Raadplegen beloningen"}],
        "modules": [{"id": "m", "description": "Personeelsregistratie"}],
        "roles": [{"id": "r", "description": "Provider"}],
    }
    integration = {
        "createdOn": "2026-01-01T10:00:00+01:00",
        "lastLogin": None,
        "isBlocked": False,
        "application": {"id": "app", "name": "XpertSuite", "isBlocked": False},
    }
    administration = {"id": "pa", "name": "Maand", "clientNumber": 100482,
                      "administrationNumber": "A-1"}  # fmt: skip
    bodies = {
        "/v2/authorizationmodel": envelope_list([model_entry]),
        "/v2/users/integrations": envelope_list([integration]),
        f"/v2/providers/employers/{EMPLOYER_ID}/payrolladministrations": envelope_list(
            [administration]
        ),
    }

    async def handler(request: Request) -> Response:
        return JSONResponse(bodies[request.url.path])

    with serve(api_app(handler, Seen())) as base:
        client = client_for(base, http)
        (entry,) = await client.authorization_model(TOKEN)
        (linked,) = await client.integrations(TOKEN)
        (admin,) = await client.payroll_administrations(TOKEN, EMPLOYER_ID)
    assert entry.activity == "GetWagesByEmploymentId"
    assert entry.authorizations == ("Raadplegen beloningen",)
    assert linked.application_name == "XpertSuite"
    assert not linked.is_blocked
    assert (admin.client_number, admin.administration_number) == (100482, "A-1")


async def test_path_ids_are_escaped(http: httpx.AsyncClient) -> None:
    seen = Seen()

    async def handler(request: Request) -> Response:
        return Response(status_code=404)

    with serve(api_app(handler, seen)) as base, pytest.raises(NotFound):
        await client_for(base, http).employer(TOKEN, "../users/integrations")
    assert seen.raw_paths == [b"/v2/providers/employers/..%2Fusers%2Fintegrations"]


# -- TLS and URLs ------------------------------------------------------------------------------


async def test_self_signed_certificate_is_refused(tmp_path: Path) -> None:
    certfile, keyfile = self_signed(tmp_path)

    async def handler(request: Request) -> Response:
        return JSONResponse(envelope_detail({}))

    seen = Seen()
    with serve(api_app(handler, seen), certfile=certfile, keyfile=keyfile) as base:
        async with make_http_client(timeout=5.0) as http:
            client = client_for(base, http)
            with pytest.raises(NetworkError) as caught:
                await client.user(TOKEN)
        # The same server is trusted once its certificate is given as the CA bundle.
        async with make_http_client(timeout=5.0, ca_bundle=certfile) as trusting:
            await client_for(base, trusting).user(TOKEN)
    assert caught.value.kind == "tls"
    assert caught.value.code == "network.tls"
    assert client.requests == 1  # a certificate failure is not retried
    assert len(seen.paths) == 1  # only the trusting client's request reached the app


@pytest.mark.parametrize(
    "url",
    [
        "https://api.loket.nl/v2",
        "https://api.loket-acc.nl/v2/",
        "http://127.0.0.1:8080/v2",
        "http://localhost:8080/oauth",
        "http://[::1]:8080/v2",
    ],
)
def test_validate_base_url_accepts(url: str) -> None:
    assert validate_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://api.loket.nl/v2",
        "http://127.0.0.2.example.com/v2",
        "ftp://127.0.0.1/v2",
        "https://user:secret@api.loket.nl/v2",
        "https://api.loket.nl/v2?x=1",
        "api.loket.nl/v2",
        "https:///v2",
        "http://localhost:99999/v2",
    ],
)
def test_validate_base_url_refuses(url: str) -> None:
    with pytest.raises(InvalidUrl) as caught:
        validate_base_url(url)
    assert "secret" not in caught.value.message


def test_parse_retry_after() -> None:
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412470.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412490.0) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_clients_share_one_tls_context_per_bundle_until_it_is_rewritten(tmp_path: Path) -> None:
    """Making a context reads every trusted certificate (130-220 ms here): a check makes its
    client with the one made before, for the same bundle as it is on disk."""
    assert shared_tls_context() is shared_tls_context()
    certfile, _ = self_signed(tmp_path)
    first = shared_tls_context(certfile)
    assert shared_tls_context(str(certfile)) is first
    assert first is not shared_tls_context()
    stat = certfile.stat()
    (tmp_path / "other").mkdir()
    other, _ = self_signed(tmp_path / "other")
    certfile.write_bytes(other.read_bytes())
    os.utime(certfile, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    renewed = shared_tls_context(certfile)
    assert renewed is not first
    assert shared_tls_context(certfile) is renewed
