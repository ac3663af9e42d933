"""``koppelaar login`` end to end: the command runs as a process, a "browser" (httpx) signs in
on the simulator's login pages (with TOTP for the 2FA user), and the address it is redirected to
goes to the command's standard input. The refresh token lands in a vault both sides can read."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp
import pytest
from typer.testing import CliRunner

from tests.checklist.conftest import CLIENT_ID, CLIENT_SECRET
from tui.checks.accounts import AccountRecords
from tui.cli.main import app
from tui.loket.simulator.app import DEMO_SCENARIO, create_app
from tui.loket.simulator.scenario import load_scenario
from tui.loket.simulator.server import serve_in_thread
from tui.secrets.store import SecretKind, SecretStore
from tui.secrets.vault import KdfParams

PASSPHRASE = "login test vault passphrase"
REDIRECT = "http://127.0.0.1:8765/callback"
ZONNEHOF = "xs-zonnehof"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, str]]:
    scenario = load_scenario(DEMO_SCENARIO)
    vault = tmp_path / "vault.bin"
    store = SecretStore("vault", vault, vault_passphrase=PASSPHRASE,
                        vault_kdf=KdfParams.fast_for_tests())  # fmt: skip
    store.set(SecretKind.LOKET_CLIENT_SECRET, "unused-client", "x")  # creates the vault
    with serve_in_thread(create_app(scenario)) as base:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[loket]\nenvironment = "custom"\napi_url = "{base}/v2"\n'
            f'oauth_url = "{base}/oauth"\nclient_id = "{CLIENT_ID}"\n'
            f'grant = "authorization_code"\nredirect_uri = "{REDIRECT}"\n'
        )
        yield {
            "KOPPELAAR_CONFIG": str(config),
            "KOPPELAAR_PROFILES": str(tmp_path / "profiles"),
            "KOPPELAAR_LOKET_CLIENT_SECRET": CLIENT_SECRET,
            "KOPPELAAR_SECRETS": "vault",
            "KOPPELAAR_VAULT_PATH": str(vault),
            "KOPPELAAR_VAULT_PASSPHRASE": PASSPHRASE,
            "BASE": base,
        }


def vault(env: dict[str, str]) -> SecretStore:
    return SecretStore("vault", Path(env["KOPPELAAR_VAULT_PATH"]), vault_passphrase=PASSPHRASE)


class LoginProcess:
    """``python -m tui login ...`` waiting on stdin after printing the authorize URL."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "login", *args],
            cwd=REPO,
            env={**os.environ, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.printed: list[str] = []
        for line in self.process.stdout:
            self.printed.append(line)
            if line.startswith("http"):
                self.url = line.strip()
                break
        else:
            raise AssertionError(f"no URL printed: {self.printed} {self.process.stderr}")

    def answer(self, text: str, confirm: str = "ja") -> tuple[int, str, str]:
        """The pasted address, then the answer to "is this the profile's user?"."""
        out, err = self.process.communicate(f"{text}\n{confirm}\n", timeout=30)
        return self.process.returncode, "".join(self.printed) + out, err


def browser_sign_in(url: str, username: str, password: str, totp: str | None = None) -> str:
    """What a person does in the browser; returns the address Loket.nl redirects to."""
    with httpx.Client(follow_redirects=False) as browser:
        page = browser.get(url)
        assert page.status_code == 200 and 'name="password"' in page.text
        fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page.text))
        fields.update(username=username, password=password)
        answer = browser.post(url.split("?")[0], data=fields)
        if totp is not None:
            assert 'name="totp_code"' in answer.text
            fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', answer.text))
            fields["totp_code"] = pyotp.TOTP(totp).now()
            answer = browser.post(url.split("?")[0], data=fields)
        assert answer.status_code == 302, answer.text
        return answer.headers["location"]


def test_login_with_two_factor_then_discover(world: dict[str, str]) -> None:
    scenario = load_scenario(DEMO_SCENARIO)
    user = scenario.users[ZONNEHOF]
    login = LoginProcess(world, "--user", ZONNEHOF)
    assert parse_qs(urlsplit(login.url).query)["redirect_uri"] == [REDIRECT]
    location = browser_sign_in(login.url, ZONNEHOF, user.password, totp=user.totp_secret)
    code, out, err = login.answer(location)
    assert code == 0, err
    assert "Loket.nl meldt aangemeld: Koppeling" in out and "zonnehof" in out
    assert "Toestemming opgeslagen voor Loket.nl-gebruiker xs-zonnehof" in out
    # finding 2: the code exchange's two-factor state is kept for later checks
    record = AccountRecords(Path(world["KOPPELAAR_PROFILES"])).get(ZONNEHOF)
    assert record is not None and record.two_factor_state not in (None, "None")
    refresh = vault(world).get(SecretKind.LOKET_REFRESH_TOKEN, ZONNEHOF)
    assert refresh and refresh not in out + err and user.password not in out + err

    # discover now signs in with the stored refresh token (no password anywhere)
    env = {k: v for k, v in world.items() if k != "BASE"}
    result = CliRunner().invoke(app, ["--lang", "en", "discover", ZONNEHOF], env=env)
    assert result.exit_code == 0, result.stderr
    assert "35210" in result.stdout and "1 employers for xs-zonnehof" in result.stdout
    rotated = vault(world).get(SecretKind.LOKET_REFRESH_TOKEN, ZONNEHOF)
    assert rotated and rotated != refresh  # the simulator rotates; the new one was kept


