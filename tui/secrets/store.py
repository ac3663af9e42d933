"""SecretStore: the one place Koppelaar reads and writes passwords, tokens and client secrets.

Three modes, always visible to the user:

- keyring: the OS keyring, or whatever backend the user configured for python `keyring`
  (PYTHON_KEYRING_BACKEND, keyringrc.cfg);
- vault: an encrypted file (`tui.secrets.vault.VaultKeyring`), opt-in, for headless machines;
- session: memory only, for this run.

The calls are blocking (keyring is); the TUI runs them in thread workers. Every keyring call
runs in a daemon thread with a timeout, because a locked Secret Service can wait forever for a
desktop prompt that an SSH session never shows. Nothing falls back silently: when the keyring
does not work, the store says so and what to do, and only the user switches mode.
"""

from __future__ import annotations

__all__ = [
    "SERVICE_PREFIX",
    "Lang",
    "Mode",
    "ProbeResult",
    "ProbeStatus",
    "RequestedMode",
    "SecretKind",
    "SecretMissing",
    "SecretStore",
    "SecretStoreError",
    "SecretsUnavailable",
    "StoreStatus",
    "open_store",
]

import logging
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from tui.secrets.backends import (
    _call_with_timeout,
    _detail,
    _keyring_op,
    _TimedOut,
    _vault_detail,
    _vault_status,
    classify_error,
    probe_keyring,
)
from tui.secrets.kinds import (
    REQUESTED_MODES,
    SERVICE_PREFIX,
    Lang,
    Mode,
    ProbeStatus,
    RequestedMode,
    SecretKind,
)
from tui.secrets.messages import header_line, reason_word, short_header_line
from tui.secrets.redact import redactor
from tui.secrets.status import (
    ProbeResult,
    SecretMissing,
    SecretStoreError,
    SecretsUnavailable,
    StoreStatus,
)
from tui.secrets.vault import (
    ENV_VAULT_PASSPHRASE,
    ENV_VAULT_PATH,
    KdfParams,
    VaultError,
    VaultKeyring,
    default_vault_path,
)

log = logging.getLogger("koppelaar.secrets")

ENV_SECRETS_MODE = "KOPPELAAR_SECRETS"
DEFAULT_PROBE_TIMEOUT = 3.0
DEFAULT_OPERATION_TIMEOUT = 15.0


