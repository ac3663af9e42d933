"""Query handling as Loket documents it: resource versions, paging, ``filter`` and ``orderBy``."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

DEFAULT_PAGE_SIZE = 250


class QueryError(ValueError):
    """A query parameter Loket would reject with 400; the message goes into ``messages[]``."""


class NotAcceptable(ValueError):
    """The Accept header asks for a version the resource does not have."""


_VERSION = re.compile(r"version\s*=\s*\"?([^\s;,\"]+)", re.IGNORECASE)


def pick_version(accept: str | None, versions: Sequence[str]) -> str:
    """The newest of ``versions`` (ISO dates, ascending) on or before the requested date.

    Loket: "If no accept header with a resource version is given the newest version of the
    resource is returned". A date before every version, or not a date, is not acceptable.
    """
    match = _VERSION.search(accept or "")
    if match is None:
        return versions[-1]
    requested = match.group(1)
    try:
        date.fromisoformat(requested)
    except ValueError:
        raise NotAcceptable(f"'{requested}' is not a version date (YYYY-MM-DD).") from None
    chosen = [v for v in versions if v <= requested]
    if not chosen:
        raise NotAcceptable(
            f"No version of this resource on or before {requested}; "
            f"available: {', '.join(versions)}."
        )
    return chosen[-1]


def page_params(query: dict[str, str], default_size: int = DEFAULT_PAGE_SIZE) -> tuple[int, int]:
    number = _positive_int(query, "pageNumber", 1)
    size = _positive_int(query, "pageSize", default_size)
    return number, size


def _positive_int(query: dict[str, str], name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"The value '{raw}' is not valid for {name}.") from None
    if value < 1 or value > 2**31 - 1:
        raise QueryError(f"{name} must be a positive number.")
    return value


def _field(item: Any, dotted: str) -> Any:
    value = item
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        key = part if part in value else next((k for k in value if k.lower() == part.lower()), None)
        value = value.get(key) if key is not None else None
    return value


def _comparable(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


_TOKEN = re.compile(r"\s*(?:(\()|(\))|'((?:[^']|'')*)'|([^\s()']+))")
_OPERATORS = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lk": lambda a, b: isinstance(a, str) and isinstance(b, str) and b in a,
    "gt": lambda a, b: a is not None and b is not None and a > b,
    "ge": lambda a, b: a is not None and b is not None and a >= b,
    "lt": lambda a, b: a is not None and b is not None and a < b,
    "le": lambda a, b: a is not None and b is not None and a <= b,
}
Predicate = Callable[[Any], bool]


def parse_filter(text: str) -> Predicate:
    """``field op value`` joined by ``and``/``or`` (and binds tighter), with parentheses."""
    tokens: list[tuple[str, Any]] = []
    position = 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise QueryError(f"The filter '{text}' is not valid.")
        position = match.end()
        opening, closing, quoted, word = match.groups()
        if opening:
            tokens.append(("(", None))
        elif closing:
            tokens.append((")", None))
        elif quoted is not None:
            tokens.append(("value", quoted.replace("''", "'")))
        else:
            tokens.append(("word", word))
    parser = _FilterParser(tokens, text)
    predicate = parser.expression()
    if parser.position != len(tokens):
        raise QueryError(f"The filter '{text}' is not valid.")
    return predicate


class _FilterParser:
    def __init__(self, tokens: list[tuple[str, Any]], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.position = 0

    def _peek_word(self) -> str | None:
        if self.position < len(self.tokens) and self.tokens[self.position][0] == "word":
            return str(self.tokens[self.position][1]).lower()
        return None

    def _take(self) -> tuple[str, Any]:
        if self.position >= len(self.tokens):
            raise QueryError(f"The filter '{self.text}' is not valid.")
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expression(self) -> Predicate:
        terms = [self.term()]
        while self._peek_word() == "or":
            self.position += 1
            terms.append(self.term())
        return terms[0] if len(terms) == 1 else (lambda item: any(t(item) for t in terms))

    def term(self) -> Predicate:
        conditions = [self.condition()]
        while self._peek_word() == "and":
            self.position += 1
            conditions.append(self.condition())
        if len(conditions) == 1:
            return conditions[0]
        return lambda item: all(c(item) for c in conditions)

    def condition(self) -> Predicate:
        kind, value = self._take()
        if kind == "(":
            inner = self.expression()
            if self._take()[0] != ")":
                raise QueryError(f"The filter '{self.text}' is not valid.")
            return inner
        if kind != "word":
            raise QueryError(f"The filter '{self.text}' is not valid.")
        name = str(value)
        operator_kind, operator = self._take()
        compare = _OPERATORS.get(str(operator).lower()) if operator_kind == "word" else None
        if compare is None:
            raise QueryError(f"Unknown operator '{operator}' in filter '{self.text}'.")
        literal = _literal(self._take())
        expected = _comparable(literal)
        return lambda item: bool(compare(_comparable(_field(item, name)), expected))


def _literal(token: tuple[str, Any]) -> Any:
    kind, value = token
    if kind == "value":
        return value
    if kind != "word":
        raise QueryError("A filter condition lacks its value.")
    lowered = str(value).lower()
    if lowered in ("null", "true", "false"):
        return {"null": None, "true": True, "false": False}[lowered]
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return value


def order_items(items: list[Any], order_by: str) -> list[Any]:
    if not re.fullmatch(r"-?[\w.]+(,-?[\w.]+)*", order_by):
        raise QueryError(f"The value '{order_by}' is not valid for orderBy.")
    ordered = list(items)
    for part in reversed(order_by.split(",")):
        ordered.sort(key=_sort_key(part.lstrip("-")), reverse=part.startswith("-"))
    return ordered


def _sort_key(name: str) -> Callable[[Any], tuple[bool, Any]]:
    def key(item: Any) -> tuple[bool, Any]:
        value = _field(item, name)
        return value is not None, _comparable(value)

    return key
