"""What the secret store says about itself: its errors (each says what happened and what to
do, in the language asked for, with secrets masked) and the result of a probe and the status
that ``koppelaar secrets status`` and the UI header show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.secrets.kinds import Lang, Mode, ProbeStatus, RequestedMode
from tui.secrets.messages import explain


class SecretStoreError(Exception):
    """Anything the store cannot do; `message(lang)` says what happened and what to do."""

    def __init__(self, status: ProbeStatus, mode: Mode, context: Mapping[str, Any]) -> None:
        self.status = status
        self.mode = mode
        self.context = dict(context)
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "en") -> str:
        return explain(self.status, self.mode, lang, self.context)

    def render(self, lang: str) -> str:
        """The message in ``lang`` (Dutch for anything but ``en``): a phrase's value."""
        return self.message("en" if lang == "en" else "nl")


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
        return explain(self.status, self.mode, lang, self.context)

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