class SecretStore:
    """Secrets by (kind, name), in the keyring, the vault or memory; see the module docstring.

    `mode` is the mode in use; `requested_mode` what the settings asked for ("auto" means
    the keyring when it works, else the vault if one exists, else an error that says what
    to do). Thread-safe; every call may block, so the TUI calls it from thread workers.
    """

    def __init__(
        self,
        mode: RequestedMode | str = "auto",
        vault_path: Path | str | None = None,
        *,
        vault_passphrase: str | None = None,
        backend: KeyringBackend | None = None,
        probe_timeout: float = DEFAULT_PROBE_TIMEOUT,
        operation_timeout: float = DEFAULT_OPERATION_TIMEOUT,
        vault_kdf: KdfParams | None = None,
    ) -> None:
        self.requested_mode: RequestedMode = _parse_mode(mode)
        self.vault_path = Path(vault_path).expanduser() if vault_path else default_vault_path()
        self.probe_timeout = probe_timeout
        self.operation_timeout = operation_timeout
        self._lock = threading.RLock()
        self._backend = backend
        self._vault_kdf = vault_kdf
        self._vault: VaultKeyring | None = None
        self._vault_verified = False
        self._pending_passphrase = vault_passphrase or None
        redactor.register(vault_passphrase)
        self._session: dict[tuple[SecretKind, str], str] = {}
        self._probe: ProbeResult | None = None
        self._keyring_probe: ProbeResult | None = None
        self._mode: Mode = "keyring" if self.requested_mode == "auto" else self.requested_mode

    def __repr__(self) -> str:
        return f"SecretStore(mode={self._mode!r}, requested={self.requested_mode!r})"

    @property
    def mode(self) -> Mode:
        return self._mode

    # probing

    def probe(self, timeout: float | None = None, *, refresh: bool = False) -> ProbeResult:
        """Find out, once, whether the current mode works; `refresh` asks again."""
        with self._lock:
            if self._probe is not None and not refresh:
                return self._probe
            if self._mode == "keyring":
                wait = self.probe_timeout if timeout is None else timeout
                result = probe_keyring(self._backend, wait)
                self._keyring_probe = result
                if not result.usable and self.requested_mode == "auto" and self.vault_path.exists():
                    log.info("keyring unusable (%s); using the existing vault", result.status)
                    self._mode = "vault"
                    result = self._probe_vault()
            elif self._mode == "vault":
                result = self._probe_vault()
            else:
                result = ProbeResult(ProbeStatus.OK, "session", "memory")
            self._probe = result
            return result

    def _vault_context(self, detail: str = "") -> dict[str, Any]:
        return {"path": str(self.vault_path), "detail": detail}

    def _probe_vault(self) -> ProbeResult:
        started = time.perf_counter()
        vault = self._vault_backend()
        if self._vault_verified:
            status, detail = ProbeStatus.OK, ""
        elif self._pending_passphrase is not None:
            passphrase, self._pending_passphrase = self._pending_passphrase, None
            try:
                # With a passphrase at hand a missing vault is created at the first save.
                if vault.exists:
                    vault.unlock(passphrase)
                else:
                    vault.set_passphrase(passphrase)
                self._vault_verified = True
                status, detail = ProbeStatus.OK, ""
            except VaultError as exc:
                status, detail = _vault_status(exc), _vault_detail(exc)
        else:
            status = ProbeStatus.VAULT_LOCKED if vault.exists else ProbeStatus.VAULT_NEW
            detail = ""
        elapsed = time.perf_counter() - started
        context = self._vault_context(detail)
        return ProbeResult(status, "vault", vault.name, detail, elapsed, context)

    def _vault_backend(self) -> VaultKeyring:
        if self._vault is None:
            self._vault = VaultKeyring(self.vault_path, kdf=self._vault_kdf)
        return self._vault

    # switching mode

    def use_session(self) -> None:
        """Keep secrets in memory for this run: the user chose it, the header says it."""
        with self._lock:
            self._mode = "session"
            self._probe = ProbeResult(ProbeStatus.OK, "session", "memory")

    def unlock_vault(self, passphrase: str, *, create: bool = False) -> bool:
        """Open (or with `create`, make) the vault and switch to it.

        Secrets held in memory this session move into the vault, so nobody types them again.
        Returns True when the vault file was created. Raises SecretStoreError with status
        VAULT_PASSPHRASE, VAULT_CORRUPT, VAULT_NEW or VAULT_BUSY; nothing changes then.
        """
        redactor.register(passphrase)
        with self._lock:
            candidate = VaultKeyring(self.vault_path, kdf=self._vault_kdf)
            try:
                created = candidate.unlock(passphrase, create=create)
            except VaultError as exc:
                status = _vault_status(exc)
                context = self._vault_context(_vault_detail(exc))
                raise SecretStoreError(status, "vault", context) from None
            self._vault, self._vault_verified = candidate, True
            previous_mode = self._mode
            self._mode = "vault"
            self._probe = ProbeResult(ProbeStatus.OK, "vault", candidate.name)
            moved = self._move_session_into_vault()
            if moved:
                log.info("moved %d secrets from %s memory into the vault", moved, previous_mode)
            return created

    def _move_session_into_vault(self) -> int:
        moved = 0
        for (kind, name), value in list(self._session.items()):
            self.set(kind, name, value)
            del self._session[(kind, name)]
            moved += 1
        return moved

    def migrate_to(self, other: SecretStore) -> int:
        """Copy every secret this store holds in memory into `other`; returns how many."""
        with self._lock:
            items = list(self._session.items())
        for (kind, name), value in items:
            other.set(kind, name, value)
        return len(items)

    # secrets

    def get(self, kind: SecretKind, name: str) -> str | None:
        kind, name = _key(kind, name)
        value: str | None = self._dispatch("get", kind, name, None)
        redactor.register(value)
        return value

    def has(self, kind: SecretKind, name: str) -> bool:
        return self.get(kind, name) is not None

    def require(self, kind: SecretKind, name: str) -> str:
        """The secret, or SecretMissing whose message names the command that stores it."""
        kind, name = _key(kind, name)
        value = self.get(kind, name)
        if value is None:
            context = {
                "what_en": kind.label("en"),
                "what_nl": kind.label("nl"),
                "kind": kind.value,
                "name": name,
            }
            raise SecretMissing(ProbeStatus.MISSING, self._mode, context)
        return value

    def set(self, kind: SecretKind, name: str, value: str) -> None:
        kind, name = _key(kind, name)
        if not isinstance(value, str) or not value:
            raise ValueError("a secret must be a non-empty string; use delete to remove one")
        redactor.register(value)
        self._dispatch("set", kind, name, value)

    def delete(self, kind: SecretKind, name: str) -> bool:
        """Remove the secret; False when there was none."""
        kind, name = _key(kind, name)
        deleted: bool = self._dispatch("delete", kind, name, None)
        return deleted

    def _dispatch(self, action: str, kind: SecretKind, name: str, value: str | None) -> Any:
        result = self.probe()
        if not result.usable:
            raise result.error()
        mode = self._mode
        if mode == "session":
            return self._session_op(action, kind, name, value)
        backend: KeyringBackend = self._vault_backend() if mode == "vault" else self._backend_now()
        try:
            return _call_with_timeout(
                lambda: _keyring_op(backend, action, kind.service, name, value),
                self.operation_timeout,
            )
        except _TimedOut:
            context = {"backend": result.backend, "timeout": self.operation_timeout}
            raise SecretsUnavailable(ProbeStatus.TIMED_OUT, mode, context) from None
        except VaultError as exc:
            context = self._vault_context(_vault_detail(exc))
            raise SecretsUnavailable(_vault_status(exc), mode, context) from None
        except keyring.errors.PasswordSetError as exc:
            context = {"backend": result.backend, "detail": _detail(exc)}
            raise SecretStoreError(ProbeStatus.ERROR, mode, context) from None
        except Exception as exc:
            context = {"backend": result.backend, "detail": _detail(exc), "timeout": 0}
            raise SecretsUnavailable(classify_error(exc), mode, context) from None

    def _backend_now(self) -> KeyringBackend:
        return self._backend or keyring.get_keyring()

    def _session_op(self, action: str, kind: SecretKind, name: str, value: str | None) -> Any:
        with self._lock:
            if action == "get":
                return self._session.get((kind, name))
            if action == "set":
                assert value is not None
                self._session[(kind, name)] = value
                return None
            return self._session.pop((kind, name), None) is not None

    # what the user sees

    def status(self) -> StoreStatus:
        result = self.probe()
        vault = self._vault
        keyring_probe = self._keyring_probe if self._mode != "keyring" else None
        return StoreStatus(
            requested_mode=self.requested_mode,
            mode=self._mode,
            backend=result.backend,
            probe=result,
            vault_path=self.vault_path,
            vault_exists=self.vault_path.exists(),
            vault_unlocked=vault is not None and self._vault_verified,
            keyring_probe=keyring_probe,
        )

    def describe(self, lang: Lang = "en", *, short: bool = False) -> str:
        """One short line for the UI header. Never blocks: until the first probe (which the
        app runs in a worker at start) it says the check is under way. ``short``: without
        the backend and the reason, for a header too narrow for them."""
        result = self._probe
        if self._mode == "session":
            return header_line("session", lang)
        if result is None:
            return header_line("checking", lang)
        if self._mode == "vault":
            key = "vault" if result.usable else "vault-locked"
        elif result.status is ProbeStatus.PLAINTEXT:
            key = "keyring-plaintext"
        else:
            key = "keyring" if result.usable else "keyring-unavailable"
        if short and key.startswith("keyring"):
            return short_header_line(key, lang)
        short_backend = result.backend.rsplit(".", 2)[-2:] if "." in result.backend else []
        backend = ".".join(short_backend) or result.backend
        return header_line(key, lang, backend=backend, status=reason_word(result.status, lang))


