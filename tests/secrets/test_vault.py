from __future__ import annotations

import multiprocessing
import os
import stat
import struct
import time
from pathlib import Path

import pytest

from tests.secrets.conftest import FAST_KDF
from tests.secrets.leakscan import assert_no_secret_in_tree
from tests.secrets.vault_worker import write_many
from tui.secrets.vault import (
    HEADER,
    MAGIC,
    KdfParams,
    VaultBusyError,
    VaultCorruptError,
    VaultKeyring,
    VaultLockedError,
    VaultMissingError,
    VaultPassphraseError,
)

PASSPHRASE = "correct horse battery staple"
SECRET = "Demo-xs-goudenkorst-2026!"
SERVICE = "koppelaar:loket-password"


def make_vault(path: Path, kdf: KdfParams = FAST_KDF) -> VaultKeyring:
    vault = VaultKeyring(path, PASSPHRASE, kdf=kdf)
    vault.set_password(SERVICE, "xs-goudenkorst", SECRET)
    return vault


def test_file_is_private_encrypted_and_versioned(vault_path: Path) -> None:
    make_vault(vault_path)
    data = vault_path.read_bytes()
    assert data.startswith(MAGIC) and data[len(MAGIC)] == 1
    assert stat.S_IMODE(vault_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(vault_path.parent.stat().st_mode) == 0o700
    assert_no_secret_in_tree(vault_path.parent, [SECRET, PASSPHRASE])
    leftovers = [p.name for p in vault_path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_default_kdf_unlocks_quickly(vault_path: Path) -> None:
    kdf = KdfParams.default()
    make_vault(vault_path, kdf)
    started = time.perf_counter()
    fresh = VaultKeyring(vault_path, PASSPHRASE)
    fresh.unlock()
    elapsed = time.perf_counter() - started
    assert fresh.get_password(SERVICE, "xs-goudenkorst") == SECRET
    # Measured 0.12 s (Argon2id, 64 MiB, t=3) on the development machine; budget 0.5 s, with
    # room for a loaded test runner.
    assert elapsed < 1.5, f"unlock took {elapsed:.2f} s"


def test_scrypt_vaults_open_too(vault_path: Path) -> None:
    make_vault(vault_path, KdfParams.scrypt(log2_n=12))
    assert VaultKeyring(vault_path, PASSPHRASE).get_password(SERVICE, "xs-goudenkorst") == SECRET


def test_wrong_passphrase_is_clear_and_changes_nothing(vault_path: Path) -> None:
    make_vault(vault_path)
    before = vault_path.read_bytes()
    wrong = VaultKeyring(vault_path, "not the passphrase")
    with pytest.raises(VaultPassphraseError) as failure:
        wrong.set_password(SERVICE, "someone", "another-secret")
    assert "Wrong passphrase" in failure.value.message
    assert "not the passphrase" not in str(failure.value)
    with pytest.raises(VaultPassphraseError):
        wrong.unlock()
    assert not wrong.has_passphrase
    assert vault_path.read_bytes() == before


@pytest.mark.parametrize("keep", [0, 5, 8, HEADER.size, HEADER.size + 20, -1])
def test_truncated_vault_is_reported_and_kept(vault_path: Path, keep: int) -> None:
    make_vault(vault_path)
    damaged = vault_path.read_bytes()[:keep]
    vault_path.write_bytes(damaged)
    vault = VaultKeyring(vault_path, PASSPHRASE, kdf=FAST_KDF)
    with pytest.raises(VaultCorruptError, match="cannot be read"):
        vault.get_password(SERVICE, "xs-goudenkorst")
    with pytest.raises(VaultCorruptError):
        vault.set_password(SERVICE, "xs-other", "another-secret")
    with pytest.raises(VaultCorruptError):
        vault.unlock(create=True)
    assert vault_path.read_bytes() == damaged


@pytest.mark.parametrize("where", ["magic", "version", "kdf", "salt", "nonce", "body", "trailer"])
def test_corrupt_vault_is_reported_and_kept(vault_path: Path, where: str) -> None:
    make_vault(vault_path)
    data = bytearray(vault_path.read_bytes())
    offsets = {
        "magic": 0,
        "version": 8,
        "kdf": 9,
        "salt": 22,
        "nonce": HEADER.size - 1,
        "body": HEADER.size + 3,
        "trailer": len(data) - 1,
    }
    data[offsets[where]] ^= 0x40
    vault_path.write_bytes(bytes(data))
    vault = VaultKeyring(vault_path, PASSPHRASE, kdf=FAST_KDF)
    with pytest.raises(VaultCorruptError):
        vault.set_password(SERVICE, "xs-other", "another-secret")
    assert vault_path.read_bytes() == bytes(data)


def test_tampering_that_fixes_the_checksum_still_fails_authentication(vault_path: Path) -> None:
    import hashlib

    make_vault(vault_path)
    data = bytearray(vault_path.read_bytes()[:-32])
    data[HEADER.size + 1] ^= 0x01
    forged = bytes(data) + hashlib.sha256(bytes(data)).digest()
    vault_path.write_bytes(forged)
    with pytest.raises(VaultCorruptError, match="do not decrypt"):
        VaultKeyring(vault_path, PASSPHRASE).get_password(SERVICE, "xs-goudenkorst")


def test_absurd_kdf_parameters_are_refused_before_deriving(vault_path: Path) -> None:
    import hashlib

    make_vault(vault_path)
    data = bytearray(vault_path.read_bytes()[:-32])
    struct.pack_into(">I", data, 10, 40)  # scrypt n = 2**40
    vault_path.write_bytes(bytes(data) + hashlib.sha256(bytes(data)).digest())
    with pytest.raises(VaultCorruptError, match="unsupported key derivation"):
        VaultKeyring(vault_path, PASSPHRASE).get_password(SERVICE, "xs-goudenkorst")


def test_not_a_vault(vault_path: Path) -> None:
    vault_path.parent.mkdir(parents=True)
    vault_path.write_text("[backend]\ndefault-keyring=whatever\n")
    with pytest.raises(VaultCorruptError, match="not a Koppelaar vault"):
        VaultKeyring(vault_path, PASSPHRASE).unlock()


def test_locked_and_missing(vault_path: Path) -> None:
    locked = VaultKeyring(vault_path)
    with pytest.raises(VaultLockedError, match="koppelaar secrets unlock --vault"):
        locked.get_password(SERVICE, "x")
    with pytest.raises(VaultMissingError, match="no vault"):
        VaultKeyring(vault_path, PASSPHRASE).unlock()
    assert VaultKeyring(vault_path, PASSPHRASE, kdf=FAST_KDF).unlock(create=True) is True
    assert VaultKeyring(vault_path, PASSPHRASE).unlock(create=True) is False
    assert VaultKeyring(vault_path, PASSPHRASE).names() == []


def test_repr_and_errors_hold_no_secret(vault_path: Path) -> None:
    vault = make_vault(vault_path)
    assert PASSPHRASE not in repr(vault) and PASSPHRASE not in str(vault)
    assert "unlocked" in repr(vault)


def test_names_lists_without_values(vault_path: Path) -> None:
    vault = make_vault(vault_path)
    vault.set_password("koppelaar:smtp-password", "mailer", "smtp-secret")
    assert vault.names() == [(SERVICE, "xs-goudenkorst"), ("koppelaar:smtp-password", "mailer")]


def test_a_held_lock_gives_a_clear_busy_error(vault_path: Path) -> None:
    from filelock import FileLock

    vault = make_vault(vault_path)
    vault.lock_timeout = 0.2
    with FileLock(vault.lock_path), pytest.raises(VaultBusyError, match="kept the vault locked"):
        vault.set_password(SERVICE, "xs-other", "another-secret")


def test_two_processes_writing_at_once_lose_nothing(vault_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    count = 50
    workers = [
        context.Process(target=write_many, args=(str(vault_path), PASSPHRASE, name, count, start))
        for name in ("alpha", "beta")
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    names = VaultKeyring(vault_path, PASSPHRASE).names()
    expected = {(SERVICE, f"{p}-{n}") for p in ("alpha", "beta") for n in range(count)}
    assert set(names) == expected
    vault = VaultKeyring(vault_path, PASSPHRASE)
    assert vault.get_password(SERVICE, "beta-49") == "pw-beta-49"


def test_loadable_by_name_through_the_environment(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring.core

    make_vault(vault_path)
    monkeypatch.setenv("KOPPELAAR_VAULT_PATH", str(vault_path))
    with pytest.raises(RuntimeError, match="KOPPELAAR_VAULT_PASSPHRASE"):
        keyring.core.load_keyring("tui.secrets.vault.VaultKeyring")
    monkeypatch.setenv("KOPPELAAR_VAULT_PASSPHRASE", PASSPHRASE)
    loaded = keyring.core.load_keyring("tui.secrets.vault.VaultKeyring")
    assert loaded.get_password(SERVICE, "xs-goudenkorst") == SECRET
    assert os.environ["KOPPELAAR_VAULT_PASSPHRASE"] not in repr(loaded)
