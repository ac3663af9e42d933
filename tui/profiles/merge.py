"""Two writers of one profile: a three-way merge of TOML documents, key by key."""

from __future__ import annotations

from typing import Any

from tui.profiles.errors import ConflictError

_MISSING = object()


def _flatten(doc: dict[str, Any], prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    out: dict[tuple[str, ...], Any] = {}
    for key, value in doc.items():
        path = (*prefix, key)
        if isinstance(value, dict) and value:
            out.update(_flatten(value, path))
        else:
            out[path] = value
    return out


def _unflatten(flat: dict[tuple[str, ...], Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for path, value in flat.items():
        node = doc
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    return doc


def merge_docs(
    slug: str, base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]
) -> dict[str, Any]:
    """Three-way merge of TOML documents, key by key."""
    fb, fm, ft = _flatten(base), _flatten(mine), _flatten(theirs)
    merged: dict[tuple[str, ...], Any] = {}
    conflicts: list[str] = []
    for key in {**fb, **fm, **ft}:
        b, m, t = fb.get(key, _MISSING), fm.get(key, _MISSING), ft.get(key, _MISSING)
        if m == b:
            value = t
        elif t in (b, m):
            value = m
        else:
            conflicts.append(".".join(key))
            continue
        if value is not _MISSING:
            merged[key] = value
    if conflicts:
        raise ConflictError(slug, sorted(conflicts))
    return _unflatten(merged)
