"""An encrypted vault file for machines without an OS keyring, as a `keyring` backend.

File layout (all integers big-endian):

    header   magic "KPLVAULT" | format version u8 | kdf id u8 | kdf params 3 x u32 |
             salt 16 | passphrase check 16 | nonce 12
    body     AES-256-GCM ciphertext of a JSON document, tag included; the header is the
             associated data
    trailer  SHA-256 of header + body

The KDF (Argon2id, or scrypt where Argon2id is missing) derives 48 bytes from the passphrase:
32 for the AES key and 16 stored as the passphrase check. The check tells a wrong passphrase
from a damaged file (costing an attacker no less than a GCM tag would); the trailer catches
truncation and bit rot before any key is derived. A file that fails to open is never rewritten.
"""

from __future__ import annotations

__all__ = [
    "CHECK_SIZE",
    "ENV_VAULT_PASSPHRASE",
    "ENV_VAULT_PATH",
    "FORMAT_VERSION",
    "GCM_TAG_SIZE",
    "HEADER",
    "KDF_ARGON2ID",
    "KDF_SCRYPT",
    "KEY_SIZE",
    "MAGIC",
    "MAX_FILE_SIZE",
    "MAX_KDF_MEMORY",
    "TRAILER_SIZE",
    "KdfParams",
    "VaultBusyError",
    "VaultCorruptError",
    "VaultError",
    "VaultKeyring",
    "VaultLockedError",
    "VaultMissingError",
    "VaultPassphraseError",
    "argon2id_supported",
    "default_vault_path",
]

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

import platformdirs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from filelock import FileLock
from filelock import Timeout as FileLockTimeout
from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.credentials import Credential, SimpleCredential
from keyring.errors import PasswordDeleteError

from tui.profiles.fileio import atomic_write_bytes
from tui.secrets.vault_format import (
    CHECK_SIZE,
    FORMAT_VERSION,
    GCM_TAG_SIZE,
    HEADER,
    KDF_ARGON2ID,
    KDF_SCRYPT,
    KEY_SIZE,
    MAGIC,
    MAX_FILE_SIZE,
    MAX_KDF_MEMORY,
    TRAILER_SIZE,
    Entries,
    Header,
    KdfParams,
    VaultBusyError,
    VaultCorruptError,
    VaultError,
    VaultLockedError,
    VaultMissingError,
    VaultPassphraseError,
    argon2id_supported,
    entries_from,
    normalise_passphrase,
)

ENV_VAULT_PATH = "KOPPELAAR_VAULT_PATH"
ENV_VAULT_PASSPHRASE = "KOPPELAAR_VAULT_PASSPHRASE"


def default_vault_path() -> Path:
    return Path(platformdirs.user_data_dir("koppelaar")) / "vault.bin"


