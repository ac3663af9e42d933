"""Fixtures: a provider user reaching many employers in the Loket.nl simulator, in process."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from tests.checklist.conftest import CLIENT_ID, CLIENT_SECRET, session_secrets, simulator_settings
from tui.checks.checker import Checker
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Scenario
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretStore

PROVIDER = "xs-provider"
PROVIDER_PASSWORD = "Provider-pw-2026!"
BULK = 300
# generate_employers: employer n (from 1) has employerNumber 500000 + n - 1, one payroll
# administration with clientNumber employerNumber + 900000 and administrationNumber "<number>-01".
FIRST_NUMBER = 500000


def provider_world(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "application": "Koppelaar",
                "password_grant": True,
                "redirect_uris": ["http://127.0.0.1/callback"],
            }
        ],
        "users": [{"username": PROVIDER, "password": PROVIDER_PASSWORD}],
    }
    data.update(changes)
    return data


def provider_scenario(count: int = BULK, **changes: object) -> Scenario:
    scenario = Scenario.from_dict(provider_world(**changes))
    return scenario.with_bulk_employers(PROVIDER, count) if count else scenario


def bulk_name(n: int) -> str:
    return f"Bulkbedrijf {n:04d} B.V."


def bulk_number(n: int) -> int:
    return FIRST_NUMBER + n - 1


class RecordingTransport(httpx.ASGITransport):
    """The in-process simulator, remembering each request's path and query."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__(app=create_app(scenario))
        self.seen: list[httpx.URL] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request.url)
        return await super().handle_async_request(request)


CheckerFactory = Callable[..., tuple[Checker, RecordingTransport]]


@pytest.fixture
async def make_checker() -> AsyncIterator[CheckerFactory]:
    made: list[Checker] = []

    def factory(
        scenario: Scenario,
        store: ProfileStore | None = None,
        secrets: SecretStore | None = None,
        **loket: object,
    ) -> tuple[Checker, RecordingTransport]:
        transport = RecordingTransport(scenario)
        checker = Checker(
            simulator_settings(**loket),
            secrets if secrets is not None else session_secrets(scenario),
            transport=transport,
            store=store,
        )
        made.append(checker)
        return checker, transport

    yield factory
    for checker in made:
        await checker.aclose()


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(tmp_path / "profiles")


def add_profile(store: ProfileStore, slug: str, name: str, werkgever_id: str,
                username: str = PROVIDER, loket_id: str | None = None) -> Profile:  # fmt: skip
    profile = Profile(slug, name, werkgever_id, username, loket_id=loket_id)
    return store.save(profile, create=True)
