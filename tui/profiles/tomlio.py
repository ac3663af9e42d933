"""TOML read and written fast: rtoml (Rust) where it is installed, tomllib and tomli-w else.

For a profile a check has filled in (6.5 kB) tomllib needs 1.1 ms to read and tomli-w 1.2 ms
to write; rtoml 0.1 ms each. Over 1,000 profiles that is the whole start-up budget, and a
check's writes hold the interpreter lock while the requests wait for it. tomllib stays the
judge of a document rtoml refuses (its messages name the line, which the store reports), and
a document rtoml writes is only used when it reads back as the same document.
"""

from __future__ import annotations

import copyreg
import tomllib
from collections.abc import Callable
from datetime import datetime, timezone, tzinfo
from typing import Any

TOMLDecodeError = tomllib.TOMLDecodeError

_fast: Callable[[str], dict[str, Any]] | None
_fast_dumps: Callable[[dict[str, Any]], str] | None
try:
    import rtoml
except ImportError:  # a platform without its wheel
    _fast = _fast_dumps = None
else:
    _fast, _fast_dumps = rtoml.loads, rtoml.dumps
    # rtoml gives offset datetimes a zone class of its own, which cannot be copied or
    # pickled: copies get the standard library's fixed-offset zone instead.
    _zone = type(rtoml.loads("t = 2000-01-01T00:00:00Z")["t"].tzinfo)
    _ANY_DAY = datetime(2000, 1, 1)

    def _standard_zone(zone: tzinfo) -> tuple[type[timezone], tuple[Any, ...]]:
        return timezone, (zone.utcoffset(_ANY_DAY),)

    if _zone is not timezone:
        copyreg.pickle(_zone, _standard_zone)


def loads(text: str) -> dict[str, Any]:
    """The document in ``text``; TOMLDecodeError (tomllib's, with its line) when invalid."""
    if _fast is not None:
        try:
            return _fast(text)
        except Exception:  # rtoml's own error: tomllib says what is wrong, with its line
            pass
    return tomllib.loads(text)


def dumps(doc: dict[str, Any]) -> str:
    """``doc`` as TOML text that reads back as ``doc``."""
    if _fast_dumps is not None and _fast is not None:
        try:
            text = _fast_dumps(doc)
            if _fast(text) == doc:
                return text
        except Exception:  # rtoml cannot write it: tomli-w says why
            pass
    import tomli_w  # only writers need it: kept out of start-up

    return tomli_w.dumps(doc)
