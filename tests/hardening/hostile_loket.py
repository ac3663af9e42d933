"""A hostile Loket.nl on loopback: a raw HTTP/1.1 front that passes healthy users through to
the simulator and answers hostile users' requests with a gzip bomb, an endless body, a slowloris
(headers or body) or 100,000-deep JSON.

A user is recognised by the ``username`` of its token request; the API requests carrying the
access token the simulator issued to it get that user's treatment. Every loop here is bounded in
bytes and in time (``SERVE_LIMIT`` seconds per connection), so a client without bounds is slow
or big, never stuck forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any
from urllib.parse import parse_qs

import httpx

from tests.hardening.hostile import NN_RIGHTS

CLIENT_ID = "koppelaar-hostile-loket"
CLIENT_SECRET = "hostile-loket-secret-4321"
HEALTHY_USERS = ("ok-1", "ok-2")
# Hostile user -> what it gets (API requests, or the token request for "deep-token").
HOSTILE_USERS = {
    "h-gzip": "gzip-bomb",
    "h-endless": "endless",
    "h-slow-body": "slow-body",
    "h-slow-headers": "slow-headers",
    "h-deep": "deep",
    "h-deep-token": "deep-token",
}
EMPLOYERS_PER_USER = 2
SERVE_LIMIT = 90.0  # seconds one connection is served at most
BOMB_DECODED = 1024 * 1024 * 1024  # the gzip bomb decodes to 1 GiB of JSON-looking bytes
ENDLESS_LIMIT = 1024 * 1024 * 1024  # the endless body stops after 1 GiB
TRICKLE_SECONDS = 0.5  # one byte per this many seconds (slowloris)
DEEP = 100_000


def password(user: str) -> str:
    return f"Pw-{user}-Hostile-2026!"


def users(with_hostile: bool = True) -> list[str]:
    return [*HEALTHY_USERS, *(HOSTILE_USERS if with_hostile else ())]


def employer_number(user: str, n: int) -> int:
    return 60000 + users().index(user) * 10 + n


def scenario_dict() -> dict[str, Any]:
    employers: list[dict[str, Any]] = []
    access: list[dict[str, Any]] = []
    for user in users():
        for n in range(EMPLOYERS_PER_USER):
            number = employer_number(user, n)
            employers.append(
                {
                    "employer_number": number,
                    "company_name": f"Werkgever {user} {n} B.V.",
                    "payroll_administrations": [
                        {"client_number": number + 100000, "name": f"Salaris {number}"}
                    ],
                    "employees": [{"employee_number": 1, "last_name": "Jansen"}],
                }
            )
            access.append({"user": user, "employer": number, "rights": NN_RIGHTS})
    return {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "application": "Koppelaar",
                "password_grant": True,
            }
        ],
        "users": [{"username": u, "password": password(u)} for u in users()],
        "employers": employers,
        "access": access,
    }


@cache
def gzip_bomb() -> bytes:
    """About 1 MiB of gzip that decodes to ``BOMB_DECODED`` bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"[" + b" " * (1024 * 1024 - 1)
    parts = [packer.compress(block) for _ in range(BOMB_DECODED // len(block))]
    parts.append(packer.flush())
    return b"".join(parts)


class HostileLoket:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.tokens: dict[str, str] = {}  # access token -> user
        self.treated: dict[str, int] = {}  # treatment -> requests so answered
        self._lock = threading.Lock()

    # -- HTTP plumbing -------------------------------------------------------------------------

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(SERVE_LIMIT):
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                await self.answer(writer, method, target, headers, body)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()

    async def answer(self, writer: asyncio.StreamWriter, method: str, target: str,
                     headers: dict[str, str], body: bytes) -> None:  # fmt: skip
        treatment = None
        if target.startswith("/oauth/token"):
            user = parse_qs(body.decode()).get("username", [""])[0]
            if HOSTILE_USERS.get(user) == "deep-token":
                treatment = "deep"
        else:
            token = headers.get("authorization", "").removeprefix("Bearer ")
            user = self.tokens.get(token, "")
            treatment = HOSTILE_USERS.get(user)
        if treatment is not None:
            with self._lock:
                self.treated[treatment] = self.treated.get(treatment, 0) + 1
            await TREATMENTS[treatment](writer)
            return
        status, reply_headers, content = await self.forward(method, target, headers, body)
        if target.startswith("/oauth/token") and status == 200:
            with self._lock:
                self.tokens[json.loads(content)["access_token"]] = user
        await send(writer, status, reply_headers, content)

    async def forward(self, method: str, target: str, headers: dict[str, str],
                      body: bytes) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
        wanted = ("authorization", "accept", "content-type")
        keep = {k: v for k, v in headers.items() if k in wanted}
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.request(
                method, self.upstream + target, headers=keep, content=body
            )
        return (
            response.status_code,
            {"Content-Type": response.headers.get("content-type", "application/json")},
            response.content,
        )


async def send(writer: asyncio.StreamWriter, status: int, headers: dict[str, str],
               content: bytes) -> None:  # fmt: skip
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(content)}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + content)
    await writer.drain()


