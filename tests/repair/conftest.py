"""A small world for admin mode: one applicatiebeheerder, one employer per situation.

| employer | NN user | situation |
| --- | --- | --- |
| 20001 | nn1 | lacks "Raadplegen beloningen", holds the unrelated "Raadplegen verlof" |
| 20002 | nn2 | the six plus "Beheren werkgever" (an extra right) |
| 20003 | nn3 | blocked (access revoked) |
| 20004 | nn4 | two-factor authentication required |
| 20005 | (none yet) | no user: the profile's contact is invited |
| 20006 | nn6 | the admin reaches the employer but is not its applicatiebeheerder |
| 20007 | nn7 | may sign in only through SSO |
| 20008 | nn8 | a provider user reaching the employer through "Team Zuid", lacking a right |
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.checklist.conftest import (
    CLIENT_ID,
    CLIENT_SECRET,
    NN_RIGHTS,
    session_secrets,
    simulator_settings,
)
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Scenario
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.repair.session import RepairSession
from tui.secrets.store import SecretStore

ADMIN = "adm"
ADMIN_PASSWORD = "pw-adm-secret-2026"
TOTP = "JBSWY3DPEHPK3PXPADMINTESTSECRET2"
WITHOUT_BELONINGEN = [r for r in NN_RIGHTS if r != "Raadplegen beloningen"]
SLUGS = {
    20001: "missing-right",
    20002: "extra-right",
    20003: "revoked",
    20004: "two-factor",
    20005: "no-user",
    20006: "not-admin",
    20007: "sso-only",
    20008: "team-user",
}


def _user(name: str, **extra: Any) -> dict[str, Any]:
    return {"username": name, "password": f"pw-{name}-secret", "initials": "K.",
            "last_name": "Koppel", "email": f"{name}@example.nl", **extra}  # fmt: skip


def admin_world() -> dict[str, Any]:
    employers = [
        {"employer_number": n, "company_name": f"Werkgever {n} B.V.",
         "payroll_administrations": [{"client_number": n + 900000, "name": f"Salaris {n}"}],
         "employees": [{"employee_number": 1, "last_name": "Jansen"}]}
        for n in SLUGS
    ]  # fmt: skip
    access = [
        {"user": "nn1", "employer": 20001, "via": "direct",
         "rights": [*WITHOUT_BELONINGEN, "Raadplegen verlof"]},
        {"user": "nn2", "employer": 20002, "via": "direct",
         "rights": [*NN_RIGHTS, "Beheren werkgever"]},
        {"user": "nn3", "employer": 20003, "via": "direct", "rights": NN_RIGHTS},
        {"user": "nn4", "employer": 20004, "via": "direct", "rights": NN_RIGHTS},
        {"user": "nn6", "employer": 20006, "via": "direct", "rights": WITHOUT_BELONINGEN},
        {"user": "nn7", "employer": 20007, "via": "direct", "rights": NN_RIGHTS},
        {"user": "nn8", "employer": 20008, "team": "Team Zuid", "rights": WITHOUT_BELONINGEN},
    ]  # fmt: skip
    access += [
        {"user": ADMIN, "employer": n, "team": "Beheer", "rights": ["Beheren gebruikers"]}
        for n in SLUGS
    ]
    return {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "application": "Koppelaar",
                "password_grant": True,
            }
        ],
        "users": [
            {**_user(ADMIN), "password": ADMIN_PASSWORD},
            _user("nn1"),
            _user("nn2"),
            _user("nn3", blocked=True),
            _user("nn4", totp_secret=TOTP),
            _user("nn6"),
            _user("nn7"),
            _user("nn8"),
        ],
        "employers": employers,
        "access": access,
        "admin": {
            "admins": [
                {"user": ADMIN, "employers": [20001, 20002, 20003, 20004, 20005, 20007, 20008]}
            ],
            "users": [{"user": "nn7", "login_method": "sso_only"}],
        },
    }


def admin_profiles() -> list[Profile]:
    profiles = []
    for number, slug in SLUGS.items():
        username = "nn5" if number == 20005 else f"nn{number - 20000}"
        profile = Profile(slug=slug, name=f"Werkgever {number} B.V.", werkgever_id=str(number),
                          username=username)  # fmt: skip
        if number == 20005:
            profile.contact_email = "p.de.vries@example.nl"
            profile.raw = {"contact": {"name": "Petra de Vries", "phone": "0612345678"}}
        profiles.append(profile)
    return profiles


class RecordingTransport(httpx.AsyncBaseTransport):
    """The simulator in process, remembering every request (method, path, body)."""

    def __init__(self, app: Starlette) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.requests: list[tuple[str, str, bytes]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        self.requests.append((request.method, request.url.path, body))
        return await self.inner.handle_async_request(request)

    def writes(self) -> list[tuple[str, str, bytes]]:
        """Requests that change Loket.nl (everything but GET and the token endpoint)."""
        return [r for r in self.requests if r[0] != "GET" and not r[1].startswith("/oauth/")]

    def clear(self) -> None:
        self.requests.clear()


@pytest.fixture
def scenario() -> Scenario:
    return Scenario.from_dict(admin_world(), "admin-world")


@pytest.fixture
def app(scenario: Scenario) -> Starlette:
    return create_app(scenario)


@pytest.fixture
def transport(app: Starlette) -> RecordingTransport:
    return RecordingTransport(app)


@pytest.fixture
def secrets(scenario: Scenario) -> SecretStore:
    return session_secrets(scenario)


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    store = ProfileStore(tmp_path / "profiles")
    for profile in admin_profiles():
        store.save(profile, create=True)
    return store


SessionFactory = Callable[..., RepairSession]


@pytest.fixture
async def make_session(
    transport: RecordingTransport, secrets: SecretStore, store: ProfileStore
) -> AsyncIterator[SessionFactory]:
    made: list[RepairSession] = []

    def factory(admin: str = ADMIN, lang: str = "en") -> RepairSession:
        session = RepairSession(simulator_settings(), secrets, admin, store=store, lang=lang,
                                transport=transport)  # fmt: skip
        made.append(session)
        return session

    yield factory
    for session in made:
        await session.checker.aclose()


async def sim_post(app: Starlette, path: str, body: dict[str, Any]) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1"
    ) as http:
        return await http.post(path, json=body)
