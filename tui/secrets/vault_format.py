"""The vault file's format and its errors: the header (magic, version, key derivation and
its parameters, salt, passphrase check, nonce), the KDF and the JSON document of entries.
``tui.secrets.vault`` reads and writes the file with these; the layout is in its docstring.
"""

from __future__ import annotations

import functools
import hashlib
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from keyring.errors import KeyringError

MAGIC = b"KPLVAULT"
FORMAT_VERSION = 1
HEADER = struct.Struct(">8sBBIII16s16s12s")
TRAILER_SIZE = hashlib.sha256().digest_size
GCM_TAG_SIZE = 16
MAX_FILE_SIZE = 16 * 1024 * 1024
KEY_SIZE = 32
# The most memory a vault's key derivation may ask for (Koppelaar's own use 64 MiB).
MAX_KDF_MEMORY = 256 * 1024 * 1024
CHECK_SIZE = 16

KDF_SCRYPT = 1
KDF_ARGON2ID = 2


class VaultError(KeyringError):
    """A vault problem; `message` says what happened and what to do, without any secret."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class VaultPassphraseError(VaultError):
    """The passphrase does not open this vault."""


class VaultCorruptError(VaultError):
    """The file is not a readable vault: truncated, damaged, or something else entirely."""


class VaultLockedError(VaultError):
    """The vault has no passphrase yet in this session."""


class VaultMissingError(VaultError):
    """There is no vault file yet."""


class VaultBusyError(VaultError):
    """Another process held the vault lock for too long."""


@dataclass(frozen=True)
class KdfParams:
    """Which KDF and its cost; stored in the header so a file always says how to open it."""

    kind: int
    a: int
    b: int
    c: int

    @classmethod
    def scrypt(cls, log2_n: int = 16, r: int = 8, p: int = 1) -> KdfParams:
        return cls(KDF_SCRYPT, log2_n, r, p)

    @classmethod
    def argon2id(
        cls, iterations: int = 3, lanes: int = 4, memory_kib: int = 64 * 1024
    ) -> KdfParams:
        return cls(KDF_ARGON2ID, iterations, lanes, memory_kib)

    @classmethod
    def default(cls) -> KdfParams:
        return cls.argon2id() if argon2id_supported() else cls.scrypt()

    @classmethod
    def fast_for_tests(cls) -> KdfParams:
        """Cheap parameters: only for tests, never for a user's vault."""
        return cls.scrypt(log2_n=10, r=8, p=1)

    def memory_bytes(self) -> int:
        """What deriving the key with these parameters needs in memory."""
        if self.kind == KDF_SCRYPT:
            return 128 * self.b * 2**self.a * self.c if 0 <= self.a < 64 else 2**64
        return self.c * 1024

    def check_bounds(self) -> None:
        """Refuse parameters no Koppelaar wrote, before spending memory or time on them:
        Koppelaar writes Argon2id (3 passes, 4 lanes, 64 MiB) or scrypt (N = 2**16, r = 8,
        p = 1); the bounds allow up to four times that cost, never more than MAX_KDF_MEMORY."""
        if self.kind == KDF_SCRYPT:
            ok = 10 <= self.a <= 18 and 1 <= self.b <= 8 and 1 <= self.c <= 4
        elif self.kind == KDF_ARGON2ID:
            ok = 1 <= self.a <= 12 and 1 <= self.b <= 16 and 8 * self.b <= self.c <= 256 * 1024
        else:
            ok = False
        if not ok or self.memory_bytes() > MAX_KDF_MEMORY:
            raise ValueError(
                "unsupported key derivation parameters: outside what Koppelaar writes "
                f"(at most {MAX_KDF_MEMORY // 2**20} MiB of memory)"
            )

    def derive(self, passphrase: bytes, salt: bytes) -> bytes:
        length = KEY_SIZE + CHECK_SIZE
        if self.kind == KDF_SCRYPT:
            return Scrypt(salt=salt, length=length, n=2**self.a, r=self.b, p=self.c).derive(
                passphrase
            )
        if self.kind == KDF_ARGON2ID:
            try:
                kdf = Argon2id(
                    salt=salt, length=length, iterations=self.a, lanes=self.b, memory_cost=self.c
                )
            except UnsupportedAlgorithm:
                raise ValueError("this vault uses Argon2id, which this OpenSSL lacks") from None
            return kdf.derive(passphrase)
        raise ValueError("unknown key derivation function")


@functools.cache
def argon2id_supported() -> bool:
    try:
        Argon2id(salt=bytes(16), length=32, iterations=1, lanes=1, memory_cost=8)
    except UnsupportedAlgorithm:
        return False
    return True


@dataclass(frozen=True)
class Header:
    kdf: KdfParams
    salt: bytes
    check: bytes
    nonce: bytes

    def pack(self) -> bytes:
        k = self.kdf
        return HEADER.pack(
            MAGIC, FORMAT_VERSION, k.kind, k.a, k.b, k.c, self.salt, self.check, self.nonce
        )


Entries = dict[str, dict[str, str]]


def normalise_passphrase(passphrase: str) -> bytes:
    if not passphrase:
        raise VaultPassphraseError("The vault passphrase cannot be empty.")
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def entries_from(document: object) -> Entries:
    if not isinstance(document, dict) or not isinstance(document.get("entries"), dict):
        raise ValueError("no entries")
    entries: Entries = {}
    for service, users in document["entries"].items():
        if not isinstance(users, dict):
            raise ValueError("bad entry")
        for username, password in users.items():
            if not isinstance(password, str):
                raise ValueError("bad entry")
            entries.setdefault(service, {})[username] = password
    return entries
