"""ASGI middleware that injects the scenario's faults in front of the simulator.

Kinds: latency (+ jitter), random errors, N times 429 with Retry-After, a fixed sequence of
statuses, connection resets, malformed bodies and slow bodies. Random draws come from one seeded
RNG per rule, so a test that sends the same requests sees the same faults.
"""

from __future__ import annotations

import asyncio
import fnmatch
import random
import re
import socket
import struct
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx

from tui.loket.simulator.scenario import Fault

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# (username, employer id) a request concerns, for rules limited to one user or employer.
ContextOf = Callable[[Scope], tuple[str | None, str | None]]

_HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head>"
    b"<body><h1>Service Unavailable</h1><p>The service is temporarily unavailable.</p>"
    b"</body></html>"
)


class SimulatedConnectionReset(httpx.RemoteProtocolError):
    """Raised in process (ASGI transport) where a socket would have been reset."""

    def __init__(self) -> None:
        super().__init__("Server disconnected without sending a response (simulated reset).")


class _Rule:
    def __init__(self, fault: Fault, seed: int) -> None:
        self.fault = fault
        pattern = fault.regex if fault.regex is not None else fnmatch.translate(fault.path)
        self.pattern = re.compile(pattern)
        self.rng = random.Random(seed)
        self.seen: Counter[str] = Counter()

    def next_count(self, path: str) -> int:
        key = path if self.fault.per_path else ""
        count = self.seen[key]
        self.seen[key] = count + 1
        return count


class FaultInjector:
    def __init__(self, app: ASGIApp, faults: list[Fault], seed: int, context_of: ContextOf) -> None:
        self.app = app
        self.rules = [_Rule(f, seed * 1000 + i) for i, f in enumerate(faults)]
        self.context_of = context_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.rules:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        rules = [r for r in self.rules if r.pattern.match(path)]
        if any(r.fault.user or r.fault.employer for r in rules):
            username, employer_id = self.context_of(scope)
            rules = [
                r
                for r in rules
                if (r.fault.user is None or r.fault.user == username)
                and (r.fault.employer is None or r.fault.employer == employer_id)
            ]
        if not rules:
            await self.app(scope, receive, send)
            return
        delay = sum(
            r.fault.latency_ms + (r.rng.uniform(0, r.fault.jitter_ms) if r.fault.jitter_ms else 0)
            for r in rules
        )
        # The answer leaves ``delay`` after the request came in: the app's own work happens
        # within that time, as a real server's would, rather than after it.
        due = asyncio.get_running_loop().time() + delay / 1000
        if any(
            r.fault.reset or r.fault.statuses or r.fault.rate_limit or r.fault.error_rate
            for r in rules
        ):
            await _until(due)
            for rule in rules:
                if await self._short_circuit(rule, path, receive, send):
                    return
        await self.app(scope, receive, self._wrap_send(rules, _sent_at(due, send)))

    async def _short_circuit(self, rule: _Rule, path: str, receive: Receive, send: Send) -> bool:
        """Answer instead of the app when a counted or random fault fires; True if it did."""
        fault = rule.fault
        counted = fault.reset or fault.statuses or fault.rate_limit
        count = rule.next_count(path) if counted else 0
        if count < fault.reset:
            await _reset(receive)
            return True
        count -= fault.reset
        if count < len(fault.statuses):
            await _respond(send, fault.statuses[count], b"")
            return True
        count -= len(fault.statuses)
        if count < fault.rate_limit:
            headers = [(b"retry-after", str(fault.retry_after).encode())]
            await _respond(send, 429, b"", headers)
            return True
        if fault.error_rate and rule.rng.random() < fault.error_rate:
            await _respond(send, fault.error_status, b"")
            return True
        return False

    def _wrap_send(self, rules: list[_Rule], send: Send) -> Send:
        malformed = next((r.fault for r in rules if r.fault.malformed), None)
        slow = next((r.fault for r in rules if r.fault.slow_body_chunks), None)
        if malformed is None and slow is None:
            return send
        start: Message = {}
        body = bytearray()

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            status, headers, payload = start["status"], list(start.get("headers", [])), bytes(body)
            if malformed is not None:
                status, headers, payload = _malform(malformed, status, headers, payload)
            if slow is None:
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": payload})
                return
            await _send_slowly(send, status, headers, payload, slow)

        return wrapped


def _malform(
    fault: Fault, status: int, headers: list[tuple[bytes, bytes]], payload: bytes
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    kept = [(k, v) for k, v in headers if k.lower() not in (b"content-type", b"content-length")]
    if fault.malformed == "wrong_content_type":
        content_type, body = b"text/plain; charset=utf-8", payload
    elif fault.malformed == "html":
        content_type, body, status = b"text/html; charset=utf-8", _HTML_PAGE, fault.malformed_status
    else:
        content_type = b"application/json; charset=utf-8"
        body, status = (payload[: max(1, len(payload) // 2)] or b"{"), fault.malformed_status
    kept += [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    return status, kept, body


async def _send_slowly(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], payload: bytes, fault: Fault
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    chunks = max(1, fault.slow_body_chunks)
    size = max(1, -(-len(payload) // chunks))
    for offset in range(0, max(len(payload), 1), size):
        await asyncio.sleep(fault.slow_body_delay_ms / 1000)
        more = offset + size < len(payload)
        await send(
            {
                "type": "http.response.body",
                "body": payload[offset : offset + size],
                "more_body": more,
            }
        )


async def _respond(
    send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    headers = [(b"content-length", str(len(body)).encode()), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _reset(receive: Receive) -> None:
    """Close the connection with a TCP RST and no response, or raise when there is no socket."""
    cycle = getattr(receive, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise SimulatedConnectionReset()
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    # Let the server see the connection as lost, so it sends nothing and logs nothing.
    for _ in range(3):
        await asyncio.sleep(0)


async def _until(due: float) -> None:
    wait = due - asyncio.get_running_loop().time()
    if wait > 0:
        await asyncio.sleep(wait)


def _sent_at(due: float, send: Send) -> Send:
    """``send`` that holds the response back until ``due`` (the loop's clock)."""

    async def held(message: Message) -> None:
        if message["type"] == "http.response.start":
            await _until(due)
        await send(message)

    return held
