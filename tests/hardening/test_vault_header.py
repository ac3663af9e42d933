"""Item 10 of issue 18: a vault header asking for 16 GiB (scrypt N = 2**22, r = 32) or 1 GiB
of Argon2id memory was accepted and ended in a MemoryError traceback or minutes of work. The
parameters are bounded to what Koppelaar itself writes; beyond that the file is reported as
damaged, quickly, before any key is derived, and nothing is rewritten.
"""

from __future__ import annotations

import hashlib
import struct
import time
from pathlib import Path

import pytest

from tests.secrets.conftest import FAST_KDF
from tui.secrets.vault import (
    KDF_ARGON2ID,
    KDF_SCRYPT,
    MAX_KDF_MEMORY,
    KdfParams,
    VaultCorruptError,
    VaultKeyring,
)

PASSPHRASE = "correct horse battery staple"
SERVICE = "koppelaar:loket-password"


def forge(path: Path, kind: int, a: int, b: int, c: int) -> bytes:
    VaultKeyring(path, PASSPHRASE, kdf=FAST_KDF).set_password(SERVICE, "u", "geheim-1234")
    data = bytearray(path.read_bytes()[:-32])
    struct.pack_into(">BIII", data, 9, kind, a, b, c)
    forged = bytes(data) + hashlib.sha256(bytes(data)).digest()
    path.write_bytes(forged)
    return forged


@pytest.mark.parametrize(
    ("kind", "a", "b", "c"),
    [
        (KDF_SCRYPT, 22, 32, 1),  # 16 GiB
        (KDF_SCRYPT, 20, 8, 1),  # 1 GiB
        (KDF_SCRYPT, 16, 8, 16),  # 1 GiB through p
        (KDF_ARGON2ID, 1, 1, 1024 * 1024),  # 1 GiB
        (KDF_ARGON2ID, 4000, 4, 64 * 1024),  # minutes of passes
    ],
)
def test_a_costly_header_is_refused_before_deriving(
    tmp_path: Path, kind: int, a: int, b: int, c: int
) -> None:
    path = tmp_path / "vault.bin"
    forged = forge(path, kind, a, b, c)
    started = time.monotonic()
    with pytest.raises(VaultCorruptError, match="outside what Koppelaar writes"):
        VaultKeyring(path, PASSPHRASE).get_password(SERVICE, "u")
    assert time.monotonic() - started < 1.0
    assert path.read_bytes() == forged, "a vault that does not open is never rewritten"


def test_what_koppelaar_writes_is_within_the_bounds() -> None:
    for params in (KdfParams.argon2id(), KdfParams.scrypt(), FAST_KDF):
        params.check_bounds()
        assert params.memory_bytes() <= MAX_KDF_MEMORY
