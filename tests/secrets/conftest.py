from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest

from tests.secrets.backends import MemoryKeyring
from tui.redact import redactor
from tui.vault import KdfParams

ENV_VARS = (
    "KOPPELAAR_SECRETS",
    "KOPPELAAR_VAULT_PATH",
    "KOPPELAAR_VAULT_PASSPHRASE",
    "PYTHON_KEYRING_BACKEND",
)

FAST_KDF = KdfParams.fast_for_tests()


@pytest.fixture(autouse=True)
def isolated_secrets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[MemoryKeyring]:
    """Never touch the real keyring, vault or environment of whoever runs the tests."""
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


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault" / "vault.bin"
