"""Fixtures for the simulator tests: the demo world in process and helpers to log in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tui.loket.simulator import DEMO_SCENARIO, Scenario, create_app, load_scenario

CLIENT_ID = "koppelaar-demo"
CLIENT_SECRET = "koppelaar-demo-secret"
ACCEPT = "application/json;version=2026-11-29"
BASE_URL = "http://127.0.0.1"


def password_of(username: str) -> str:
    return f"Demo-{username}-2026!"


def token_form(username: str, password: str | None = None, **extra: str) -> dict[str, str]:
    return {
        "grant_type": "password",
        "username": username,
        "password": password if password is not None else password_of(username),
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        **extra,
    }


@pytest.fixture(scope="session")
def demo_scenario() -> Scenario:
    return load_scenario(DEMO_SCENARIO)


@pytest.fixture
def app(demo_scenario: Scenario) -> Starlette:
    return create_app(demo_scenario)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


async def login(http: httpx.AsyncClient, username: str) -> dict[str, str]:
    """Headers for API calls as ``username`` (password grant)."""
    response = await http.post("/oauth/token", data=token_form(username))
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}", "Accept": ACCEPT}


async def employer_id(http: httpx.AsyncClient, headers: dict[str, str], number: int) -> str:
    response = await http.get("/v2/providers/employers", headers=headers)
    ids = [e["id"] for e in response.json()["_embedded"] if e["employerNumber"] == number]
    assert ids, f"employer {number} not reached"
    return str(ids[0])


def only(items: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = [i for i in items if all(i.get(k) == v for k, v in match.items())]
    assert len(found) == 1, found
    return found[0]
