"""User-facing messages of the submission (Dutch by default, English on request).

The email to NN itself is always Dutch; these are the messages around it: refusals, errors,
warnings and the CLI's prompts. The submission says them as phrases (``msg``: a ``sub.`` key
and its values); the UI and the CLI render them in the language they show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.text.catalogue import text
from tui.text.phrase import Phrase

if TYPE_CHECKING:
    from tui.submission.readiness import Refusal


def msg(key: str, n: int | None = None, **values: object) -> Phrase:
    """The submission's message ``key`` (``sub.`` in the catalogue), not yet rendered."""
    return Phrase(f"sub.{key}", values, n)


def method_text(method: str | None, lang: str) -> str:
    """How a submission left Koppelaar, in words in ``lang`` (never the method code)."""
    known = ("smtp", "eml", "clipboard", "person")
    return text(f"sub.method.{method if method in known else 'unknown'}", lang)


def open_items_text(open_items: Iterable[tuple[str, str]], lang: str) -> list[str]:
    """Open items by their titles in ``lang`` with their status (item ids stay in --json;
    an id the checklist no longer knows is shown as is)."""
    from tui.checks.items import all_items

    titles = {item.id: item.title_in(lang) for item in all_items()}
    return [
        f"{titles.get(item_id, item_id)}: {text('item.' + status, lang)}"
        for item_id, status in open_items
    ]


def refusal_text(refusal: Refusal, lang: str) -> str:
    """The readiness gate's refusal in the CLI's words (``sub.*``), in ``lang``."""
    if refusal.code == "read_only":
        return text("profile.read_only", lang).format(**refusal.params)
    when = refusal.when.astimezone().strftime("%d-%m-%Y %H:%M") if refusal.when else "?"
    values: dict[str, object] = {"profile": refusal.profile}
    if refusal.code in ("already_sent", "already_exported"):
        values |= {"when": when, "method": method_text(refusal.method, lang)}
    if refusal.code == "not_ready":
        items = open_items_text(refusal.open_items, lang)
        values |= {
            "status": text("status." + refusal.status, lang),
            "items": f"; open: {', '.join(items)}" if items else "",
        }
    return text(f"sub.{refusal.code}", lang).format(**values)


@dataclass(frozen=True)
class RefusalPhrase:
    """A refusal of the readiness gate, said in the CLI's words once a language is known."""

    refusal: Refusal

    def render(self, lang: str) -> str:
        return refusal_text(self.refusal, lang)

    def __str__(self) -> str:
        return self.render("nl")