def test_login_by_profile_name_with_bare_code(world: dict[str, str], tmp_path: Path) -> None:
    profiles = Path(world["KOPPELAAR_PROFILES"])
    profiles.mkdir(mode=0o700)
    (profiles / "bakkerij.toml").write_text(
        'schema = 1\n[employer]\nname = "Bakkerij"\nwerkgever_id = "20720"\n'
        '[account]\nusername = "xs-goudenkorst"\n'
    )
    login = LoginProcess(world, "bakkerij")
    location = browser_sign_in(login.url, "xs-goudenkorst", "Demo-xs-goudenkorst-2026!")
    bare_code = parse_qs(urlsplit(location).query)["code"][0]
    code, _, err = login.answer(bare_code)
    assert code == 0, err
    assert vault(world).get(SecretKind.LOKET_REFRESH_TOKEN, "xs-goudenkorst")


@pytest.mark.parametrize(
    ("make_answer", "expected"),
    [
        (lambda loc: loc.replace("state=", "state=x"), "state klopt niet"),
        (lambda loc: f"{REDIRECT}?error=access_denied&state=" + _state(loc),
         "toegang is geweigerd"),
        (lambda loc: "not-a-real-code", "verlopen of al gebruikt"),
        (lambda loc: "", "Geen adres of code ontvangen"),
    ],
)  # fmt: skip
def test_login_failures(
    world: dict[str, str], make_answer: Callable[[str], str], expected: str
) -> None:
    login = LoginProcess(world, "--user", "xs-goudenkorst")
    location = browser_sign_in(login.url, "xs-goudenkorst", "Demo-xs-goudenkorst-2026!")
    code, _, err = login.answer(make_answer(location))
    assert code == 1
    assert expected in err and "Traceback" not in err
    assert vault(world).get(SecretKind.LOKET_REFRESH_TOKEN, "xs-goudenkorst") is None


def _state(location: str) -> str:
    return parse_qs(urlsplit(location).query)["state"][0]


def test_login_usage_and_config(world: dict[str, str], tmp_path: Path) -> None:
    env = {k: v for k, v in world.items() if k != "BASE"}
    runner = CliRunner()
    assert runner.invoke(app, ["login"], env=env).exit_code == 2
    assert runner.invoke(app, ["login", "nope"], env=env).exit_code == 2
    Path(env["KOPPELAAR_CONFIG"]).write_text('[loket]\nclient_id = "x"\n')
    result = runner.invoke(app, ["login", "--user", "u"], env=env)
    assert result.exit_code == 2 and "redirect_uri" in result.stderr


@pytest.mark.parametrize("answer", ["nee", "", "xs-goudenkorst"])
def test_login_stores_nothing_unless_the_person_confirms_the_account(
    world: dict[str, str], answer: str
) -> None:
    """Finding 1: the token belongs to whoever signed in in the browser; /user carries no user
    name, so the name and e-mail are shown and nothing is stored without a yes."""
    login = LoginProcess(world, "--user", "xs-goudenkorst")
    # the applicatiebeheerder is still signed in in the browser: someone else's account
    location = browser_sign_in(login.url, "xs-vandermeer", "Demo-xs-vandermeer-2026!")
    code, out, err = login.answer(location, confirm=answer)
    assert code == 1, out
    assert "hr@vandermeer-installatie.example" in out  # who Loket.nl says signed in
    assert "Is dit Loket.nl-gebruiker xs-goudenkorst" in out
    assert "er is niets opgeslagen" in err and "Traceback" not in err
    assert vault(world).get(SecretKind.LOKET_REFRESH_TOKEN, "xs-goudenkorst") is None
    assert AccountRecords(Path(world["KOPPELAAR_PROFILES"])).get("xs-goudenkorst") is None


def test_an_admin_verdict_settles_the_identity_without_asking() -> None:
    """The hook for the admin mode: a proven match stores without a question, a proven
    mismatch stores nothing; without a verdict the person is asked."""
    from tui.cli.commands.login import LoginFailed, _confirm
    from tui.loket.client import User

    user = User("Koppeling", None, "Voorbeeld", "K.", "u1@example.test", None)

    def never() -> str:
        raise AssertionError("asked the person although the admin session decided")

    assert _confirm(user, "u1", "en", True, never) == "admin"
    with pytest.raises(LoginFailed):
        _confirm(user, "u1", "en", False, never)
    assert _confirm(user, "u1", "en", None, lambda: "yes\n") == "person"
    with pytest.raises(LoginFailed):
        _confirm(user, "u1", "en", None, lambda: "\n")
