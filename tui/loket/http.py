"""The one shared HTTP client for the Loket.nl API and OAuth, and the helpers around it.

TLS verification is always on; a custom CA bundle (tests, corporate TLS-inspecting proxies) is
added through an SSL context, never by switching verification off.
"""

from __future__ import annotations

import email.utils
import errno
import random
import ssl
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

# httpx loads its connection layer and anyio's asyncio backend at the first request: 35 ms of
# imports on the event loop, in the middle of the TUI's first check. Loaded with this module
# instead, in the thread that imports it.
import anyio._backends._asyncio  # noqa: F401
import h11  # noqa: F401
import httpcore  # noqa: F401
import httpx

from tui.loket.errors import InvalidUrl, NetworkError, NetworkKind

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
DEFAULT_TIMEOUT = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT, pool=30.0)
DEFAULT_MAX_CONNECTIONS = 20

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


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


def make_http_client(
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    ca_bundle: str | Path | None = None,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    trust_env: bool = True,
) -> httpx.AsyncClient:
    """The shared AsyncClient for API and OAuth calls, with a RequestCounter installed.

    ``max_connections`` should be at least the API client's concurrency plus a few for token
    requests. ``trust_env`` lets HTTPS_PROXY/NO_PROXY from the environment apply. Redirects are
    not followed: Loket's API does not redirect, and a redirect to a login page must surface as
    an error rather than be parsed.
    """
    counter = RequestCounter()
    limits = httpx.Limits(
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        keepalive_expiry=30.0,
    )
    return httpx.AsyncClient(
        transport=transport,
        verify=tls_context(ca_bundle),
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        trust_env=trust_env,
        event_hooks={"request": [counter], "response": []},
        headers={"User-Agent": "koppelaar"},
    )


def validate_base_url(url: str) -> str:
    """Check an API or OAuth base URL; returns it without a trailing slash.

    ``https`` is required, except on loopback (127.0.0.1, localhost, [::1]) where ``http``
    serves the simulator. User info, query and fragment are refused.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidUrl(f"Not a valid URL: {text!r}.") from exc
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise InvalidUrl(f"Not a valid http(s) URL: {text!r}.")
    if parts.username is not None or parts.password is not None:
        raise InvalidUrl("A Loket.nl URL must not contain a user name or password.")
    if parts.query or parts.fragment:
        raise InvalidUrl(f"A Loket.nl base URL takes no query or fragment: {text!r}.")
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
        raise InvalidUrl(
            f"Loket.nl URLs must use https (plain http is only allowed on 127.0.0.1, "
            f"localhost or [::1]): {text!r}."
        )
    if port == 0:
        raise InvalidUrl(f"Port 0 is not a valid port: {text!r}.")
    return text.rstrip("/")


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