class VaultKeyring(KeyringBackend):
    """Secrets in one encrypted file, behind the ordinary keyring API.

    Without arguments (e.g. via PYTHON_KEYRING_BACKEND=tui.secrets.vault.VaultKeyring) it takes its
    path and passphrase from KOPPELAAR_VAULT_PATH and KOPPELAAR_VAULT_PASSPHRASE.
    """

    def __init__(
        self,
        path: Path | str | None = None,
        passphrase: str | None = None,
        *,
        kdf: KdfParams | None = None,
        lock_timeout: float = 10.0,
    ) -> None:
        super().__init__()
        if path is None:
            path = os.environ.get(ENV_VAULT_PATH) or default_vault_path()
        if passphrase is None:
            passphrase = os.environ.get(ENV_VAULT_PASSPHRASE) or None
        self.path = Path(path).expanduser()
        self.kdf = kdf or KdfParams.default()
        self.lock_timeout = lock_timeout
        self._passphrase = normalise_passphrase(passphrase) if passphrase else None
        self._keys: dict[tuple[KdfParams, bytes], bytes] = {}

    @properties.classproperty
    def priority(cls) -> float:
        # Never chosen by keyring's own detection; loadable by name when a passphrase is set.
        if not os.environ.get(ENV_VAULT_PASSPHRASE):
            raise RuntimeError(f"the Koppelaar vault needs {ENV_VAULT_PASSPHRASE}")
        return -2

    @properties.classproperty
    def name(cls) -> str:
        return "Koppelaar encrypted vault"

    def __repr__(self) -> str:
        state = "unlocked" if self._passphrase else "locked"
        return f"VaultKeyring(path={str(self.path)!r}, {state})"

    __str__ = __repr__

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def exists(self) -> bool:
        return self.path.exists()

    @property
    def has_passphrase(self) -> bool:
        return self._passphrase is not None

    def set_passphrase(self, passphrase: str) -> None:
        """Remember the passphrase for this session; `unlock()` verifies it."""
        self._passphrase = normalise_passphrase(passphrase)
        self._keys.clear()

    def unlock(self, passphrase: str | None = None, *, create: bool = False) -> bool:
        """Verify the passphrase against the file, or create an empty vault when asked.

        Returns True when this call created the file. A wrong passphrase is not kept.
        """
        if passphrase is not None:
            self.set_passphrase(passphrase)
        try:
            if self.path.exists():
                self._read()
                return False
            if not create:
                raise VaultMissingError(
                    f"There is no vault at {self.path} yet: run `koppelaar secrets unlock "
                    "--vault` to create one.",
                    self.path,
                )
            with self._locked():
                if self.path.exists():
                    self._read()
                    return False
                self._write({}, previous=None)
                return True
        except VaultPassphraseError:
            self._passphrase = None
            self._keys.clear()
            raise

    # keyring API

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if not isinstance(password, str):
            raise TypeError("password must be a string")
        with self._locked():
            entries, header = self._read_with_header()
            entries.setdefault(service, {})[username] = password
            self._write(entries, previous=header)

    def delete_password(self, service: str, username: str) -> None:
        with self._locked():
            entries, header = self._read_with_header()
            users = entries.get(service, {})
            if username not in users:
                raise PasswordDeleteError("No such secret in the vault.")
            del users[username]
            if not users:
                del entries[service]
            self._write(entries, previous=header)

    def get_credential(self, service: str, username: str | None) -> Credential | None:
        users = self._read().get(service, {})
        if username is not None:
            password = users.get(username)
            return None if password is None else SimpleCredential(username, password)
        for name in sorted(users):
            return SimpleCredential(name, users[name])
        return None

    def names(self) -> list[tuple[str, str]]:
        """(service, username) of every stored secret, without the secrets."""
        return sorted((s, u) for s, users in self._read().items() for u in users)

    # file handling

    @contextlib.contextmanager
    def _locked(self) -> Any:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock = FileLock(self.lock_path, timeout=self.lock_timeout)
        try:
            with lock:
                yield
        except FileLockTimeout:
            raise VaultBusyError(
                f"Another Koppelaar process kept the vault locked ({self.lock_path}) for more "
                f"than {self.lock_timeout:g} s; close it and try again.",
                self.path,
            ) from None

    def _require_passphrase(self) -> bytes:
        if self._passphrase is None:
            raise VaultLockedError(
                f"The vault at {self.path} is locked: unlock it with `koppelaar secrets unlock "
                f"--vault` or set {ENV_VAULT_PASSPHRASE}.",
                self.path,
            )
        return self._passphrase

    def _read(self) -> Entries:
        return self._read_with_header()[0]

    def _read_with_header(self) -> tuple[Entries, Header | None]:
        passphrase = self._require_passphrase()
        try:
            with open(self.path, "rb") as file:
                data = file.read(MAX_FILE_SIZE + 1)
        except FileNotFoundError:
            return {}, None
        header, body = self._parse(data)
        key = self._key(header, passphrase)
        try:
            plaintext = AESGCM(key).decrypt(header.nonce, body, header.pack())
            document = json.loads(plaintext.decode("utf-8"))
            entries = entries_from(document)
        except (InvalidTag, UnicodeDecodeError, ValueError) as exc:
            raise self._corrupt(f"its contents do not decrypt ({type(exc).__name__})") from None
        return entries, header

    def _parse(self, data: bytes) -> tuple[Header, bytes]:
        minimum = HEADER.size + GCM_TAG_SIZE + TRAILER_SIZE
        if len(data) > MAX_FILE_SIZE:
            raise self._corrupt("it is far larger than any vault")
        if len(data) < len(MAGIC):
            looks_like_vault = MAGIC.startswith(data)
        else:
            looks_like_vault = data.startswith(MAGIC)
        if not looks_like_vault:
            raise self._corrupt("it is not a Koppelaar vault file")
        if len(data) < minimum:
            raise self._corrupt(f"it is truncated ({len(data)} bytes)")
        content, trailer = data[:-TRAILER_SIZE], data[-TRAILER_SIZE:]
        if not hmac.compare_digest(hashlib.sha256(content).digest(), trailer):
            raise self._corrupt("its checksum does not match (truncated or damaged)")
        _, version, kind, a, b, c, salt, check, nonce = HEADER.unpack_from(content)
        if version != FORMAT_VERSION:
            raise self._corrupt(f"it has format version {version}; this Koppelaar reads 1")
        kdf = KdfParams(kind, a, b, c)
        try:
            kdf.check_bounds()
        except ValueError as exc:
            raise self._corrupt(str(exc)) from None
        return Header(kdf, salt, check, nonce), content[HEADER.size :]

    def _key(self, header: Header, passphrase: bytes) -> bytes:
        cache_key = (header.kdf, header.salt)
        key = self._keys.get(cache_key)
        if key is None:
            try:
                derived = header.kdf.derive(passphrase, header.salt)
            except ValueError as exc:
                raise self._corrupt(str(exc)) from None
            if not hmac.compare_digest(derived[KEY_SIZE:], header.check):
                raise VaultPassphraseError(
                    f"Wrong passphrase for the vault at {self.path}. Nothing was changed.",
                    self.path,
                )
            key = derived[:KEY_SIZE]
            self._keys[cache_key] = key
        return key

    def _write(self, entries: Entries, previous: Header | None) -> None:
        passphrase = self._require_passphrase()
        if previous is None:
            salt = secrets.token_bytes(16)
            derived = self.kdf.derive(passphrase, salt)
            kdf, check = self.kdf, derived[KEY_SIZE:]
            self._keys[(kdf, salt)] = derived[:KEY_SIZE]
        else:
            kdf, salt, check = previous.kdf, previous.salt, previous.check
        header = Header(kdf, salt, check, secrets.token_bytes(12))
        key = self._key(header, passphrase)
        plaintext = json.dumps({"entries": entries}, sort_keys=True).encode("utf-8")
        packed = header.pack()
        content = packed + AESGCM(key).encrypt(header.nonce, plaintext, packed)
        atomic_write_bytes(self.path, content + hashlib.sha256(content).digest())

    def _corrupt(self, why: str) -> VaultCorruptError:
        return VaultCorruptError(
            f"The vault at {self.path} cannot be read: {why}. It was left untouched; restore "
            "it from a backup or move it aside and create a new one with `koppelaar secrets "
            "unlock --vault`.",
            self.path,
        )
