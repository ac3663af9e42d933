"""The checklist items: their structure read from ``items.toml``, their texts from the message
catalogue (``item.<id>.title``, ``item.<id>.hint``, ``item.<id>.message.<reason>``,
``item.<id>.hint.<reason>``; an item made from a template has that template's texts)."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Literal

import msgspec

from tui.text.catalogue import plural, text

ITEMS_FILE = Path(__file__).with_name("items.toml")
# Steps whose items decide whether a profile is ready (DESIGN section 3).
READINESS_STEPS = (1, 2)


class TextsSpec(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Which texts an item (or a template) has: an own fix hint, the reasons of its findings,
    the reasons with a hint of their own."""

    hint: bool = False
    messages: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()


class ItemSpec(TextsSpec, frozen=True, kw_only=True, forbid_unknown_fields=True):
    step: Literal[1, 2, 3]
    confirmable: bool = False
    template: str | None = None
    right: str | None = None


class ItemsFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    items: dict[str, ItemSpec]
    templates: dict[str, TextsSpec] = msgspec.field(default_factory=dict)


class ItemDef(msgspec.Struct, frozen=True, kw_only=True):
    """One item as the engine and the screens use it; its texts are rendered in the language
    each caller names."""

    id: str
    step: int
    confirmable: bool = False
    right: str | None = None
    # where the item's texts are in the catalogue: its own id or its template's name
    texts: str
    has_hint: bool = False
    reasons: tuple[str, ...] = ()
    hint_reasons: tuple[str, ...] = ()

    def title_in(self, lang: str) -> str:
        return text(f"item.{self.id}.title", lang)

    def message(self, reason: str, lang: str, params: dict[str, Any]) -> str:
        if reason not in self.reasons:
            raise KeyError(f"{self.id}: no message for {reason!r}")
        key = f"item.{self.texts}.message.{reason}"
        count = params.get("count")
        if plural(key) and isinstance(count, int):  # a finding that counts says 1 or 2 forms
            return _fill(text(key, lang, n=count), params)
        return _fill(text(key, lang), params)

    def hint_for(self, reason: str, status: str, lang: str, params: dict[str, Any]) -> str:
        """The fix hint for this finding: reason-specific, else the item's own for fail,
        warn and manual; an ``unknown`` finding has none unless its reason names one."""
        if reason and reason in self.hint_reasons:
            return _fill(text(f"item.{self.texts}.hint.{reason}", lang), params)
        if status in ("fail", "warn", "manual") and self.has_hint:
            return _fill(text(f"item.{self.texts}.hint", lang), params)
        return ""


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_DOUBLE_STOP = re.compile(r"\.\.(?=\s|$)")


def _fill(template: str, params: dict[str, Any]) -> str:
    # "... {company}." with a company named "X B.V." would end in "B.V.."
    return _DOUBLE_STOP.sub(".", template.format_map(_Missing(params)))


def read_items(data: dict[str, Any], where: str = ITEMS_FILE.name) -> ItemsFile:
    """``items.toml`` as its structure; a wrong or unknown key is a ValueError naming it."""
    try:
        return msgspec.convert(data, ItemsFile)
    except msgspec.ValidationError as exc:
        whole = exc
    from tui.config_schema import explain  # only to say what is wrong

    for kind, spec in (("items", ItemSpec), ("templates", TextsSpec)):
        table = data.get(kind)
        for name, raw in table.items() if isinstance(table, dict) else ():
            try:
                msgspec.convert(raw, spec)
            except msgspec.ValidationError as exc:
                raise ValueError(explain(exc, raw, f'{where} [{kind}."{name}"]', spec)) from None
    raise ValueError(explain(whole, data, where, ItemsFile))


def parse_items(data: dict[str, Any]) -> tuple[ItemDef, ...]:
    spec = read_items(data)
    items = []
    for item_id, raw in spec.items.items():
        base: TextsSpec = raw
        if raw.template is not None:
            if raw.hint or raw.messages or raw.hints:
                raise ValueError(
                    f'{ITEMS_FILE.name} [items."{item_id}"]: takes its texts from its template'
                )
            if raw.template not in spec.templates:
                raise ValueError(
                    f'{ITEMS_FILE.name} [items."{item_id}"]: no template {raw.template!r}'
                )
            base = spec.templates[raw.template]
        items.append(
            ItemDef(
                id=item_id,
                step=raw.step,
                confirmable=raw.confirmable,
                right=raw.right,
                texts=raw.template or item_id,
                has_hint=base.hint,
                reasons=base.messages,
                hint_reasons=base.hints,
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
