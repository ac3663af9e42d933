"""Every test runs away from the real user's keyring, profiles, settings and environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest

from tests.secrets.backends import MemoryKeyring
from tui.secrets.redact import redactor

ENV_VARS = (
    "KOPPELAAR_PROFILES",
    "KOPPELAAR_CONFIG",
    "KOPPELAAR_SECRETS",
    "KOPPELAAR_VAULT_PATH",
    "KOPPELAAR_VAULT_PASSPHRASE",
    "KOPPELAAR_LOKET_API_URL",
    "KOPPELAAR_LOKET_OAUTH_URL",
    "KOPPELAAR_LOKET_CLIENT_ID",
    "KOPPELAAR_LOKET_CLIENT_SECRET",
    "KOPPELAAR_LOKET_GRANT",
    "PYTHON_KEYRING_BACKEND",
    "NO_COLOR",
)


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[MemoryKeyring]:
    """Never the real keyring, vault, folders or environment of whoever runs the tests."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    previous = keyring.core._keyring_backend
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.core._keyring_backend = previous
        redactor.forget_all()


@pytest.fixture(autouse=True)
def command_language() -> Iterator[None]:
    """Each test starts in Dutch: a Runtime or a CLI run in English sets the command's language
    for the rest of its thread, and the next test in that worker would read English."""
    from tui.text.i18n import set_language

    set_language("nl")
    yield
    set_language("nl")
