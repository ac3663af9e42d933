"""The one shared HTTP client for the Loket.nl API and OAuth, and the helpers around it.

TLS verification is always on; a custom CA bundle (tests, corporate TLS-inspecting proxies) is
added through an SSL context, never by switching verification off.
"""

from __future__ import annotations

import asyncio
import email.utils
import errno
import os
import random
import re
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

# httpx loads its connection layer and anyio's asyncio backend at the first request: 35 ms of
# imports on the event loop, in the middle of the TUI's first check. Loaded with this module
# instead, in the thread that imports it.
import anyio._backends._asyncio  # noqa: F401
import h11  # noqa: F401
import httpcore  # noqa: F401
import httpx

from tui.loket.errors import (
    MalformedResponse,
    NetworkError,
    NetworkKind,
    ResponseTooLarge,
    one_line,
)
from tui.loket.urls import validate_base_url

__all__ = ["validate_base_url"]  # the client and OAuth import it from here

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
DEFAULT_TIMEOUT = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT, pool=30.0)
DEFAULT_MAX_CONNECTIONS = 20
# Loket's largest page is 250 entities (its default page size); the longest list entries here
# are well under 4 KB, so a page stays under 1 MiB. The cap leaves a wide margin above that.
DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024
# Loket's documents nest about a dozen levels; json.loads fails near 1,000.
MAX_JSON_DEPTH = 64


class RequestCounter:
    """Counts every request the shared client puts on the wire (retries and token requests too).

    It is an httpx request event hook, so it sees each attempt, including those whose connection
    then fails.
    """

    def __init__(self) -> None:
        self.count = 0

    async def __call__(self, request: httpx.Request) -> None:
        self.count += 1

    @classmethod
    def attach(cls, http: httpx.AsyncClient) -> RequestCounter:
        """The counter installed on ``http``, installing one if it has none."""
        hooks = http.event_hooks
        for hook in hooks.get("request", []):
            if isinstance(hook, RequestCounter):
                return hook
        counter = cls()
        hooks.setdefault("request", []).append(counter)
        http.event_hooks = hooks
        return counter


def tls_context(ca_bundle: str | Path | None = None) -> ssl.SSLContext:
    """A verifying context: the system's default trust plus ``ca_bundle`` when given.

    Loket.nl serves TLS 1.2 only; 1.2 is the floor, so a move to 1.3 keeps working.
    """
    context = ssl.create_default_context()
    try:
        import certifi

        context.load_verify_locations(cafile=certifi.where())
    except ImportError:  # certifi comes with httpx; the system store still applies without it
        pass
    if ca_bundle is not None:
        context.load_verify_locations(cafile=str(ca_bundle))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


_shared: dict[tuple[str | None, int, int], ssl.SSLContext] = {}
_shared_lock = threading.Lock()


def shared_tls_context(ca_bundle: str | Path | None = None) -> ssl.SSLContext:
    """``tls_context(ca_bundle)``, made once per bundle as it is on disk and shared by the
    clients made after: making one reads every trusted certificate (130-220 ms here), which
    each check paid on the runner's loop before its first request. A bundle rewritten since
    (another size or modification time) is read again."""
    if ca_bundle is None:
        key: tuple[str | None, int, int] = (None, 0, 0)
    else:
        try:
            found = os.stat(ca_bundle)
        except OSError:
            return tls_context(ca_bundle)  # raises as it always did
        key = (str(ca_bundle), found.st_size, found.st_mtime_ns)
    with _shared_lock:
        context = _shared.get(key)
        if context is None:
            context = _shared[key] = tls_context(ca_bundle)
        return context


def make_http_client(
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    ca_bundle: str | Path | None = None,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    trust_env: bool = True,
    deadline: float | None = None,
    max_body: int = DEFAULT_MAX_BODY_BYTES,
) -> httpx.AsyncClient:
    """The shared AsyncClient for API and OAuth calls, with a RequestCounter installed.

    ``max_connections`` should be at least the API client's concurrency plus a few for token
    requests. ``trust_env`` lets HTTPS_PROXY/NO_PROXY from the environment apply. Redirects are
    not followed: Loket's API does not redirect, and a redirect to a login page must surface as
    an error rather than be parsed.

    Every request ends within ``deadline`` seconds (default: the read timeout), its body
    decoded to at most ``max_body`` bytes (see BoundedTransport).
    """
    counter = RequestCounter()
    limits = httpx.Limits(
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=30.0,
    )
    http = httpx.AsyncClient(
        transport=transport,
        verify=shared_tls_context(ca_bundle),
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        trust_env=trust_env,
        event_hooks={"request": [counter], "response": []},
        headers={"User-Agent": "koppelaar", "Accept-Encoding": "gzip, deflate"},
    )
    if deadline is None:
        deadline = timeout.read if isinstance(timeout, httpx.Timeout) else timeout
    bound_client(http, deadline=deadline or READ_TIMEOUT, max_body=max_body)
    return http


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def network_kind(exc: httpx.TransportError) -> NetworkKind:
    """Classify an httpx transport failure."""
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    causes = _causes(exc)
    if any(isinstance(c, ssl.SSLError) for c in causes):
        return "tls"
    if isinstance(exc, httpx.ConnectError):
        if any(
            isinstance(c, ConnectionRefusedError)
            or (isinstance(c, OSError) and c.errno == errno.ECONNREFUSED)
            for c in causes
        ):
            return "refused"
        return "other"
    if isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError):
        return "reset"
    return "other"