def _key(kind: SecretKind | str, name: str) -> tuple[SecretKind, str]:
    parsed = kind if isinstance(kind, SecretKind) else SecretKind.parse(kind)
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a {parsed.value} needs a name (username or client id)")
    return parsed, name


def _parse_mode(mode: str) -> RequestedMode:
    value = mode.strip().lower()
    for known in REQUESTED_MODES:
        if value == known:
            return known
    choices = ", ".join(REQUESTED_MODES)
    raise ValueError(f"unknown secrets mode {mode!r}; choose one of {choices}")


def open_store(
    mode: str | None = None,
    vault_path: Path | str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> SecretStore:
    """The store the settings ask for; the environment wins over the settings.

    KOPPELAAR_SECRETS (auto|keyring|vault|session), KOPPELAAR_VAULT_PATH and
    KOPPELAAR_VAULT_PASSPHRASE (unlocks the vault for unattended runs).
    """
    environ = os.environ if env is None else env
    chosen_mode = environ.get(ENV_SECRETS_MODE) or mode or "auto"
    chosen_path = environ.get(ENV_VAULT_PATH) or vault_path or default_vault_path()
    passphrase = environ.get(ENV_VAULT_PASSPHRASE) or None
    return SecretStore(chosen_mode, chosen_path, vault_passphrase=passphrase, **options)
