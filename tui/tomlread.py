"""Reading TOML fast: rtoml (Rust) where it is installed, the standard library otherwise.

Python's tomllib needs about 1.1 ms for a profile a check has filled in (6.5 kB); rtoml
takes 0.08 ms. Over 1,000 profiles that is the whole of the start-up budget. tomllib stays the
judge of a document rtoml refuses: its messages name the line, which the store reports.
"""

from __future__ import annotations

import copyreg
import tomllib
from collections.abc import Callable
from datetime import datetime, timezone, tzinfo
from typing import Any

TOMLDecodeError = tomllib.TOMLDecodeError

_fast: Callable[[str], dict[str, Any]] | None
try:
    import rtoml
except ImportError:  # a platform without its wheel
    _fast = None
else:
    _fast = rtoml.loads
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
