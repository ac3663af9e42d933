"""Keyring backends as the store meets them: calls with a timeout (a locked Secret Service can
wait for a desktop prompt an SSH session never shows), backend names, what an error means."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from tui.secrets.kinds import ProbeStatus
from tui.secrets.redact import redactor
from tui.secrets.status import ProbeResult
from tui.secrets.vault_format import (
    VaultBusyError,
    VaultCorruptError,
    VaultError,
    VaultLockedError,
    VaultMissingError,
    VaultPassphraseError,
)

T = TypeVar("T")


class _TimedOut(Exception):
    pass


def _call_with_timeout(function: Callable[[], T], timeout: float) -> T:
    """Run in a daemon thread so that a backend that never answers cannot block exit."""
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, name="koppelaar-keyring", daemon=True).start()
    if not done.wait(timeout):
        raise _TimedOut
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def backend_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _chained(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    yield backend
    for inner in getattr(backend, "backends", None) or ():
        if isinstance(inner, KeyringBackend):
            yield from _chained(inner)


def _configured_backend_name() -> str:
    named = os.environ.get("PYTHON_KEYRING_BACKEND")
    return f"PYTHON_KEYRING_BACKEND={named}" if named else "keyringrc.cfg"


def plaintext_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """The backend (or chained backend) that keeps secrets unencrypted, judged by its name.

    keyrings.alt's `file.PlaintextKeyring` is the common case; any class or module whose
    name says plain text counts, as does every keyrings.alt file backend not named Encrypted.
    """
    for candidate in _chained(backend):
        cls = type(candidate)
        name, module = cls.__name__.lower(), cls.__module__.lower()
        if "plaintext" in name or "plaintext" in module:
            return candidate
        if module.startswith("keyrings.alt.file") and "encrypted" not in name:
            return candidate
    return None


def classify_error(exc: BaseException) -> ProbeStatus:
    """Map a keyring exception to what the user should hear."""
    text = str(exc).lower()
    if isinstance(exc, keyring.errors.NoKeyringError):
        return ProbeStatus.NO_BACKEND
    if isinstance(exc, keyring.errors.KeyringLocked):
        return ProbeStatus.LOCKED
    if isinstance(exc, keyring.errors.InitError | PermissionError):
        return ProbeStatus.DENIED
    if any(word in text for word in ("denied", "not authorized", "dismissed", "refused")):
        return ProbeStatus.DENIED
    if "locked" in text:
        return ProbeStatus.LOCKED
    return ProbeStatus.ERROR


def _vault_status(exc: VaultError) -> ProbeStatus:
    if isinstance(exc, VaultPassphraseError):
        return ProbeStatus.VAULT_PASSPHRASE
    if isinstance(exc, VaultCorruptError):
        return ProbeStatus.VAULT_CORRUPT
    if isinstance(exc, VaultBusyError):
        return ProbeStatus.VAULT_BUSY
    if isinstance(exc, VaultMissingError):
        return ProbeStatus.VAULT_NEW
    if isinstance(exc, VaultLockedError):
        return ProbeStatus.VAULT_LOCKED
    return ProbeStatus.VAULT_CORRUPT


def _vault_detail(exc: VaultError) -> str:
    # The part after "cannot be read: " names the damage without the advice around it.
    message = exc.message
    start = message.find("cannot be read: ")
    if start < 0:
        return redactor.redact(message)
    detail = message[start + len("cannot be read: ") :].split(". ", 1)[0]
    return redactor.redact(detail)


def _detail(exc: BaseException) -> str:
    text = redactor.redact_exception(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _keyring_op(
    backend: KeyringBackend, action: str, service: str, username: str, value: str | None
) -> Any:
    if action == "get":
        return backend.get_password(service, username)
    if action == "set":
        assert value is not None
        backend.set_password(service, username, value)
        return None
    if backend.get_password(service, username) is None:
        return False
    try:
        backend.delete_password(service, username)
    except keyring.errors.PasswordDeleteError:
        return False
    return True


PROBE_SERVICE = "koppelaar:probe"
PROBE_USERNAME = "probe"


def probe_keyring(chosen: KeyringBackend | None, timeout: float) -> ProbeResult:
    """Whether ``chosen`` (or the keyring python-keyring picks) answers within ``timeout``."""
    started = time.perf_counter()
    resolved: dict[str, KeyringBackend] = {}

    def attempt() -> None:
        backend = chosen or keyring.get_keyring()
        resolved["backend"] = backend
        if isinstance(backend, fail.Keyring | null.Keyring):
            return
        backend.get_password(PROBE_SERVICE, PROBE_USERNAME)

    def result(status: ProbeStatus, detail: str = "") -> ProbeResult:
        backend = resolved.get("backend")
        name = backend_name(backend) if backend is not None else _configured_backend_name()
        context = {"backend": name, "detail": detail, "timeout": timeout}
        elapsed = time.perf_counter() - started
        return ProbeResult(status, "keyring", name, detail, elapsed, context)

    try:
        _call_with_timeout(attempt, timeout)
    except _TimedOut:
        return result(ProbeStatus.TIMED_OUT)
    except Exception as exc:
        if "backend" not in resolved:
            return result(ProbeStatus.MISCONFIGURED, _detail(exc))
        return result(classify_error(exc), _detail(exc))
    backend = resolved["backend"]
    if isinstance(backend, fail.Keyring):
        return result(ProbeStatus.NO_BACKEND)
    if isinstance(backend, null.Keyring):
        return result(ProbeStatus.DISABLED)
    plain = plaintext_backend(backend)
    if plain is not None:
        return result(ProbeStatus.PLAINTEXT, backend_name(plain))
    return result(ProbeStatus.OK)
