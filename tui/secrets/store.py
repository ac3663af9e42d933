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

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from tui.secrets.redact import redactor
from tui.secrets.vault import (
    ENV_VAULT_PASSPHRASE,
    ENV_VAULT_PATH,
    KdfParams,
    VaultBusyError,
    VaultCorruptError,
    VaultError,
    VaultKeyring,
    VaultLockedError,
    VaultMissingError,
    VaultPassphraseError,
    default_vault_path,
)

log = logging.getLogger("koppelaar.secrets")

ENV_SECRETS_MODE = "KOPPELAAR_SECRETS"
SERVICE_PREFIX = "koppelaar:"
PROBE_SERVICE = "koppelaar:probe"
PROBE_USERNAME = "probe"
DEFAULT_PROBE_TIMEOUT = 3.0
DEFAULT_OPERATION_TIMEOUT = 15.0

Mode = Literal["keyring", "vault", "session"]
RequestedMode = Literal["auto", "keyring", "vault", "session"]
REQUESTED_MODES: tuple[RequestedMode, ...] = ("auto", "keyring", "vault", "session")
Lang = Literal["nl", "en"]

T = TypeVar("T")


class SecretKind(StrEnum):
    """The four kinds of secret; each is a keyring service name, the username says whose."""

    LOKET_PASSWORD = "loket-password"
    LOKET_REFRESH_TOKEN = "loket-refresh-token"
    LOKET_CLIENT_SECRET = "loket-client-secret"
    SMTP_PASSWORD = "smtp-password"

    @property
    def service(self) -> str:
        return SERVICE_PREFIX + self.value

    def label(self, lang: Lang = "en") -> str:
        return _KIND_LABELS[self][lang]

    @classmethod
    def parse(cls, text: str) -> SecretKind:
        """Accept `loket-password` or the full service name `koppelaar:loket-password`."""
        value = text.strip().lower().removeprefix(SERVICE_PREFIX)
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(kind.value for kind in cls)
            raise ValueError(f"unknown kind of secret {text!r}; choose one of {choices}") from None


_KIND_LABELS: dict[SecretKind, dict[Lang, str]] = {
    SecretKind.LOKET_PASSWORD: {"en": "Loket.nl password", "nl": "Loket.nl-wachtwoord"},
    SecretKind.LOKET_REFRESH_TOKEN: {
        "en": "Loket.nl refresh token",
        "nl": "Loket.nl-vernieuwingstoken",
    },
    SecretKind.LOKET_CLIENT_SECRET: {
        "en": "Loket.nl client secret",
        "nl": "Loket.nl-clientgeheim",
    },
    SecretKind.SMTP_PASSWORD: {"en": "SMTP password", "nl": "SMTP-wachtwoord"},
}


class ProbeStatus(StrEnum):
    OK = "ok"
    PLAINTEXT = "plaintext"
    NO_BACKEND = "no_backend"
    DISABLED = "disabled"
    MISCONFIGURED = "misconfigured"
    LOCKED = "locked"
    TIMED_OUT = "timed_out"
    DENIED = "denied"
    ERROR = "error"
    VAULT_LOCKED = "vault_locked"
    VAULT_NEW = "vault_new"
    VAULT_PASSPHRASE = "vault_passphrase"
    VAULT_CORRUPT = "vault_corrupt"
    VAULT_BUSY = "vault_busy"
    MISSING = "missing"

    @property
    def usable(self) -> bool:
        return self in (ProbeStatus.OK, ProbeStatus.PLAINTEXT)


