from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import keyring
import pytest
import typer
from keyring.backends import fail
from typer.testing import CliRunner, Result

import tui.cli.commands.secrets as secrets_cli
from tests.secrets.backends import ENV_FILE_KEYRING, MemoryKeyring
from tests.secrets.leakscan import assert_no_secret_in_tree
from tui.secrets.vault import VaultKeyring

Invoke = Callable[..., Result]
REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery staple"
SECRET = "Demo-xs-goudenkorst-2026!"


def build_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        """Koppelaar (test harness), in English: the run's language is the runtime's."""
        ctx.obj = SimpleNamespace(language="en")

    secrets_cli.register(app)
    return app


@pytest.fixture
def run() -> Invoke:
    runner = CliRunner()
    app = build_app()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, ["secrets", *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Pretend stdin is a terminal; getpass answers from this list (in order)."""
    answers: list[str] = []
    monkeypatch.setattr(secrets_cli, "_is_terminal", lambda: True)
    monkeypatch.setattr(secrets_cli.getpass, "getpass", lambda prompt="": answers.pop(0))
    return answers


def test_status_reports_a_working_keyring(run: Invoke) -> None:
    result = run("status")
    assert result.exit_code == 0
    assert "Mode:     keyring (asked for: auto)" in result.stdout
    assert "tests.secrets.backends.MemoryKeyring" in result.stdout
    assert "(not created)" in result.stdout


def test_status_json(run: Invoke) -> None:
    keyring.set_keyring(fail.Keyring())
    result = run("status", "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["mode"] == "keyring" and document["status"] == "no_backend"
    assert document["usable"] is False
    assert document["vault"]["exists"] is False
    assert "koppelaar secrets unlock --vault" in document["message"]


def test_set_reads_stdin_and_delete_removes(run: Invoke, isolated_secrets: MemoryKeyring) -> None:
    result = run("set", "loket-password", "xs-goudenkorst", input=SECRET + "\n")
    assert result.exit_code == 0, result.output
    assert "Stored the Loket.nl password for xs-goudenkorst" in result.stdout
    assert SECRET not in result.output
    assert isolated_secrets.entries[("koppelaar:loket-password", "xs-goudenkorst")] == SECRET
    assert run("delete", "loket-password", "xs-goudenkorst").exit_code == 0
    again = run("delete", "loket-password", "xs-goudenkorst")
    assert again.exit_code == 1 and "nothing deleted" in again.stderr


def test_set_from_a_terminal_prompts_hidden(
    run: Invoke, terminal: list[str], isolated_secrets: MemoryKeyring
) -> None:
    terminal.append("smtp-secret-value")
    result = run("set", "smtp-password", "mailer@example.nl")
    assert result.exit_code == 0
    assert isolated_secrets.entries[("koppelaar:smtp-password", "mailer@example.nl")] == (
        "smtp-secret-value"
    )


def test_usage_errors_exit_2(run: Invoke) -> None:
    assert run("set", "password", "x", input="value\n").exit_code == 2
    assert run("set", "loket-password", "x", input="\n").exit_code == 2
    assert run("set", "loket-password", "x", "the-value").exit_code == 2  # never an argument


def test_no_backend_says_what_to_do_without_a_traceback(run: Invoke) -> None:
    keyring.set_keyring(fail.Keyring())
    result = run("set", "loket-password", "xs-a", input=SECRET + "\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("No keyring backend on this machine")
    assert "Traceback" not in result.output and SECRET not in result.output


def test_unlock_vault_creates_with_a_confirmed_passphrase(
    run: Invoke, terminal: list[str], tmp_path: Path
) -> None:
    terminal.extend([PASSPHRASE, PASSPHRASE])
    result = run("unlock", "--vault")
    assert result.exit_code == 0, result.output
    assert "Created the encrypted vault" in result.stdout
    path = tmp_path / "xdg-data" / "koppelaar" / "vault.bin"
    VaultKeyring(path, PASSPHRASE).unlock()
    terminal.append("wrong passphrase")
    wrong = run("unlock", "--vault")
    assert wrong.exit_code == 1 and "Wrong passphrase" in wrong.stderr


def test_unlock_vault_refuses_mismatch_and_short(
    run: Invoke, terminal: list[str], tmp_path: Path
) -> None:
    terminal.extend([PASSPHRASE, PASSPHRASE + "x"])
    assert run("unlock", "--vault").exit_code == 2
    terminal.append("short")
    assert run("unlock", "--vault").exit_code == 2
    assert not (tmp_path / "xdg-data" / "koppelaar" / "vault.bin").exists()


def test_unlock_without_a_terminal_or_passphrase_is_a_usage_error(run: Invoke) -> None:
    result = run("unlock", "--vault")
    assert result.exit_code == 2 and "KOPPELAAR_VAULT_PASSPHRASE" in result.stderr


def test_vault_mode_end_to_end(
    run: Invoke, terminal: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("KOPPELAAR_VAULT_PASSPHRASE", PASSPHRASE)
    assert run("unlock", "--vault", "--keep", "0").exit_code == 0
    monkeypatch.delenv("KOPPELAAR_VAULT_PASSPHRASE")
    # auto: no keyring, but a vault exists -> the vault, unlocked at the prompt
    terminal.append(PASSPHRASE)
    monkeypatch.setattr(secrets_cli, "_read_secret", lambda kind, name, lang: SECRET)
    stored = run("set", "loket-password", "xs-goudenkorst")
    assert stored.exit_code == 0, stored.output
    assert "vault, unlocked" in stored.stdout
    status = run("status")
    assert "Mode:     vault (asked for: auto)" in status.stdout
    assert "exists, locked" in status.stdout  # a new run, no passphrase yet
    assert status.exit_code == 1
    assert_no_secret_in_tree(tmp_path, [SECRET, PASSPHRASE])


def test_nothing_falls_to_memory_silently(run: Invoke) -> None:
    keyring.set_keyring(fail.Keyring())
    assert run("status").exit_code == 1


def run_cli_subprocess(
    env: dict[str, str], *args: str, input: str = ""
) -> subprocess.CompletedProcess[str]:
    code = (
        "import types, typer, tui.cli.commands.secrets as s\n"
        "app = typer.Typer()\n"
        "def root(ctx: typer.Context) -> None:\n"
        "    ctx.obj = types.SimpleNamespace(language='en')\n"
        "app.callback()(root)\n"
        "s.register(app)\n"
        "app()\n"
    )
    full_env = {**os.environ, **env, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", code, "secrets", *args],
        env=full_env,
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )


def test_python_keyring_backend_is_honoured(tmp_path: Path) -> None:
    store_file = tmp_path / "test-keyring.json"
    env = {
        "PYTHON_KEYRING_BACKEND": "tests.secrets.backends.JsonFileKeyring",
        ENV_FILE_KEYRING: str(store_file),
    }
    stored = run_cli_subprocess(env, "set", "loket-refresh-token", "xs-a", input="rt-value-123\n")
    assert stored.returncode == 0, stored.stderr
    assert json.loads(store_file.read_text()) == {
        "koppelaar:loket-refresh-token\x00xs-a": "rt-value-123"
    }
    status = run_cli_subprocess(env, "status", "--json")
    assert json.loads(status.stdout)["backend"] == "tests.secrets.backends.JsonFileKeyring"


def test_the_null_backend_is_reported_as_disabled(tmp_path: Path) -> None:
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    status = run_cli_subprocess(env, "status", "--json")
    assert status.returncode == 1
    assert json.loads(status.stdout)["status"] == "disabled"
    broken = run_cli_subprocess({"PYTHON_KEYRING_BACKEND": "no.such.Backend"}, "status")
    assert broken.returncode == 1 and "cannot be loaded" in broken.stdout
    assert "Traceback" not in broken.stderr
