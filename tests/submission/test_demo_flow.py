"""The demo: submitting makes the simulator (standing in for NN) add the XpertSuite integration,
and the next check shows the employer as connected. Simulator and checker run over loopback."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.checks.checker import Checker
from tui.config import LoketSettings, Settings, SubmissionSettings
from tui.loket.simulator.app import DEMO_SCENARIO, create_app
from tui.loket.simulator.scenario import Scenario, load_scenario
from tui.loket.simulator.server import serve_in_thread
from tui.profiles.store import ProfileStore
from tui.runtime import demo_profiles_source
from tui.secrets.store import SecretKind, SecretStore
from tui.submission.batch import deliver, prepare
from tui.submission.compose import SubmissionError, compose_submission
from tui.submission.demo import DemoOutbox, simulator_root

SLUG = "bakkerij-de-gouden-korst-bv"


@pytest.fixture
def scenario() -> Scenario:
    return load_scenario(DEMO_SCENARIO)


@pytest.fixture
def simulator(scenario: Scenario) -> Iterator[str]:
    with serve_in_thread(create_app(scenario)) as url:
        yield url


@pytest.fixture
def demo_store(tmp_path: Path) -> ProfileStore:
    target = tmp_path / "profiles"
    shutil.copytree(demo_profiles_source(), target)
    return ProfileStore(target)


def demo_settings(base: str, scenario: Scenario) -> Settings:
    [client] = [c for c in scenario.clients.values() if c.password_grant]
    loket = LoketSettings(
        environment="custom",
        api_url=f"{base}/v2",
        oauth_url=f"{base}/oauth",
        client_id=client.client_id,
        client_secret=client.client_secret,
        grant="password",
    )
    return Settings(loket=loket, submission=SubmissionSettings(sender="demo@koppelaar.invalid"))


def demo_secrets(scenario: Scenario) -> SecretStore:
    secrets = SecretStore("session")
    for user in scenario.users.values():
        secrets.set(SecretKind.LOKET_PASSWORD, user.username, user.password)
    return secrets


async def check(settings: Settings, secrets: SecretStore, store: ProfileStore) -> str:
    async with Checker(settings, secrets, store=store) as checker:
        run = await checker.check_profiles([store.load(SLUG)])
    [result] = run.results
    assert result.save_error is None
    return result.status


async def test_submission_then_check_shows_connected(
    simulator: str, scenario: Scenario, demo_store: ProfileStore
) -> None:
    settings = demo_settings(simulator, scenario)
    secrets = demo_secrets(scenario)
    assert await check(settings, secrets, demo_store) == "ready"
    assert demo_store.load(SLUG).submission.status == "draft"

    outbox = DemoOutbox(simulator_root(settings.loket.api_url))
    draft = prepare(demo_store.load(SLUG), settings, secrets)
    result, profile = deliver(demo_store, draft, outbox)
    assert profile.submission.status == "sent"
    [message] = outbox.outbox
    assert message["To"] == "spa.inkomen@nn.nl"
    assert "Demo-xs-goudenkorst-2026!" in message.get_content()
    assert profile.submission.message_id == result.message_id == message["Message-ID"]

    await check(settings, secrets, demo_store)
    sub = demo_store.load(SLUG).submission
    assert sub.status == "connected"
    assert sub.connected_source == "loket"
    assert sub.connected_at is not None
    assert sub.message_id == result.message_id  # what was sent stays on record


def test_demo_outbox_failure_records_nothing(
    simulator: str, scenario: Scenario, demo_store: ProfileStore
) -> None:
    settings = demo_settings(simulator, scenario)
    profile = demo_store.load(SLUG)
    profile.username = "xs-bestaat-niet"
    draft = compose_submission(profile, None, settings)
    outbox = DemoOutbox(simulator)
    with pytest.raises(SubmissionError, match="HTTP 404"):
        deliver(demo_store, draft, outbox)
    assert outbox.outbox == []
    assert demo_store.load(SLUG).submission.status == "draft"