_UNLOCK_VAULT = "`koppelaar secrets unlock --vault`"
_MESSAGES: dict[ProbeStatus, dict[Lang, str]] = {
    ProbeStatus.PLAINTEXT: {
        "en": "Warning: the keyring backend {backend} stores secrets as plain text on disk. "
        "Configure an encrypted backend, or use the encrypted vault: "
        f"{_UNLOCK_VAULT} and KOPPELAAR_SECRETS=vault.",
        "nl": "Let op: de sleutelbos {backend} bewaart geheimen als leesbare tekst op schijf. "
        "Stel een versleutelde sleutelbos in, of gebruik de versleutelde kluis: "
        f"{_UNLOCK_VAULT} en KOPPELAAR_SECRETS=vault.",
    },
    ProbeStatus.NO_BACKEND: {
        "en": f"No keyring backend on this machine: run {_UNLOCK_VAULT} to use an encrypted "
        "vault file, or set KOPPELAAR_SECRETS=session to keep secrets in memory for this run.",
        "nl": f"Geen sleutelbos op deze machine: voer {_UNLOCK_VAULT} uit om een versleuteld "
        "kluisbestand te gebruiken, of zet KOPPELAAR_SECRETS=session om geheimen alleen voor "
        "deze sessie in het geheugen te houden.",
    },
    ProbeStatus.DISABLED: {
        "en": "The keyring is disabled ({backend}): it keeps no secret. Use the encrypted vault "
        f"({_UNLOCK_VAULT}) or KOPPELAAR_SECRETS=session.",
        "nl": "De sleutelbos is uitgeschakeld ({backend}): die bewaart niets. Gebruik de "
        f"versleutelde kluis ({_UNLOCK_VAULT}) of KOPPELAAR_SECRETS=session.",
    },
    ProbeStatus.MISCONFIGURED: {
        "en": "The configured keyring backend cannot be loaded ({detail}). Check "
        "PYTHON_KEYRING_BACKEND and keyringrc.cfg, or use the vault: " + _UNLOCK_VAULT + ".",
        "nl": "De ingestelde sleutelbos kan niet worden geladen ({detail}). Controleer "
        "PYTHON_KEYRING_BACKEND en keyringrc.cfg, of gebruik de kluis: " + _UNLOCK_VAULT + ".",
    },
    ProbeStatus.LOCKED: {
        "en": "The keyring ({backend}) is locked. Unlock it (log in on the desktop, or "
        "`gnome-keyring-daemon --unlock` in this shell), or use the encrypted vault: "
        f"{_UNLOCK_VAULT}.",
        "nl": "De sleutelbos ({backend}) is vergrendeld. Ontgrendel hem (log in op het "
        "bureaublad, of `gnome-keyring-daemon --unlock` in deze shell), of gebruik de "
        f"versleutelde kluis: {_UNLOCK_VAULT}.",
    },
    ProbeStatus.TIMED_OUT: {
        "en": "The keyring ({backend}) did not answer within {timeout:g} s; it is probably "
        "waiting for a desktop unlock prompt this session cannot show. Unlock it on the "
        f"desktop, or use the encrypted vault: {_UNLOCK_VAULT} (or KOPPELAAR_SECRETS=session "
        "for this run).",
        "nl": "De sleutelbos ({backend}) antwoordde niet binnen {timeout:g} s; waarschijnlijk "
        "wacht hij op een ontgrendelvenster dat deze sessie niet kan tonen. Ontgrendel hem op "
        f"het bureaublad, of gebruik de versleutelde kluis: {_UNLOCK_VAULT} (of "
        "KOPPELAAR_SECRETS=session voor deze sessie).",
    },
    ProbeStatus.DENIED: {
        "en": "The keyring ({backend}) refused access ({detail}). Allow Koppelaar access in "
        f"the keyring, or use the encrypted vault: {_UNLOCK_VAULT}.",
        "nl": "De sleutelbos ({backend}) weigerde toegang ({detail}). Geef Koppelaar toegang "
        f"in de sleutelbos, of gebruik de versleutelde kluis: {_UNLOCK_VAULT}.",
    },
    ProbeStatus.ERROR: {
        "en": "The keyring ({backend}) failed: {detail}. Use the encrypted vault "
        f"({_UNLOCK_VAULT}) or KOPPELAAR_SECRETS=session.",
        "nl": "De sleutelbos ({backend}) gaf een fout: {detail}. Gebruik de versleutelde kluis "
        f"({_UNLOCK_VAULT}) of KOPPELAAR_SECRETS=session.",
    },
    ProbeStatus.VAULT_LOCKED: {
        "en": f"The vault {{path}} is locked: unlock it with {_UNLOCK_VAULT} (or set "
        f"{ENV_VAULT_PASSPHRASE} for unattended runs).",
        "nl": f"De kluis {{path}} is vergrendeld: ontgrendel hem met {_UNLOCK_VAULT} (of zet "
        f"{ENV_VAULT_PASSPHRASE} voor onbeheerde runs).",
    },
    ProbeStatus.VAULT_NEW: {
        "en": f"There is no vault yet at {{path}}: create one with {_UNLOCK_VAULT}.",
        "nl": f"Er is nog geen kluis in {{path}}: maak er een met {_UNLOCK_VAULT}.",
    },
    ProbeStatus.VAULT_PASSPHRASE: {
        "en": "Wrong passphrase for the vault {path}. Nothing was changed; try again.",
        "nl": "Verkeerde wachtzin voor de kluis {path}. Er is niets veranderd; probeer opnieuw.",
    },
    ProbeStatus.VAULT_CORRUPT: {
        "en": "The vault {path} cannot be read ({detail}). It was left untouched: restore it "
        "from a backup, or move it aside and create a new one with " + _UNLOCK_VAULT + ".",
        "nl": "De kluis {path} is onleesbaar ({detail}). Hij is niet aangeraakt: zet een "
        "reservekopie terug, of zet hem opzij en maak een nieuwe met " + _UNLOCK_VAULT + ".",
    },
    ProbeStatus.VAULT_BUSY: {
        "en": "Another Koppelaar process keeps the vault {path} locked; close it and try again.",
        "nl": "Een ander Koppelaar-proces houdt de kluis {path} bezet; sluit het en probeer "
        "opnieuw.",
    },
    ProbeStatus.MISSING: {
        "en": "No {what} stored for {name}: run `koppelaar secrets set {kind} {name}`.",
        "nl": "Geen {what} opgeslagen voor {name}: voer `koppelaar secrets set {kind} {name}` uit.",
    },
}

