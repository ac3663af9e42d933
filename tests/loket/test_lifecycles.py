"""Issue 15, findings 2 and 6: token and resource lifecycles, against the simulator in process.

- the activities list is paged: every page is read;
- a 401 renews the token once and retries; a second 401 fails with Loket's message;
- ``version.obsoleteDate`` is remembered and reported;
- two processes rotating one refresh token: the loser reads the stored one again;
- a refresh never replaces the two-factor state the exchange gave.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tests.checklist.conftest import (
    CLIENT_ID,
    CLIENT_SECRET,
    profile,
    session_secrets,
    simulator_settings,
    statuses,
    world,
)
from tui.checks.checker import Checker
from tui.loket.auth import OAuthClient, TokenCache
from tui.loket.client import LoketClient
from tui.loket.errors import InvalidGrant, Unauthorized
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Scenario
from tui.loket.simulator.server import serve_in_thread
from tui.secrets.store import SecretKind, SecretStore
from tui.secrets.vault import KdfParams

BASE = "http://127.0.0.1"


def http_for(app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)  # type: ignore[arg-type]


async def test_every_page_of_the_activities_list_is_read() -> None:
    """The simulator answers 4 activities a page when a request names no page size (the
    document names no paging parameters for this list, but its schema includes paging)."""
    app = create_app(Scenario.from_dict(world(api={"page_size": 4})))
    async with http_for(app) as http:
        oauth = OAuthClient(f"{BASE}/oauth", http, CLIENT_ID, CLIENT_SECRET)
        token = (await oauth.password_grant("u1", "pw-u1-secret")).access_token
        client = LoketClient(f"{BASE}/v2", http)
        employer = (await client.employers(token))[0]
        activities = await client.employer_authorizations(token, employer.id)
    world_ = app.state.world
    expected = world_.allowed_activities("u1", CLIENT_ID, employer.id)
    assert len(expected) > 8
    assert {a.casefold() for a in activities} == set(expected)


async def test_the_check_is_ready_across_pages() -> None:
    app = create_app(Scenario.from_dict(world(api={"page_size": 3})))
    async with Checker(
        simulator_settings(), session_secrets(Scenario.from_dict(world())),
        transport=httpx.ASGITransport(app=app),
    ) as checker:  # fmt: skip
        run = await checker.check_profiles([profile()])
    assert run.results[0].status == "ready"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_a_401_renews_the_token_once_and_retries() -> None:
    """The simulator's clock jumps past the token's life after the sign-in: the first API
    request meets 401, the account signs in again once, and the check completes."""
    clock = Clock()
    app = create_app(Scenario.from_dict(world()), clock=clock)
    secrets = session_secrets(Scenario.from_dict(world()))
    async with Checker(
        simulator_settings(), secrets, transport=httpx.ASGITransport(app=app)
    ) as checker:
        prober = await checker.prober()
        account = await prober.account("u1")
        assert account.login == "ok"
        clock.now += 10_000  # every access token issued so far has expired
        first = account.bearer
        facts = await prober.probe(profile())
        assert account.bearer != first
    assert facts.resolution is not None and facts.resolution.found
    stats = app.state.world.stats.as_json()
    assert stats["by_status"].get("401", 0) >= 1


async def test_a_second_401_fails_with_lokets_message() -> None:
    ticks = itertools.count()
    app = create_app(Scenario.from_dict(world()), clock=lambda: 1_000_000.0 + 10_000 * next(ticks))
    async with http_for(app) as http:
        oauth = OAuthClient(f"{BASE}/oauth", http, CLIENT_ID, CLIENT_SECRET)
        tokens = TokenCache(oauth)
        first = await tokens.get("u1", password="pw-u1-secret")

        class Source:
            bearer = first.access_token
            renewals = 0

            async def renew(self, stale: str) -> str:
                Source.renewals += 1
                tokens.invalidate("u1")
                return (await tokens.get("u1", password="pw-u1-secret")).access_token

        client = LoketClient(f"{BASE}/v2", http)
        with pytest.raises(Unauthorized) as raised:
            await client.employers(Source())
    assert Source.renewals == 1
    assert "Authorization has been denied for this request." in raised.value.message


async def test_obsolete_version_is_remembered_and_reported(tmp_path: Path) -> None:
    data = world(api={"obsolete_dates": {"GetEmployersByUserId": "2027-03-01"}})
    app = create_app(Scenario.from_dict(data))
    async with Checker(
        simulator_settings(), session_secrets(Scenario.from_dict(data)),
        transport=httpx.ASGITransport(app=app),
    ) as checker:  # fmt: skip
        run = await checker.check_profiles([profile()])
    assert [(r.operation, r.obsolete_date) for r in run.retiring] == [
        ("GetEmployersByUserId", "2027-03-01")
    ]
    assert run.to_json("en")["retiring_versions"][0]["obsolete_date"] == "2027-03-01"


def test_check_cli_prints_a_warning_line_for_a_retiring_version(tmp_path: Path) -> None:
    from tui.cli.main import app

    data = world(api={"obsolete_dates": {"GetEmployersByUserId": "2027-03-01"}})
    vault = tmp_path / "vault.bin"
    secrets = SecretStore(
        "vault", vault, vault_passphrase="lifecycle vault", vault_kdf=KdfParams.fast_for_tests()
    )
    secrets.set(SecretKind.LOKET_PASSWORD, "u1", "pw-u1-secret")
    profiles = tmp_path / "profiles"
    profiles.mkdir(mode=0o700)
    (profiles / "voorbeeld-bv.toml").write_text(
        'schema = 1\n[employer]\nname = "Voorbeeld B.V."\nwerkgever_id = "20720"\n'
        '[account]\nusername = "u1"\n'
    )
    with serve_in_thread(create_app(Scenario.from_dict(data))) as base:
        env = {
            "KOPPELAAR_LOKET_API_URL": f"{base}/v2",
            "KOPPELAAR_LOKET_OAUTH_URL": f"{base}/oauth",
            "KOPPELAAR_LOKET_CLIENT_ID": CLIENT_ID,
            "KOPPELAAR_LOKET_CLIENT_SECRET": CLIENT_SECRET,
            "KOPPELAAR_LOKET_GRANT": "password",
            "KOPPELAAR_SECRETS": "vault",
            "KOPPELAAR_VAULT_PATH": str(vault),
            "KOPPELAAR_VAULT_PASSPHRASE": "lifecycle vault",
            "KOPPELAAR_CONFIG": str(tmp_path / "config.toml"),
        }
        args = ["--profiles", str(profiles), "--lang", "en", "check", "--all"]
        result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if "2027-03-01" in line]
    assert warning == [
        "koppelaar: warning: Loket.nl stops serving version 2018-01-01 of data Koppelaar reads "
        "on 2027-03-01; update Koppelaar before that date."
    ]


async def test_the_loser_of_a_rotation_race_reads_the_stored_token_again() -> None:
    """Two processes hold the same refresh token; the first rotates it and stores the new one.
    The second's refresh is refused; it reads the stored token and succeeds."""
    app = create_app(Scenario.from_dict(world()))
    stored = {"u1": str(app.state.world.issue_tokens("u1", CLIENT_ID)["refresh_token"])}
    original = stored["u1"]

    async def keep(username: str, token: str) -> None:
        stored[username] = token

    async def read(username: str) -> str | None:
        return stored.get(username)

    async with http_for(app) as http:
        oauth = OAuthClient(f"{BASE}/oauth", http, CLIENT_ID, CLIENT_SECRET)
        winner = TokenCache(oauth, on_refresh_token=keep, stored_refresh_token=read)
        loser = TokenCache(oauth, on_refresh_token=keep, stored_refresh_token=read)
        await winner.get("u1", refresh_token=original)
        assert stored["u1"] != original
        tokens = await loser.get("u1", refresh_token=original)
        assert tokens.access_token
        without = TokenCache(oauth)
        with pytest.raises(InvalidGrant):
            await without.get("u1", refresh_token=original)


