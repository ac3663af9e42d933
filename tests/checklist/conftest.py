"""Fixtures: the Loket.nl simulator in process, settings pointing at it, demo secrets in memory."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tui.checks.checker import Checker, ProfileResult
from tui.config import LoketSettings, Settings
from tui.loket.simulator.app import DEMO_SCENARIO, create_app
from tui.loket.simulator.scenario import Scenario, load_scenario
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.runtime import demo_profiles_source
from tui.secrets.store import SecretKind, SecretStore

CLIENT_ID = "koppelaar-demo"
CLIENT_SECRET = "koppelaar-demo-secret"


def simulator_settings(base: str = "http://127.0.0.1", **loket: object) -> Settings:
    values: dict[str, object] = {
        "environment": "custom",
        "api_url": f"{base}/v2",
        "oauth_url": f"{base}/oauth",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "grant": "password",
        "concurrency": 8,
    }
    values.update(loket)
    return Settings(loket=LoketSettings(**values))  # type: ignore[arg-type]


def session_secrets(scenario: Scenario) -> SecretStore:
    """A memory-only store holding every scenario user's password."""
    secrets = SecretStore("session")
    for user in scenario.users.values():
        secrets.set(SecretKind.LOKET_PASSWORD, user.username, user.password)
    return secrets


@pytest.fixture
def demo_scenario() -> Scenario:
    return load_scenario(DEMO_SCENARIO)


@pytest.fixture
def profiles_dir(tmp_path: Path) -> Path:
    target = tmp_path / "profiles"
    shutil.copytree(demo_profiles_source(), target)
    return target


@pytest.fixture
def store(profiles_dir: Path) -> ProfileStore:
    return ProfileStore(profiles_dir)


CheckerFactory = Callable[..., Checker]


@pytest.fixture
async def make_checker() -> AsyncIterator[CheckerFactory]:
    """Checker over an in-process simulator: make_checker(scenario, store=..., **loket)."""
    made: list[Checker] = []

    def factory(
        scenario: Scenario,
        store: ProfileStore | None = None,
        secrets: SecretStore | None = None,
        **loket: object,
    ) -> Checker:
        transport = httpx.ASGITransport(app=create_app(scenario))
        checker = Checker(
            simulator_settings(**loket),
            secrets if secrets is not None else session_secrets(scenario),
            transport=transport,
            store=store,
        )
        made.append(checker)
        return checker

    yield factory
    for checker in made:
        await checker.aclose()


NN_RIGHTS = [
    "Beheren en raadplegen BSN",
    "Raadplegen beloningen",
    "Raadplegen dienstverbanden",
    "Raadplegen HRM",
    "Raadplegen loonoutput",
    "Raadplegen variabele gegevens",
]


def world(**changes: object) -> dict[str, object]:
    """A small scenario: user u1 reaching Voorbeeld B.V. (werkgever ID 20720) with NN's rights."""
    data: dict[str, object] = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "application": "Koppelaar",
                "password_grant": True,
            }
        ],
        "users": [{"username": "u1", "password": "pw-u1-secret"}],
        "employers": [
            {
                "employer_number": 20720,
                "company_name": "Voorbeeld B.V.",
                "administration_number": "DEB1047",
                "payroll_administrations": [
                    {
                        "client_number": 108813,
                        "administration_number": "20720-01",
                        "name": "Voorbeeld salaris",
                    }
                ],
                "employees": [{"employee_number": 1, "last_name": "Jansen"}],
            }
        ],
        "access": [{"user": "u1", "employer": 20720, "rights": NN_RIGHTS}],
    }
    data.update(changes)
    return data


def profile(werkgever_id: str = "20720", name: str = "Voorbeeld B.V.", username: str = "u1",
            slug: str = "voorbeeld-bv") -> Profile:  # fmt: skip
    return Profile(slug=slug, name=name, werkgever_id=werkgever_id, username=username)


def statuses(result: ProfileResult) -> dict[str, str]:
    return {item.id: item.status for item in result.items("en")}


def detail(result: ProfileResult, item_id: str, lang: str = "en") -> str:
    return next(i.detail for i in result.items(lang) if i.id == item_id)


VAULT_PASSPHRASE = "test vault passphrase"


@contextlib.contextmanager
def simulator_with_vault(tmp_path: Path, scenario: Scenario) -> Iterator[dict[str, str]]:
    """The simulator on a loopback port and a vault holding every user's password: the
    environment a ``koppelaar`` command needs to check against it (password grant)."""
    from tui.loket.simulator.server import serve_in_thread
    from tui.secrets.vault import KdfParams

    vault = tmp_path / "vault.bin"
    secrets = SecretStore(
        "vault", vault, vault_passphrase=VAULT_PASSPHRASE, vault_kdf=KdfParams.fast_for_tests()
    )
    for user in scenario.users.values():
        secrets.set(SecretKind.LOKET_PASSWORD, user.username, user.password)
    with serve_in_thread(create_app(scenario)) as base:
        yield {
            "KOPPELAAR_LOKET_API_URL": f"{base}/v2",
            "KOPPELAAR_LOKET_OAUTH_URL": f"{base}/oauth",
            "KOPPELAAR_LOKET_CLIENT_ID": CLIENT_ID,
            "KOPPELAAR_LOKET_CLIENT_SECRET": CLIENT_SECRET,
            "KOPPELAAR_LOKET_GRANT": "password",
            "KOPPELAAR_SECRETS": "vault",
            "KOPPELAAR_VAULT_PATH": str(vault),
            "KOPPELAAR_VAULT_PASSPHRASE": VAULT_PASSPHRASE,
            "KOPPELAAR_CONFIG": str(tmp_path / "config.toml"),
        }