_OK_MESSAGES: dict[Mode, dict[Lang, str]] = {
    "keyring": {
        "en": "Secrets are stored in the keyring ({backend}).",
        "nl": "Geheimen staan in de sleutelbos ({backend}).",
    },
    "vault": {
        "en": "Secrets are stored in the encrypted vault {path}.",
        "nl": "Geheimen staan in de versleutelde kluis {path}.",
    },
    "session": {
        "en": "Secrets are kept in memory for this run only: they are gone when Koppelaar stops.",
        "nl": "Geheimen staan alleen in het geheugen, voor deze sessie: ze verdwijnen als "
        "Koppelaar stopt.",
    },
}

# Why the keyring is unavailable, in a few words for the header (the full advice is in
# `koppelaar secrets status` and the messages above).
_HEADER_REASONS: dict[str, dict[Lang, str]] = {
    "no_backend": {"en": "no keyring on this machine", "nl": "geen sleutelbos op deze machine"},
    "disabled": {"en": "keyring switched off", "nl": "sleutelbos uitgeschakeld"},
    "misconfigured": {"en": "keyring misconfigured", "nl": "sleutelbos verkeerd ingesteld"},
    "locked": {"en": "keyring locked", "nl": "sleutelbos vergrendeld"},
    "timed_out": {"en": "keyring not answering", "nl": "sleutelbos reageert niet"},
    "denied": {"en": "access denied", "nl": "toegang geweigerd"},
    "error": {"en": "keyring error", "nl": "fout in de sleutelbos"},
}

_HEADER_LINES: dict[str, dict[Lang, str]] = {
    "keyring": {"en": "Secrets: keyring ({backend})", "nl": "Geheimen: sleutelbos ({backend})"},
    "keyring-plaintext": {
        "en": "Secrets: keyring ({backend}) - PLAIN TEXT on disk",
        "nl": "Geheimen: sleutelbos ({backend}) - LEESBAAR op schijf",
    },
    "keyring-unavailable": {
        "en": "Secrets: unavailable, {status}",
        "nl": "Geheimen: niet beschikbaar, {status}",
    },
    "checking": {
        "en": "Secrets: checking the keyring...",
        "nl": "Geheimen: sleutelbos wordt gecontroleerd...",
    },
    "vault": {"en": "Secrets: vault, unlocked", "nl": "Geheimen: kluis, ontgrendeld"},
    "vault-locked": {"en": "Secrets: vault, locked", "nl": "Geheimen: kluis, vergrendeld"},
    "session": {
        "en": "Secrets: memory only, this run",
        "nl": "Geheimen: alleen geheugen, deze sessie",
    },
}


