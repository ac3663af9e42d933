"""Run in a separate process by test_vault: set many keys in one vault."""

from __future__ import annotations

from multiprocessing.synchronize import Event

from tui.secrets.vault import KdfParams, VaultKeyring


def write_many(path: str, passphrase: str, prefix: str, count: int, start: Event) -> None:
    vault = VaultKeyring(path, passphrase, kdf=KdfParams.fast_for_tests())
    start.wait(10)
    for number in range(count):
        vault.set_password(
            "koppelaar:loket-password", f"{prefix}-{number}", f"pw-{prefix}-{number}"
        )
