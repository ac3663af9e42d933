"""Small keyring backends that behave like the troublesome ones users meet.

Each has a priority far below keyring's own fail (0) and null (-1) backends, so keyring's
automatic detection never picks one; tests install them with `keyring.set_keyring`.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import InitError, KeyringLocked, NoKeyringError, PasswordDeleteError

ENV_FILE_KEYRING = "KOPPELAAR_TEST_KEYRING_FILE"


class MemoryKeyring(KeyringBackend):
    """A working keyring in memory that counts its calls."""

    @properties.classproperty
    def priority(cls) -> float:
        return -10

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.calls: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append("set")
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append("delete")
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class HangingKeyring(MemoryKeyring):
    """A Secret Service waiting for a desktop prompt nobody can answer: blocks until released."""

    def __init__(self, hang_on: tuple[str, ...] = ("get", "set", "delete")) -> None:
        super().__init__()
        self.hang_on = hang_on
        self.release = threading.Event()

    def _maybe_hang(self, action: str) -> None:
        if action in self.hang_on:
            self.release.wait(30)

    def get_password(self, service: str, username: str) -> str | None:
        self._maybe_hang("get")
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._maybe_hang("set")
        super().set_password(service, username, password)


class RaisingKeyring(MemoryKeyring):
    """Raises the given exception on every call."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error


def locked_keyring() -> RaisingKeyring:
    return RaisingKeyring(KeyringLocked("Failed to unlock the collection!"))


def denied_keyring() -> RaisingKeyring:
    return RaisingKeyring(InitError("Failed to create the collection: Prompt dismissed."))


def no_keyring() -> RaisingKeyring:
    return RaisingKeyring(NoKeyringError("No recommended backend was available."))


class PlaintextKeyring(MemoryKeyring):
    """Named like keyrings.alt.file.PlaintextKeyring, which keeps secrets readable on disk."""


class LeakyKeyring(MemoryKeyring):
    """A badly behaved backend that puts the password in its error message."""

    def set_password(self, service: str, username: str, password: str) -> None:
        from keyring.errors import PasswordSetError

        raise PasswordSetError(f"could not store {password!r} for {username}")


class JsonFileKeyring(KeyringBackend):
    """A keyring in a JSON file named by KOPPELAAR_TEST_KEYRING_FILE, for PYTHON_KEYRING_BACKEND
    in a subprocess. Plain text on purpose: it is a test double."""

    @properties.classproperty
    def priority(cls) -> float:
        return -10

    @property
    def _path(self) -> Path:
        return Path(os.environ[ENV_FILE_KEYRING])

    def _load(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x00{username}"] = password
        self._path.write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\x00{username}", None) is None:
            raise PasswordDeleteError("not found")
        self._path.write_text(json.dumps(data), encoding="utf-8")