JSON_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json;version=2018-01-01\r\n"


async def gzip_bomb_reply(writer: asyncio.StreamWriter) -> None:
    bomb = gzip_bomb()
    await send(writer, 200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, bomb)


async def endless_reply(writer: asyncio.StreamWriter) -> None:
    writer.write((JSON_HEAD + "Connection: close\r\n\r\n").encode() + b'{"_embedded": [')
    chunk = b'{"id": "x", "name": "' + b"a" * 65_000 + b'"},'
    sent = 0
    while sent < ENDLESS_LIMIT:
        writer.write(chunk)
        await writer.drain()
        sent += len(chunk)


async def slow_body_reply(writer: asyncio.StreamWriter) -> None:
    writer.write((JSON_HEAD + "Content-Length: 1000000\r\n\r\n").encode())
    for _ in range(int(SERVE_LIMIT / TRICKLE_SECONDS)):
        writer.write(b" ")
        await writer.drain()
        await asyncio.sleep(TRICKLE_SECONDS)


async def slow_headers_reply(writer: asyncio.StreamWriter) -> None:
    for byte in (JSON_HEAD + "X-Slow: " + "s" * 1000).encode():
        writer.write(bytes([byte]))
        await writer.drain()
        await asyncio.sleep(TRICKLE_SECONDS)


async def deep_reply(writer: asyncio.StreamWriter) -> None:
    content = b'{"_embedded": ' + b"[" * DEEP + b"]" * DEEP + b', "access_token": "x"}'
    await send(writer, 200, {"Content-Type": "application/json"}, content)


TREATMENTS = {
    "gzip-bomb": gzip_bomb_reply,
    "endless": endless_reply,
    "slow-body": slow_body_reply,
    "slow-headers": slow_headers_reply,
    "deep": deep_reply,
}


@contextmanager
def serve_hostile(upstream: str) -> Iterator[tuple[str, HostileLoket]]:
    """The hostile front on a loopback port in a thread; yields its base URL."""
    front = HostileLoket(upstream)
    gzip_bomb()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: dict[str, Any] = {}

    async def main() -> None:
        server = await asyncio.start_server(front.serve, "127.0.0.1", 0)
        holder["port"] = server.sockets[0].getsockname()[1]
        holder["server"] = server
        started.set()
        async with server:
            await server.serve_forever()

    def run() -> None:
        with contextlib.suppress(asyncio.CancelledError):
            loop.run_until_complete(main())

    thread = threading.Thread(target=run, name="hostile-loket", daemon=True)
    thread.start()
    assert started.wait(10), "the hostile front did not start"
    try:
        yield f"http://127.0.0.1:{holder['port']}", front
    finally:

        def stop() -> None:
            for task in asyncio.all_tasks(loop):
                task.cancel()

        loop.call_soon_threadsafe(stop)
        thread.join(10)
