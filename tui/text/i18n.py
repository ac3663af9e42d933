"""Dutch by default, English on request: the messages of the CLI and the UI chrome.

Checklist titles and hints live with the checklist items (``tui/checks/items.toml``).
Loket's right names are never translated.
"""

from __future__ import annotations

import contextvars

LANGUAGES = ("nl", "en")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="nl")

MESSAGES: dict[str, tuple[str, str]] = {
    "status.ready": ("gereed", "ready"),
    "status.problems": ("problemen", "problems"),
    "status.unverified": ("niet geverifieerd", "unverified"),
    "status.error": ("fout", "error"),
    "status.unchecked": ("niet gecontroleerd", "unchecked"),
    "item.pass": ("in orde", "pass"),
    "item.fail": ("fout", "fail"),
    "item.warn": ("let op", "warn"),
    "item.manual": ("handmatig", "manual"),
    "item.unknown": ("onbekend", "unknown"),
    "item.skipped": ("overgeslagen", "skipped"),
    "submission.draft": ("concept", "draft"),
    "submission.exported": ("klaargezet", "exported"),
    "submission.sent": ("verzonden", "sent"),
    "submission.connected": ("gekoppeld", "connected"),
    "col.profile": ("profiel", "profile"),
    "col.employer": ("werkgever", "employer"),
    "col.werkgever_id": ("werkgever ID", "werkgever ID"),
    "col.username": ("gebruiker", "user"),
    "col.status": ("status", "status"),
    "col.submission": ("aanlevering", "submission"),
    "list.empty": (
        "Geen profielen in {dir}. Voeg er een toe in de app of met 'koppelaar import BESTAND.csv'.",
        "No profiles in {dir}. Add one in the app or with 'koppelaar import FILE.csv'.",
    ),
    "list.broken": (
        "Onleesbaar profiel (niet gewijzigd): {what}",
        "Unreadable profile (left untouched): {what}",
    ),
    "list.readonly": ("Alleen-lezen: {what}", "Read-only: {what}"),
    "import.summary": (
        "{created} nieuw, {updated} bijgewerkt, {errors} rij(en) overgeslagen.",
        "{created} created, {updated} updated, {errors} row(s) skipped.",
    ),
    "import.row": ("rij {row}: {reason}", "row {row}: {reason}"),
    "import.ignored": ("Kolommen genegeerd: {cols}", "Columns ignored: {cols}"),
    "tui.no_terminal": (
        "geen terminal: start Koppelaar in een terminal (over SSH met 'ssh -t'); "
        "zonder terminal zijn er de opdrachten, zie 'koppelaar --help'",
        "no terminal: start Koppelaar in a terminal (over SSH with 'ssh -t'); "
        "without a terminal use the commands, see 'koppelaar --help'",
    ),
    "export.done": (
        "{count} profielen geschreven naar {file}.",
        "{count} profiles written to {file}.",
    ),
}


def set_language(lang: str) -> None:
    _current.set(lang if lang in LANGUAGES else "nl")


def language() -> str:
    return _current.get()


def t(key: str, lang: str | None = None, **values: object) -> str:
    nl, en = MESSAGES.get(key, (key, key))
    text = en if (lang or _current.get()) == "en" else nl
    return text.format(**values) if values else text
