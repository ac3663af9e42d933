"""The vault passes keyring's own test suite for backends (keyring.testing.backend)."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.testing.backend import BackendBasicTests

from tests.secrets.conftest import FAST_KDF
from tui.secrets.vault import VaultKeyring


class TestVaultKeyring(BackendBasicTests):
    @pytest.fixture(autouse=True)
    def _init_properties(self, request: pytest.FixtureRequest, tmp_path: Path) -> None:
        # The suite's own fixture of this name calls init_keyring(); this one first gives
        # each test its own vault file.
        self.vault_file = tmp_path / "suite" / "vault.bin"
        self.keyring = self.init_keyring()
        self.credentials_created = set()
        request.addfinalizer(self.cleanup)

    def init_keyring(self) -> VaultKeyring:
        return VaultKeyring(self.vault_file, "suite passphrase", kdf=FAST_KDF)

    def test_values_survive_a_new_instance(self) -> None:
        self.set_password("svc", "user", "pw-in-file")
        again = VaultKeyring(self.vault_file, "suite passphrase")
        assert again.get_password("svc", "user") == "pw-in-file"
