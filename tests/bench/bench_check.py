"""Checking 500 profiles on one account: 50 ms per request, at most 8 in flight.

Bound: wall time at most 1.25x (requests x 50 ms / 8), and at most 510 requests.

For scale it also times the floor of this set-up in the same run: as many bare GETs, 8 in
flight, through a plain httpx client against the same simulator process. What the check takes
beyond that floor is the checker's own cost.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tui.checks.checker import Checker
from tui.config import LoketSettings, Settings
from tui.loket.simulator.scenario import Scenario, load_scenario
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretKind, SecretStore

COUNT = 500
LATENCY_S = 0.050
IN_FLIGHT = 8
TIME_RATIO = 1.25
MAX_REQUESTS = 510
SAVE = True
CLIENT_ID, CLIENT_SECRET = "bench-client", "bench-client-secret"


def scenario_toml(count: int = COUNT, latency_ms: int = 50) -> str:
    return f"""
[[clients]]
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
application = "Koppelaar"
password_grant = true

[[users]]
username = "xs-provider"
password = "bench-password-1"

[[generate]]
user = "xs-provider"
count = {count}

[[faults]]
path = "*"
latency_ms = {latency_ms}
"""


@contextlib.contextmanager
def simulator_process(scenario_file: Path) -> Iterator[str]:
    """The simulator in its own process, as a real Loket.nl would be: no shared GIL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "simulator", "--port", str(port), "--scenario",
         str(scenario_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


def settings_for(base_url: str) -> Settings:
    return Settings(
        loket=LoketSettings(
            environment="custom",
            api_url=f"{base_url}/v2",
            oauth_url=f"{base_url}/oauth",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            grant="password",
            concurrency=IN_FLIGHT,
        )
    )


def profiles_for(world: Scenario, directory: Path) -> list[Profile]:
    store = ProfileStore(directory)
    out = []
    for employer in sorted(world.employers.values(), key=lambda e: e.employer_number):
        p = Profile(
            slug=f"bulk-{employer.employer_number}",
            name=employer.company_name,
            werkgever_id=str(employer.employer_number),
            username="xs-provider",
        )
        out.append(store.save(p, create=True))
    return out


async def _check(base_url: str, profiles: list[Profile], store: ProfileStore) -> tuple[float, int]:
    secrets = SecretStore("session")
    secrets.set(SecretKind.LOKET_PASSWORD, "xs-provider", "bench-password-1")
    async with Checker(settings_for(base_url), secrets, store=store if SAVE else None) as checker:
        start = time.perf_counter()
        run = await checker.check_profiles(profiles)
        elapsed = time.perf_counter() - start
        statuses = {r.status for r in run.results}
        assert statuses == {"ready"}, statuses
        return elapsed, checker.requests


async def _floor(base_url: str, requests: int) -> float:
    """Seconds for ``requests`` bare GETs, at most ``IN_FLIGHT`` at a time."""
    async with httpx.AsyncClient(base_url=base_url) as http:
        token = (
            await http.post(
                "/oauth/token",
                data={
                    "grant_type": "password",
                    "username": "xs-provider",
                    "password": "bench-password-1",
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                },
            )
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        slots = asyncio.Semaphore(IN_FLIGHT)

        async def one() -> None:
            async with slots:
                await http.get("/v2/users/integrations", headers=headers)

        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(requests)))
        return time.perf_counter() - start


def run() -> list[tuple[str, float, float, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        scenario_file = Path(tmp) / "scenario.toml"
        scenario_file.write_text(scenario_toml(), encoding="utf-8")
        world = load_scenario(scenario_file)
        store = ProfileStore(Path(tmp) / "profiles")
        profiles = profiles_for(world, store.directory)
        with simulator_process(scenario_file) as base_url:
            elapsed, requests = asyncio.run(_check(base_url, profiles, store))
            floor = asyncio.run(_floor(base_url, requests))
    lower = requests * LATENCY_S / IN_FLIGHT
    print(f"  {COUNT} profiles: {requests} requests in {elapsed:.2f} s (lower bound {lower:.2f} s)")
    print(
        f"  floor of this set-up: {requests} bare GETs in {floor:.2f} s ({floor / lower:.2f}x the"
        f" lower bound); the check takes {elapsed / floor:.2f}x the floor"
    )
    return [
        (f"check: wall time, {COUNT} profiles (x lower bound)", elapsed / lower, TIME_RATIO, "x"),
        (f"check: requests for {COUNT} profiles", float(requests), float(MAX_REQUESTS), ""),
    ]


QUICK: dict[str, object] = {}  # already a few seconds

if __name__ == "__main__":
    from benchlib import main

    main(run, QUICK)
