"""Item 9 of issue 18: the vault on the command line.

``check`` (like ``discover``, ``submit`` and ``login``) never asked for the passphrase, so the
vault worked only through KOPPELAAR_VAULT_PASSPHRASE; ``secrets unlock --vault`` held only in
its own process and ``secrets status`` then still said "locked" with the same advice. Now a
command on a terminal asks once; ``secrets unlock --vault`` keeps the passphrase in the Linux
kernel keyring for a while (``--keep``), later commands and ``status`` use it, ``secrets lock``
ends it; ``secrets set`` in session mode (gone when the command ends) is refused.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.checklist.conftest import (  # noqa: F401
    CLIENT_ID,
    CLIENT_SECRET,
    VAULT_PASSPHRASE,
    demo_scenario,
    profiles_dir,
    simulator_with_vault,
)
from tests.hardening.cli_run import REPO, isolated_env, run_cli
from tui.loket.simulator.scenario import Scenario
from tui.secrets import keyctl

PASSPHRASE = VAULT_PASSPHRASE
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty, keyring")


@pytest.fixture
def world(
    tmp_path: Path,
    demo_scenario: Scenario,  # noqa: F811
    profiles_dir: Path,  # noqa: F811
) -> Iterator[tuple[dict[str, str], Path]]:
    with simulator_with_vault(tmp_path, demo_scenario) as settings_env:
        del settings_env["KOPPELAAR_VAULT_PASSPHRASE"]  # asked for, or kept by unlock
        vault = Path(settings_env["KOPPELAAR_VAULT_PATH"])
        env = isolated_env(tmp_path, settings_env)
        try:
            yield env, profiles_dir
        finally:
            keyctl.forget(vault)


def no_password_errors(stdout: str) -> bool:
    document = json.loads(stdout)
    return bool(document["profiles"]) and not any(
        "password" in (p["error"] or "").lower() for p in document["profiles"]
    )


def run_on_terminal(args: list[str], env: dict[str, str], answer: str) -> tuple[int, str, str]:
    """Run koppelaar with a pseudo-terminal as stdin and stderr; answer each passphrase prompt.
    Bounded: 60 s, 200 reads."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        stdin=slave,
        stderr=slave,
        stdout=subprocess.PIPE,
        env=env,
        cwd=REPO,
        text=True,
    )
    os.close(slave)
    seen = b""
    prompts = 0
    deadline = time.monotonic() + 60
    for _ in range(200):
        if proc.poll() is not None or time.monotonic() > deadline:
            break
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        seen += chunk
        if seen.count(b"passphrase") > prompts:
            prompts = seen.count(b"passphrase")
            os.write(master, answer.encode() + b"\n")
    out, _ = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
    os.close(master)
    return prompts, out, seen.decode(errors="replace")


def test_check_on_a_terminal_asks_for_the_passphrase_once(
    world: tuple[dict[str, str], Path],
) -> None:
    env, profiles = world
    prompts, out, terminal = run_on_terminal(
        ["--lang", "en", "--profiles", str(profiles), "check", "--all", "--json"], env, PASSPHRASE
    )
    assert prompts == 1, terminal
    assert PASSPHRASE not in terminal, "the passphrase is not echoed"
    assert no_password_errors(out), out


def test_unlock_keeps_it_for_later_commands_until_lock(
    world: tuple[dict[str, str], Path],
) -> None:
    env, profiles = world
    unlocked = run_cli(
        ["--lang", "en", "secrets", "unlock", "--vault", "--keep", "5"],
        {**env, "KOPPELAAR_VAULT_PASSPHRASE": PASSPHRASE},
        timeout=60,
    )
    assert unlocked.returncode == 0, unlocked.stderr
    assert "5 minutes" in unlocked.stdout

    status = run_cli(["--lang", "en", "secrets", "status"], env, timeout=60)
    assert status.returncode == 0, status.stdout
    assert "locked" not in status.stdout.replace("unlocked", "")
    checked = run_cli(
        ["--lang", "en", "--profiles", str(profiles), "check", "--all", "--json"],
        env,
        timeout=60,
    )
    assert no_password_errors(checked.stdout), checked.stdout

    locked = run_cli(["--lang", "en", "secrets", "lock"], env, timeout=60)
    assert locked.returncode == 0 and "locked" in locked.stdout
    after = run_cli(["--lang", "en", "secrets", "status"], env, timeout=60)
    assert after.returncode == 1 and "locked" in after.stdout


def test_secrets_set_in_session_mode_is_refused_with_the_alternatives(tmp_path: Path) -> None:
    env = isolated_env(
        tmp_path,
        {"KOPPELAAR_SECRETS": "session", "KOPPELAAR_CONFIG": str(tmp_path / "config.toml")},
    )
    done = run_cli(
        ["--lang", "en", "secrets", "set", "loket-password", "xs-user"],
        env,
        input="Geheim-1234\n",
        timeout=60,
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "KOPPELAAR_SECRETS=keyring" in done.stderr
    assert "secrets unlock --vault" in done.stderr
    assert "Geheim-1234" not in done.stdout + done.stderr
