"""Running the simulator on a loopback port: in a background thread (tests, demo) or blocking."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from tui.loket.simulator.app import DEMO_SCENARIO, create_app
from tui.loket.simulator.scenario import load_scenario

STARTUP_TIMEOUT = 10.0


@contextmanager
def serve_in_thread(app: Starlette, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a daemon thread; yields the base URL with the bound port."""
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="loket-simulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the simulator did not start on {host}:{port}")
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(STARTUP_TIMEOUT)


def run(port: int = 8080, scenario_path: str | Path | None = None) -> None:
    """Serve the simulator on 127.0.0.1 until interrupted."""
    path = Path(scenario_path) if scenario_path is not None else DEMO_SCENARIO
    app = create_app(load_scenario(path))
    print(f"Loket.nl simulator, scenario {path}")
    print(f"  api_url   = http://127.0.0.1:{port}/v2")
    print(f"  oauth_url = http://127.0.0.1:{port}/oauth")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info")
