"""Network faults during ``koppelaar check --all --json``, the real command in a subprocess,
against the simulator on a loopback port.

One Loket.nl user per fault kind (timeout, reset, 500, 503 storm, 429 storm, invalid JSON, HTML
page, wrong content type), each reaching two employers, plus healthy users. Every faulty profile
must end in ``error`` naming its fault, the healthy ones exactly as in a run without faults, the
command must exit 1 without a traceback, within a time computed from the client's retry
settings. Separately: an https simulator with a self-signed certificate must be refused (TLS),
and a server that is down must be reported as such, both quickly (no retries).
"""

from __future__ import annotations

import inspect
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tests.hardening.cli_run import CliRun, isolated_env, run_cli
from tests.hardening.faults_world import (
    CLIENT_ID,
    CLIENT_SECRET,
    FAULT_CASES,
    HEALTHY_USERS,
    READ_TIMEOUT,
    FaultCase,
    faults_profiles,
    faults_scenario_dict,
    user_passwords,
)
from tests.tlscerts import self_signed
from tui.loket.client import LoketClient
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Scenario
from tui.loket.simulator.server import serve_in_thread
from tui.profiles.store import ProfileStore

pytestmark = pytest.mark.slow

KEYRING_BACKEND = "tests.secrets.backends.JsonFileKeyring"


def _client_default(name: str) -> float:
    value = inspect.signature(LoketClient.__init__).parameters[name].default
    assert isinstance(value, int | float)
    return float(value)


def worst_chain_seconds(read_timeout: float, retry_after: float) -> float:
    """The longest one failing GET can take with the client's default retry settings: a read
    timeout is retried once (two waits of the full read timeout), anything else up to
    ``max_retries`` times at the server's Retry-After or the largest backoff (full jitter: at
    most base * 2**(n-1), capped)."""
    retries = int(_client_default("max_retries"))
    base, cap = _client_default("backoff_base"), _client_default("retry_after_cap")
    backoff = sum(min(cap, base * 2 ** (n - 1)) for n in range(1, retries + 1))
    timeouts = 2 * read_timeout + backoff
    rate_limited = retries * min(retry_after, cap)
    return max(timeouts, rate_limited)


# Start-up of the interpreter and the app, the sign-ins and the healthy requests.
FIXED_OVERHEAD = 6.0
# A profile's probe runs its account's failing reads in parallel, then stops: one chain, with
# room for a second (the token request and the first reads are sequential).
FAULT_RUN_BOUND = 2 * worst_chain_seconds(READ_TIMEOUT, 1.0) + FIXED_OVERHEAD


@dataclass
class CheckOutcome:
    run: CliRun
    document: dict[str, Any]

    def profile(self, slug: str) -> dict[str, Any]:
        return next(p for p in self.document["profiles"] if p["profile"] == slug)

    def of_user(self, user: str) -> list[dict[str, Any]]:
        return [p for p in self.document["profiles"] if p["profile"].startswith(f"{user}-")]


def prepare(root: Path) -> tuple[Path, dict[str, str]]:
    """Profiles for the fault world and a file keyring holding every user's password."""
    profiles = root / "profiles"
    store = ProfileStore(profiles)
    for profile in faults_profiles():
        store.save(profile, create=True)
    keyring_file = root / "keyring.json"
    keyring_file.write_text(
        json.dumps({f"koppelaar:loket-password\x00{u}": p for u, p in user_passwords().items()}),
        encoding="utf-8",
    )
    env = {
        "KOPPELAAR_LOKET_CLIENT_ID": CLIENT_ID,
        "KOPPELAAR_LOKET_CLIENT_SECRET": CLIENT_SECRET,
        "KOPPELAAR_LOKET_GRANT": "password",
        "KOPPELAAR_SECRETS": "keyring",
        "KOPPELAAR_CONFIG": str(root / "config.toml"),
        "PYTHON_KEYRING_BACKEND": KEYRING_BACKEND,
        "KOPPELAAR_TEST_KEYRING_FILE": str(keyring_file),
        "KOPPELAAR_LOKET_TIMEOUT": str(READ_TIMEOUT),
    }
    return profiles, env


def check_all(root: Path, base: str, *extra: str) -> CliRun:
    profiles, env = prepare(root)
    env |= {"KOPPELAAR_LOKET_API_URL": f"{base}/v2", "KOPPELAAR_LOKET_OAUTH_URL": f"{base}/oauth"}
    return run_cli(
        ["--lang", "en", "--profiles", str(profiles), "check", "--all", *extra],
        isolated_env(root, env),
        timeout=120,
    )


