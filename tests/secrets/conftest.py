from __future__ import annotations

from pathlib import Path

import pytest

from tests.secrets.backends import MemoryKeyring
from tui.secrets.vault import KdfParams

FAST_KDF = KdfParams.fast_for_tests()


@pytest.fixture
def isolated_secrets(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    """The root conftest's memory keyring, under the name these tests use."""
    return memory_keyring


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault" / "vault.bin"