async def test_a_refresh_keeps_the_exchanges_two_factor_state() -> None:
    data = world(users=[{"username": "u1", "password": "pw-u1-secret",
                         "totp_secret": "JBSWY3DPEHPK3PXPJBSWY3DP"}])  # fmt: skip
    app = create_app(Scenario.from_dict(data))
    async with http_for(app) as http:
        oauth = OAuthClient(f"{BASE}/oauth", http, CLIENT_ID, CLIENT_SECRET)
        tokens = TokenCache(oauth)
        first = await tokens.get("u1", password="pw-u1-secret")
        assert first.exchange_two_factor_state == "Enabled"
        tokens.invalidate("u1")
        renewed = await tokens.get("u1", password="pw-u1-secret")  # refreshes
        assert renewed.access_token != first.access_token
        assert renewed.two_factor_state == "None"  # what the refresh answer says
        assert renewed.exchange_two_factor_state == "Enabled"


async def test_a_check_after_a_renewal_still_warns_for_two_factor() -> None:
    clock = Clock()
    data = world(users=[{"username": "u1", "password": "pw-u1-secret",
                         "totp_secret": "JBSWY3DPEHPK3PXPJBSWY3DP"}])  # fmt: skip
    app = create_app(Scenario.from_dict(data), clock=clock)
    async with Checker(
        simulator_settings(), session_secrets(Scenario.from_dict(data)),
        transport=httpx.ASGITransport(app=app),
    ) as checker:  # fmt: skip
        prober = await checker.prober()
        await prober.account("u1")
        clock.now += 10_000
        run = await checker.check_profiles([profile()])
    assert statuses(run.results[0])["account.two_factor"] == "warn"