def outcome(run: CliRun) -> CheckOutcome:
    assert "Traceback" not in run.stderr, run.stderr
    return CheckOutcome(run, json.loads(run.stdout))


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> CheckOutcome:
    scenario = Scenario.from_dict(faults_scenario_dict(with_faults=True), "<faults>")
    with serve_in_thread(create_app(scenario)) as base:
        return outcome(check_all(tmp_path_factory.mktemp("faulty"), base, "--json"))


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> CheckOutcome:
    scenario = Scenario.from_dict(faults_scenario_dict(with_faults=False), "<no faults>")
    with serve_in_thread(create_app(scenario)) as base:
        return outcome(check_all(tmp_path_factory.mktemp("healthy"), base, "--json"))


def test_the_world_is_ready_without_faults(healthy: CheckOutcome) -> None:
    assert healthy.run.returncode == 0, healthy.run.stderr
    statuses = {p["profile"]: p["status"] for p in healthy.document["profiles"]}
    assert statuses == {p.slug: "ready" for p in faults_profiles()}


def test_faults_end_in_exit_one_without_a_crash(faulty: CheckOutcome) -> None:
    assert faulty.run.returncode == 1, faulty.run.stderr
    assert faulty.run.stderr.strip() == ""
    assert len(faulty.document["profiles"]) == len(faults_profiles())


def test_the_run_is_bounded_by_the_retry_settings(faulty: CheckOutcome) -> None:
    assert faulty.run.seconds < FAULT_RUN_BOUND, (faulty.run.seconds, FAULT_RUN_BOUND)


@pytest.mark.parametrize("case", FAULT_CASES, ids=[case.user for case in FAULT_CASES])
def test_each_faulty_profile_names_its_fault(faulty: CheckOutcome, case: FaultCase) -> None:
    profiles = faulty.of_user(case.user)
    assert len(profiles) == 2
    for profile in profiles:
        assert profile["status"] == "error", profile
        reason = (profile["error"] or "").lower()
        assert any(word in reason for word in case.reason_words), (case.user, reason)
        unchecked = [i for i in profile["items"] if i["status"] == "unknown"]
        assert unchecked, "the items that could not be checked say so"
        assert all(profile["error"] in item["detail"] for item in unchecked)
        assert not [i for i in profile["items"] if i["status"] == "fail"], (
            "a fault must never turn into a failed check"
        )


@pytest.mark.parametrize("user", HEALTHY_USERS)
def test_healthy_users_are_exactly_as_without_faults(
    faulty: CheckOutcome, healthy: CheckOutcome, user: str
) -> None:
    def comparable(profiles: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(profiles, key=lambda p: str(p["profile"]))

    got, expected = comparable(faulty.of_user(user)), comparable(healthy.of_user(user))
    assert got == expected
    assert all(p["status"] == "ready" for p in got)


# -- TLS with an untrusted certificate, and a server that is down -----------------------------


@pytest.fixture
def https_simulator(tmp_path: Path) -> Iterator[str]:
    """The fault-free simulator over https with a self-signed certificate nobody trusts."""
    cert_file, key_file = self_signed(tmp_path)
    scenario = Scenario.from_dict(faults_scenario_dict(with_faults=False), "<tls>")
    config = uvicorn.Config(
        create_app(scenario),
        host="127.0.0.1",
        port=0,
        log_level="critical",
        access_log=False,
        lifespan="off",
        ssl_certfile=str(cert_file),
        ssl_keyfile=str(key_file),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="tls-simulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "TLS simulator did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_untrusted_certificate_is_refused(tmp_path: Path, https_simulator: str) -> None:
    run = check_all(tmp_path, https_simulator, "--json")
    result = outcome(run)
    assert run.returncode == 1
    assert run.seconds < FIXED_OVERHEAD, "a TLS failure is not retried"
    for profile in result.document["profiles"]:
        assert profile["status"] == "error", profile
        assert "tls certificate" in profile["error"].lower(), profile["error"]


def test_untrusted_certificate_in_the_table(tmp_path: Path, https_simulator: str) -> None:
    run = check_all(tmp_path, https_simulator)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "TLS certificate" in run.stdout
    assert f"{len(faults_profiles())} checked: 0 ready" in run.stdout


def test_server_down_is_reported_quickly(tmp_path: Path) -> None:
    run = check_all(tmp_path, f"http://127.0.0.1:{_closed_port()}", "--json")
    result = outcome(run)
    assert run.returncode == 1
    assert run.seconds < FIXED_OVERHEAD + worst_chain_seconds(0.0, 0.0)
    for profile in result.document["profiles"]:
        assert profile["status"] == "error", profile
        assert "refused" in profile["error"].lower(), profile["error"]