def _explain(status: ProbeStatus, mode: Mode, lang: Lang, context: Mapping[str, Any]) -> str:
    template = _OK_MESSAGES[mode][lang] if status is ProbeStatus.OK else _MESSAGES[status][lang]
    # Secrets are masked in the data put into the sentence, never inside the sentence itself
    # (a password "geheim" would otherwise garble the word "geheimen").
    values = _Defaults({key: _masked(value) for key, value in context.items()})
    suffix = "_" + lang
    for key, value in context.items():
        if key.endswith(suffix):
            values[key.removesuffix(suffix)] = _masked(value)
    return template.format_map(values)


def _masked(value: Any) -> Any:
    return redactor.redact(value) if isinstance(value, str) else value


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?" if key != "timeout" else "0"


class SecretStoreError(Exception):
    """Anything the store cannot do; `message(lang)` says what happened and what to do."""

    def __init__(self, status: ProbeStatus, mode: Mode, context: Mapping[str, Any]) -> None:
        self.status = status
        self.mode = mode
        self.context = dict(context)
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "en") -> str:
        return _explain(self.status, self.mode, lang, self.context)


class SecretsUnavailable(SecretStoreError):
    """The chosen backend does not work right now (no backend, locked, timed out, ...)."""


class SecretMissing(SecretStoreError):
    """`require()` found no secret under that name."""


@dataclass(frozen=True)
class ProbeResult:
    status: ProbeStatus
    mode: Mode
    backend: str
    detail: str = ""
    elapsed: float = 0.0
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return self.status.usable

    def message(self, lang: Lang = "en") -> str:
        return _explain(self.status, self.mode, lang, self.context)

    def error(self) -> SecretsUnavailable:
        return SecretsUnavailable(self.status, self.mode, self.context)


@dataclass(frozen=True)
class StoreStatus:
    """Everything `koppelaar secrets status` and the UI header show."""

    requested_mode: RequestedMode
    mode: Mode
    backend: str
    probe: ProbeResult
    vault_path: Path
    vault_exists: bool
    vault_unlocked: bool
    keyring_probe: ProbeResult | None

    def warnings(self, lang: Lang = "en") -> list[str]:
        """What the user must not miss: plain-text storage, or memory only."""
        if self.probe.status is ProbeStatus.PLAINTEXT or self.mode == "session":
            return [self.probe.message(lang)]
        return []

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        keyring_probe = self.keyring_probe
        return {
            "requested_mode": self.requested_mode,
            "mode": self.mode,
            "backend": self.backend,
            "status": self.probe.status.value,
            "usable": self.probe.usable,
            "message": self.probe.message(lang),
            "probe_seconds": round(self.probe.elapsed, 3),
            "vault": {
                "path": str(self.vault_path),
                "exists": self.vault_exists,
                "unlocked": self.vault_unlocked,
            },
            "keyring_probe": None
            if keyring_probe is None
            else {
                "backend": keyring_probe.backend,
                "status": keyring_probe.status.value,
                "message": keyring_probe.message(lang),
            },
            "warnings": self.warnings(lang),
        }


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
                result = self._probe_keyring(self.probe_timeout if timeout is None else timeout)
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

    def _probe_keyring(self, timeout: float) -> ProbeResult:
        started = time.perf_counter()
        resolved: dict[str, KeyringBackend] = {}

        def attempt() -> None:
            backend = self._backend or keyring.get_keyring()
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

    def describe(self, lang: Lang = "en") -> str:
        """One short line for the UI header. Never blocks: until the first probe (which the
        app runs in a worker at start) it says the check is under way."""
        result = self._probe
        if self._mode == "session":
            return _HEADER_LINES["session"][lang]
        if result is None:
            return _HEADER_LINES["checking"][lang]
        if self._mode == "vault":
            key = "vault" if result.usable else "vault-locked"
        elif result.status is ProbeStatus.PLAINTEXT:
            key = "keyring-plaintext"
        else:
            key = "keyring" if result.usable else "keyring-unavailable"
        short_backend = result.backend.rsplit(".", 2)[-2:] if "." in result.backend else []
        backend = ".".join(short_backend) or result.backend
        reason = _HEADER_REASONS.get(result.status.value, {}).get(lang, result.status.value)
        return _HEADER_LINES[key][lang].format(backend=backend, status=reason)


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
