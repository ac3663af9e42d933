"""What the secret store says, in the user's language (``store.*`` in the one catalogue):
a probe's finding and what to do, and the UI header's short line. Secrets are masked in the
data put into a sentence, never inside the sentence itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.secrets.kinds import Lang, Mode, ProbeStatus
from tui.secrets.redact import redactor
from tui.text.catalogue import text


def explain(status: ProbeStatus, mode: Mode, lang: Lang, context: Mapping[str, Any]) -> str:
    key = f"store.ok.{mode}" if status is ProbeStatus.OK else f"store.probe.{status.value}"
    # (a password "geheim" would otherwise garble the word "geheimen")
    values = _Defaults({key: _masked(value) for key, value in context.items()})
    suffix = "_" + lang
    for name, value in context.items():
        if name.endswith(suffix):
            values[name.removesuffix(suffix)] = _masked(value)
    return text(key, lang).format_map(values)


def header_line(key: str, lang: Lang, **values: Any) -> str:
    """The header's line for the store's state ``key`` (session, checking, vault, ...)."""
    return (
        text(f"store.header.{key}", lang).format(**values)
        if values
        else text(f"store.header.{key}", lang)
    )


def short_header_line(key: str, lang: Lang) -> str:
    """The header's line for a keyring state without backend or reason (a narrow header)."""
    return text(f"store.short.{key}", lang)


def reason_word(status: ProbeStatus, lang: Lang) -> str:
    """A probe's finding in a word or two, for the header; the status itself when there is none."""
    key = f"store.reason.{status.value}"
    found = text(key, lang)
    return status.value if found == key else found


def _masked(value: Any) -> Any:
    return redactor.redact(value) if isinstance(value, str) else value


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?" if key != "timeout" else "0"
