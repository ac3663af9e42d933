"""Item 11 of issue 18: a Loket.nl URL that passed the settings check could crash the client
(``http://127.0.0.2`` against a 127.0.0.1-only rule, ``user:pw@``, a query string, port 99999).
One validation (``tui.loket.urls``) serves both: a URL is refused at start with exit 2 and the
reason, or accepted by both.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tests.hardening.cli_inproc import run_main
from tui.config import ConfigError, check_url
from tui.loket.client import LoketClient
from tui.loket.http import make_http_client
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore

REFUSED = {
    "https://xs:Geheim-wachtwoord@api.loket.nl/v2": "user name or password",
    "https://api.loket.nl/v2?pageSize=1": "no query",
    "https://api.loket.nl:99999/v2": "1 and 65535",
    "https://api.loket.nl/v2#top": "fragment",
    "http://api.loket.nl/v2": "plain http",
    "ftp://api.loket.nl/v2": "not a URL",
}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def environment(tmp_path: Path, api_url: str) -> dict[str, str]:
    return {
        "KOPPELAAR_CONFIG": str(tmp_path / "config.toml"),
        "KOPPELAAR_LOKET_CLIENT_ID": "koppelaar-test",
        "KOPPELAAR_LOKET_CLIENT_SECRET": "client-secret-1234",
        "KOPPELAAR_LOKET_GRANT": "password",
        "KOPPELAAR_SECRETS": "session",
        "KOPPELAAR_LOKET_API_URL": api_url,
        "KOPPELAAR_LOKET_OAUTH_URL": api_url.rsplit("/v2", 1)[0] + "/oauth",
    }


def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    ProfileStore(folder).save(
        Profile(slug="een", name="Een B.V.", werkgever_id="1001", username="u1"), create=True
    )
    return folder


@pytest.mark.parametrize("url", list(REFUSED))
def test_a_bad_url_is_refused_at_start_with_exit_2_and_the_reason(
    tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran = run_main(
        ["--lang", "en", "--profiles", str(profiles(tmp_path)), "check", "--all", "--json"],
        monkeypatch,
        capsys,
        environment(tmp_path, url),
    )
    assert ran.code == 2, (ran.out, ran.err)
    assert "Traceback" not in ran.err
    assert REFUSED[url] in ran.err and "KOPPELAAR_LOKET_API_URL" in ran.err
    assert "Geheim-wachtwoord" not in ran.err
    assert len(ran.err.strip().splitlines()) == 1


@pytest.mark.parametrize("host", ["127.0.0.2", "localhost", "[::1]"])
async def test_what_the_settings_accept_the_client_accepts(host: str) -> None:
    url = check_url(f"http://{host}:8080/v2", "api_url")
    async with make_http_client() as http:
        assert LoketClient(url, http).api_url == url


@pytest.mark.parametrize("url", list(REFUSED))
def test_what_the_settings_refuse_the_client_refuses(url: str) -> None:
    with pytest.raises(ConfigError):
        check_url(url, "api_url")


def test_a_check_against_127_0_0_2_runs_instead_of_crashing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran = run_main(
        ["--lang", "en", "--profiles", str(profiles(tmp_path)), "check", "--all", "--json"],
        monkeypatch,
        capsys,
        environment(tmp_path, f"http://127.0.0.2:{closed_port()}/v2"),
    )
    assert ran.code == 1, (ran.out, ran.err)
    assert "Traceback" not in ran.err
    [profile] = json.loads(ran.out)["profiles"]
    assert profile["status"] == "error"
