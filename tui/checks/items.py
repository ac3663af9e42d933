"""The checklist items, read from ``items.toml``, and their texts in Dutch and English."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ITEMS_FILE = Path(__file__).with_name("items.toml")
LANGUAGES = ("nl", "en")
# Steps whose items decide whether a profile is ready (DESIGN section 3).
READINESS_STEPS = (1, 2)

Text = dict[str, str]


@dataclass(frozen=True)
class ItemDef:
    id: str
    step: int
    title: Text
    hint: Text
    messages: dict[str, Text]
    hints: dict[str, Text] = field(default_factory=dict)
    confirmable: bool = False
    right: str | None = None

    def title_in(self, lang: str) -> str:
        return _pick(self.title, lang)

    def message(self, reason: str, lang: str, params: dict[str, Any]) -> str:
        text = self.messages.get(reason)
        if text is None:
            raise KeyError(f"{self.id}: no message for {reason!r}")
        return _fill(_pick(text, lang), params)

    def hint_for(self, reason: str, status: str, lang: str, params: dict[str, Any]) -> str:
        """The fix hint for this finding: reason-specific, else the item's own for fail,
        warn and manual; an ``unknown`` finding has none unless its reason names one."""
        if reason in self.hints:
            return _fill(_pick(self.hints[reason], lang), params)
        if status in ("fail", "warn", "manual") and self.hint:
            return _fill(_pick(self.hint, lang), params)
        return ""


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_DOUBLE_STOP = re.compile(r"\.\.(?=\s|$)")


def _fill(template: str, params: dict[str, Any]) -> str:
    # "... {company}." with a company named "X B.V." would end in "B.V.."
    return _DOUBLE_STOP.sub(".", template.format_map(_Missing(params)))


def _pick(text: Text, lang: str) -> str:
    return text.get(lang) or text.get("nl") or next(iter(text.values()), "")


def _text(value: Any, where: str) -> Text:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise ValueError(f"{ITEMS_FILE.name}: {where} needs exactly nl and en")
    if not all(isinstance(v, str) and v for v in value.values()):
        raise ValueError(f"{ITEMS_FILE.name}: {where}: texts must be non-empty strings")
    return dict(value)


def _texts(table: Any, where: str) -> dict[str, Text]:
    if not isinstance(table, dict):
        return {}
    return {key: _text(value, f"{where}.{key}") for key, value in table.items()}


def parse_items(data: dict[str, Any]) -> tuple[ItemDef, ...]:
    templates = data.get("templates", {})
    items = []
    for item_id, raw in data["items"].items():
        where = f"items.{item_id}"
        base = templates.get(raw["template"], {}) if "template" in raw else {}
        messages = _texts(base.get("messages"), where) | _texts(raw.get("messages"), where)
        hints = _texts(base.get("hints"), where) | _texts(raw.get("hints"), where)
        hint_raw = raw.get("hint", base.get("hint"))
        items.append(
            ItemDef(
                id=item_id,
                step=int(raw["step"]),
                title=_text(raw["title"], f"{where}.title"),
                hint=_text(hint_raw, f"{where}.hint") if hint_raw else {},
                messages=messages,
                hints=hints,
                confirmable=bool(raw.get("confirmable", False)),
                right=raw.get("right"),
            )
        )
    return tuple(items)


@cache
def all_items() -> tuple[ItemDef, ...]:
    """Every item in checklist order."""
    return parse_items(tomllib.loads(ITEMS_FILE.read_text(encoding="utf-8")))


@cache
def items_by_id() -> dict[str, ItemDef]:
    return {item.id: item for item in all_items()}


def item(item_id: str) -> ItemDef:
    return items_by_id()[item_id]
