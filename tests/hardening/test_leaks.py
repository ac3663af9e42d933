"""The secrets leak scan over every CLI command, in a subprocess, successful and failing.

Distinctive secrets are in play (Loket.nl passwords, a refresh token, the client secret, the
SMTP password, the vault passphrase); after each command its standard output and error, and
every file under its HOME (settings, profiles, exports, XDG dirs, vault), must hold none of them
in any form. Excluded by design: the test keyring file (the secret store itself) and the .eml
that ``submit --eml`` writes (it carries the password, with a warning).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hardening.cli_run import CliRun, isolated_env, run_cli
from tests.hardening.hostile import NN_RIGHTS
from tests.secrets.leakscan import assert_no_secret_in_tree, secret_forms
from tests.submission.conftest import (  # noqa: F401 (fixtures)
    SMTP_PASSWORD,
    SMTP_USER,
    StartServer,
    Tls,
    smtp_server,
    tls,
)
from tui.loket.simulator.app import create_app
from tui.loket.simulator.scenario import Scenario
from tui.loket.simulator.server import serve_in_thread
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.secrets.vault import KdfParams

pytestmark = pytest.mark.slow

USER = "xs-lekcontrole"
LOKET_PASSWORD = "Leak-Loket-Passw0rd-7781"
WRONG_PASSWORD = "Wrong-Loket-Passw0rd-3317"
REFRESH_TOKEN = "leak-refresh-token-5d1e9a7b"
CLIENT_ID = "koppelaar-leaks"
CLIENT_SECRET = "leak-client-secret-a9f3c2e1"
VAULT_PASSPHRASE = "leak vault passphrase 4242"
NEW_SECRET = "leak-newly-set-secret-66a1"
SECRETS = [
    LOKET_PASSWORD,
    WRONG_PASSWORD,
    REFRESH_TOKEN,
    CLIENT_SECRET,
    VAULT_PASSPHRASE,
    NEW_SECRET,
    SMTP_PASSWORD,
]
KEYRING_BACKEND = "tests.secrets.backends.JsonFileKeyring"
SLUG = "lekcontrole-bv"


def scenario(password: str = LOKET_PASSWORD) -> Scenario:
    return Scenario.from_dict(
        {
            "clients": [
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "application": "Koppelaar",
                    "password_grant": True,
                    "redirect_uris": ["http://127.0.0.1/callback"],
                }
            ],
            "users": [{"username": USER, "password": password}],
            "employers": [
                {
                    "employer_number": 20720,
                    "company_name": "Lekcontrole B.V.",
                    "payroll_administrations": [{"client_number": 108813, "name": "Salaris"}],
                    "employees": [{"employee_number": 1, "last_name": "Jansen"}],
                }
            ],
            "access": [{"user": USER, "employer": 20720, "rights": NN_RIGHTS}],
        },
        "<leaks>",
    )


@dataclass
class Home:
    root: Path
    keyring_file: Path
    base: str
    env: dict[str, str] = field(default_factory=dict)
    excluded: list[Path] = field(default_factory=list)

    def run(self, *args: str, input: str | None = None, **env: str) -> CliRun:
        full = isolated_env(self.root, self.env | env)
        return run_cli(["--lang", "en", "--profiles", str(self.root / "profiles"), *args],
                       full, input=input)  # fmt: skip


def keyring_entries(password: str) -> dict[str, str]:
    return {
        f"koppelaar:loket-password\x00{USER}": password,
        f"koppelaar:loket-refresh-token\x00{USER}": REFRESH_TOKEN,
        f"koppelaar:loket-client-secret\x00{CLIENT_ID}": CLIENT_SECRET,
        f"koppelaar:smtp-password\x00{SMTP_USER}": SMTP_PASSWORD,
    }


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    root = tmp_path / "home"
    store = ProfileStore(root / "profiles")
    store.save(
        Profile(
            slug=SLUG,
            name="Lekcontrole B.V.",
            werkgever_id="20720",
            username=USER,
            contact_email="salaris@example.invalid",
        ),
        create=True,
    )
    keyring_file = tmp_path / "keyring.json"
    keyring_file.write_text(json.dumps(keyring_entries(LOKET_PASSWORD)), encoding="utf-8")
    with serve_in_thread(create_app(scenario())) as base:
        yield Home(
            root,
            keyring_file,
            base,
            {
                "KOPPELAAR_LOKET_API_URL": f"{base}/v2",
                "KOPPELAAR_LOKET_OAUTH_URL": f"{base}/oauth",
                "KOPPELAAR_LOKET_CLIENT_ID": CLIENT_ID,
                "KOPPELAAR_LOKET_GRANT": "password",
                "KOPPELAAR_SECRETS": "keyring",
                "KOPPELAAR_CONFIG": str(root / "config.toml"),
                "PYTHON_KEYRING_BACKEND": KEYRING_BACKEND,
                "KOPPELAAR_TEST_KEYRING_FILE": str(keyring_file),
            },
        )


def assert_no_leak(home: Home, *runs: CliRun) -> None:
    for run in runs:
        output = run.stdout + run.stderr
        for index, secret in enumerate(SECRETS):
            for form, needle in secret_forms(secret).items():
                assert needle.decode("utf-8", "replace") not in output, (
                    f"{run.args}: secret #{index} as {form} in the output"
                )
        assert "Traceback" not in run.stderr, run.stderr
    assert_no_secret_in_tree(home.root, SECRETS, exclude=home.excluded)


def test_list_import_export(home: Home) -> None:
    source = home.root / "import.csv"
    source.write_text("name,werkgever_id,username\nTweede B.V.,31544,xs-tweede\n")
    runs = [
        home.run("list"),
        home.run("list", "--json"),
        home.run("import", str(source)),
        home.run("export", str(home.root / "export.csv")),
        home.run("export", str(home.root / "no-such-dir" / "x.csv")),
    ]
    assert [r.returncode for r in runs] == [0, 0, 0, 0, 2]
    assert_no_leak(home, *runs)


@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_check(home: Home, as_json: bool) -> None:
    extra = ["--json"] if as_json else []
    runs = [
        home.run("check", SLUG, *extra),
        home.run("check", "--all", *extra, KOPPELAAR_LOKET_CLIENT_SECRET=CLIENT_SECRET),
    ]
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    assert_no_leak(home, *runs)


def test_check_error_paths(home: Home) -> None:
    home.keyring_file.write_text(json.dumps(keyring_entries(WRONG_PASSWORD)), encoding="utf-8")
    wrong = home.run("check", "--all", "--json")
    assert wrong.returncode == 1
    assert json.loads(wrong.stdout)["profiles"][0]["status"] in ("problems", "error")
    down = home.run(
        "check", "--all",
        KOPPELAAR_LOKET_API_URL="http://127.0.0.1:9/v2",
        KOPPELAAR_LOKET_OAUTH_URL="http://127.0.0.1:9/oauth",
    )  # fmt: skip
    assert down.returncode == 1
    wrong_client = home.run("check", "--all", KOPPELAAR_LOKET_CLIENT_SECRET=WRONG_PASSWORD)
    assert wrong_client.returncode == 1
    assert_no_leak(home, wrong, down, wrong_client)


def test_check_with_the_vault(home: Home) -> None:
    vault_env = {
        "KOPPELAAR_SECRETS": "vault",
        "KOPPELAAR_VAULT_PATH": str(home.root / "vault.bin"),
        "KOPPELAAR_VAULT_PASSPHRASE": VAULT_PASSPHRASE,
    }
    from tui.secrets.store import SecretKind, SecretStore

    store = SecretStore(
        "vault", home.root / "vault.bin", vault_passphrase=VAULT_PASSPHRASE,
        vault_kdf=KdfParams.fast_for_tests(),
    )  # fmt: skip
    store.set(SecretKind.LOKET_PASSWORD, USER, LOKET_PASSWORD)
    store.set(SecretKind.LOKET_CLIENT_SECRET, CLIENT_ID, CLIENT_SECRET)
    ok = home.run("check", "--all", "--json", **vault_env)
    assert ok.returncode == 0, ok.stderr
    locked = home.run(
        "check", "--all", **(vault_env | {"KOPPELAAR_VAULT_PASSPHRASE": WRONG_PASSWORD})
    )
    assert locked.returncode in (1, 2)
    assert_no_leak(home, ok, locked)


def test_submit_eml(home: Home) -> None:
    target = home.root / "aanmelding.eml"
    home.excluded.append(target)
    run = home.run("submit", SLUG, "--eml", str(target), "--override")
    assert run.returncode == 0, run.stderr
    assert LOKET_PASSWORD in target.read_text(encoding="utf-8", errors="replace") or (
        "base64" in target.read_text(encoding="utf-8")
    )
    assert_no_leak(home, run)


def test_submit_smtp(home: Home, smtp_server: StartServer, tls: Tls) -> None:  # noqa: F811
    server = smtp_server("starttls")
    (home.root / "config.toml").write_text(
        '[submission]\nfrom = "salaris@example.invalid"\n'
        f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "starttls"\n'
        f'username = "{SMTP_USER}"\ntimeout = 5\n',
        encoding="utf-8",
    )
    sent = home.run("submit", SLUG, "--smtp", "--yes", "--override", "--cafile", str(tls.ca_file))
    assert sent.returncode == 0, sent.stderr
    assert len(server.mailbox.envelopes) == 1
    # Error path: the server's certificate not trusted (no --cafile).
    refused = home.run("submit", SLUG, "--smtp", "--yes", "--override")
    assert refused.returncode == 1
    assert_no_leak(home, sent, refused)


def test_secrets_commands(home: Home) -> None:
    runs = [
        home.run("secrets", "status"),
        home.run("secrets", "status", "--json"),
        home.run("secrets", "set", "loket-password", "xs-nieuw", input=NEW_SECRET + "\n"),
        home.run("secrets", "delete", "loket-password", "xs-nieuw"),
        home.run("secrets", "delete", "loket-password", "xs-nieuw"),
        home.run("secrets", "unlock"),
    ]
    assert [r.returncode for r in runs[:4]] == [0, 0, 0, 0], [r.stderr for r in runs]
    vault = {
        "KOPPELAAR_VAULT_PATH": str(home.root / "vault.bin"),
        "KOPPELAAR_VAULT_PASSPHRASE": VAULT_PASSPHRASE,
    }
    runs += [
        home.run("secrets", "unlock", "--vault", **vault),
        home.run(
            "secrets",
            "set",
            "loket-password",
            "xs-nieuw",
            input=NEW_SECRET + "\n",
            KOPPELAAR_SECRETS="vault",
            **vault,
        ),
        home.run(
            "secrets",
            "status",
            KOPPELAAR_SECRETS="vault",
            KOPPELAAR_VAULT_PATH=vault["KOPPELAAR_VAULT_PATH"],
            KOPPELAAR_VAULT_PASSPHRASE=WRONG_PASSWORD,
        ),
    ]
    assert runs[-3].returncode == 0, runs[-3].stderr
    assert runs[-2].returncode == 0, runs[-2].stderr
    assert_no_leak(home, *runs)


def test_discover_login_and_help(home: Home) -> None:
    runs = [
        home.run("simulator", "--help"),
        home.run("--help"),
        home.run("discover", USER),
        home.run("discover", USER, "--json"),
        home.run(
            "login",
            SLUG,
            input="http://127.0.0.1/callback?code=bogus&state=wrong\n",
            KOPPELAAR_LOKET_GRANT="authorization_code",
        ),
    ]
    assert runs[0].returncode == 0 and runs[1].returncode == 0
    assert "No such command" not in runs[2].stderr, "discover is registered"
    assert_no_leak(home, *runs)
