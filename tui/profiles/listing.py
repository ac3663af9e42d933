"""The profiles as a listing needs them (``koppelaar list``), read from the index alone.

``ProfileStore.load_all`` makes a ``Path`` and a deferred profile per file and keeps what it
finds for the index: at 10,000 profiles ~0.2 s of ``list``'s start. A listing needs only each
file's top tables, which the index holds. When every profile file is in the index with its
current stat (and the index holds nothing else), they come from there; otherwise (a new,
changed, removed or broken file, a name that is not UTF-8) ``None``: the caller loads the store,
which parses what changed and writes the index. A profile's checklist is read from the index
when it is first used, as ``load_all``'s are.

Only the files on disk count: a store's writes not yet in the index are not seen, so a caller
that wrote through a store uses ``load_all``.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Any

from tui.profiles.document import ProfileError
from tui.profiles.index import read_index, stat_key
from tui.profiles.model import Profile
from tui.profiles.parse import from_index, utf8_name
from tui.profiles.store import SUFFIX, LoadResult


def load_from_index(directory: Path) -> LoadResult | None:
    """The profiles in ``directory`` from its index (sorted by file name, as ``load_all``
    sorts them), the files others may read in ``exposed``; None when the index is not
    current for every file."""
    index = read_index(directory)
    try:
        with os.scandir(directory) as scan:
            entries = sorted(
                (e for e in scan if e.name.endswith(SUFFIX) and not e.name.startswith(".")),
                key=lambda e: e.name,
            )
    except (FileNotFoundError, NotADirectoryError):
        return LoadResult() if not index else None
    except OSError:
        return None
    if len(entries) != len(index):
        return None
    result = LoadResult()
    for entry in entries:
        cached = index.get(entry.name)
        if cached is None or not utf8_name(entry.name):
            return None
        try:
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            return None
        top = cached["top"]
        if cached["stat"] != stat_key(stat) or "checklist" in top:
            return None
        slug = entry.name[: -len(SUFFIX)]
        try:
            if cached["text"] is None:
                profile = Profile.from_doc(slug, top)
            else:
                profile = Profile.deferred(slug, top, partial(_checklist, entry.path, cached))
        except (ProfileError, KeyError, TypeError, ValueError):
            return None
        result.profiles.append(profile)
        if stat.st_mode & 0o077:
            result.exposed.append(Path(entry.path))
    return result


def _checklist(path: str, cached: dict[str, Any]) -> dict[str, Any]:
    checklist = from_index(Path(path), cached).raw.get("checklist", {})
    return checklist if isinstance(checklist, dict) else {}