def network_error(exc: httpx.TransportError, *, attempts: int = 1) -> NetworkError:
    try:
        host = exc.request.url.host
    except RuntimeError:  # no request attached
        host = "unknown host"
    return NetworkError(network_kind(exc), host, attempts=attempts)


def parse_retry_after(value: str | None, *, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when: datetime = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now())


def backoff_delay(
    attempt: int, *, base: float, cap: float, rng: Callable[[], float] = random.random
) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2**(attempt-1)))."""
    ceiling = min(cap, base * (2 ** max(0, attempt - 1)))
    return ceiling * rng()


# -- bounded responses ------------------------------------------------------------------------

_CHUNK = 64 * 1024
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``body`` (JSON or not) opens more than ``limit`` nested arrays or objects."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class _Decoder:
    """Decodes a gzip, deflate or plain body while counting, refusing more than ``cap``."""

    def __init__(self, encoding: str, cap: int, status: int) -> None:
        self.cap = cap
        self.status = status
        self.size = 0
        self.raw = 0
        self.parts: list[bytes] = []
        self._zlib: Any = None
        self._deflate = False
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()
            self._deflate = True
        elif encoding not in ("", "identity"):
            raise MalformedResponse(
                "encoding", status=status, detail=f"Content-Encoding {one_line(encoding, 40)}"
            )

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise ResponseTooLarge(self.cap, status=self.status)
        if data:
            self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        self.raw += len(chunk)
        if self.raw > self.cap:
            raise ResponseTooLarge(self.cap, status=self.status)
        if self._zlib is None:
            self._keep(chunk)
            return
        data = chunk
        while data:
            try:
                out = self._zlib.decompress(data, self.cap - self.size + 1)
            except zlib.error:
                if not self._deflate or self.size or self.raw != len(chunk):
                    raise MalformedResponse("encoding", status=self.status) from None
                # Some servers send raw deflate without the zlib header.
                self._deflate = False
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._keep(out)
            data = self._zlib.unconsumed_tail

    def body(self) -> bytes:
        if self._zlib is not None:
            try:
                self._keep(self._zlib.flush())
            except zlib.error:
                raise MalformedResponse("encoding", status=self.status) from None
        return b"".join(self.parts)


class BoundedTransport(httpx.AsyncBaseTransport):
    """Reads every response whole within ``deadline`` seconds (connect, headers and body
    together), decoded to at most ``max_body`` bytes and nested at most ``max_depth`` deep.

    A response over a bound raises a LoketError (not an httpx error), so it is not retried and
    ends as the one request's, and so the one profile's, error.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        deadline: float,
        max_body: int = DEFAULT_MAX_BODY_BYTES,
        max_depth: int = MAX_JSON_DEPTH,
    ) -> None:
        self.inner = inner
        self.deadline = deadline
        self.max_body = max_body
        self.max_depth = max_depth

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            async with asyncio.timeout(self.deadline):
                response = await self.inner.handle_async_request(request)
                try:
                    body = await self._read(response)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise NetworkError("timeout", request.url.host) from None
        if json_too_deep(body, self.max_depth):
            raise MalformedResponse(
                "too_deep", status=response.status_code, detail=f"over {self.max_depth} levels"
            )
        headers = [
            (name, value)
            for name, value in response.headers.multi_items()
            if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=body,
            extensions=response.extensions,
        )

    async def _read(self, response: httpx.Response) -> bytes:
        encoding = response.headers.get("Content-Encoding", "").strip().lower()
        decoder = _Decoder(encoding, self.max_body, response.status_code)
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)
        async for chunk in stream:
            decoder.feed(chunk)
        return decoder.body()

    async def aclose(self) -> None:
        await self.inner.aclose()


def bound_client(http: httpx.AsyncClient, *, deadline: float, max_body: int) -> None:
    """Put every transport of ``http`` (its own and the proxies' from the environment) behind
    a BoundedTransport."""
    http._transport = BoundedTransport(http._transport, deadline=deadline, max_body=max_body)
    http._mounts = {
        pattern: None
        if transport is None
        else BoundedTransport(transport, deadline=deadline, max_body=max_body)
        for pattern, transport in http._mounts.items()
    }
