"""Reading TOML fast: rtoml (Rust) where it is installed, the standard library otherwise.

Python's tomllib needs about 1.1 ms for a profile a check has filled in (6.5 kB); rtoml
takes 0.08 ms. Over 1,000 profiles that is the whole of the start-up budget. tomllib stays the
judge of a document rtoml refuses: its messages name the line, which the store reports.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

TOMLDecodeError = tomllib.TOMLDecodeError

_fast: Callable[[str], dict[str, Any]] | None
try:
    import rtoml
except ImportError:  # a platform without its wheel
    _fast = None
else:
    _fast = rtoml.loads


def loads(text: str) -> dict[str, Any]:
    """The document in ``text``; TOMLDecodeError (tomllib's, with its line) when invalid."""
    if _fast is not None:
        try:
            doc = _fast(text)
        except Exception:  # rtoml's own error: tomllib says what is wrong, with its line
            pass
        else:
            _standard_zones(doc)
            return doc
    return tomllib.loads(text)


def _standard_zones(node: dict[str, Any] | list[Any]) -> None:
    """Give offset datetimes the standard library's ``timezone``, as tomllib does: rtoml's
    own zone class cannot be copied or pickled."""
    pairs = node.items() if type(node) is dict else enumerate(node)
    for key, value in pairs:
        kind = type(value)
        if kind is str:
            continue
        if kind is dict or kind is list:
            _standard_zones(value)
        elif kind is datetime and type(value.tzinfo) not in _STANDARD_ZONES:
            node[key] = value.replace(tzinfo=timezone(value.utcoffset()))  # type: ignore[index]


_STANDARD_ZONES = (timezone, type(None))
