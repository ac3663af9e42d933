"""Small purpose-built HTTP servers on 127.0.0.1 for the client and auth tests.

``serve(app)`` runs a Starlette app under uvicorn in a thread on a free loopback port, so the
client under test goes through real sockets, timeouts and TLS.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette


def envelope_list(
    items: list[dict[str, Any]], *, page: int = 1, page_size: int = 250, total: int | None = None
) -> dict[str, Any]:
    """A Loket list envelope (shape from info.description of Loket's OpenAPI document)."""
    total = len(items) if total is None else total
    return {
        "totalSize": total,
        "pageSize": page_size,
        "totalPages": max(1, -(-total // page_size)),
        "currentPage": page,
        "version": {"obsoleteDate": None, "resourceVersion": "2018-01-01"},
        "messages": [],
        "_embedded": items,
    }


def envelope_detail(content: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": {"obsoleteDate": None, "resourceVersion": "2018-01-01"},
        "messages": [],
        "content": content,
    }


@contextmanager
def serve(
    app: Starlette, *, certfile: Path | None = None, keyfile: Path | None = None
) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="critical",
        access_log=False,
        lifespan="off",
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    scheme = "https" if certfile else "http"
    try:
        yield f"{scheme}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
