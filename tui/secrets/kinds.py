"""The kinds of secret, the secret store's modes and what a probe of a store can find."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

SERVICE_PREFIX = "koppelaar:"

Mode = Literal["keyring", "vault", "session"]
RequestedMode = Literal["auto", "keyring", "vault", "session"]
REQUESTED_MODES: tuple[RequestedMode, ...] = ("auto", "keyring", "vault", "session")
Lang = Literal["nl", "en"]


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
        from tui.text.catalogue import text

        return text(f"store.kind.{self.value}", lang)

    @classmethod
    def parse(cls, text: str) -> SecretKind:
        """Accept `loket-password` or the full service name `koppelaar:loket-password`."""
        value = text.strip().lower().removeprefix(SERVICE_PREFIX)
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(kind.value for kind in cls)
            raise ValueError(f"unknown kind of secret {text!r}; choose one of {choices}") from None


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
