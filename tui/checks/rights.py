"""The six Loket.nl rights NN needs, and how the live authorization model shows them.

The data lives in ``tui/checks/rights.toml`` (the rights verbatim, and the reads XpertSuite
performs, used by ``--deep``), read by ``rights_data`` on first use. Whether a user holds a
right is judged only through Loket's own authorization model (``judge_rights``), never through
our list of activities.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tui.checks.facts import RightFinding, RightStatus

if TYPE_CHECKING:
    from tui.checks.rights_data import Right

RIGHTS_FILE = Path(__file__).with_name("rights.toml")


@cache
def all_rights() -> tuple[Right, ...]:
    """The rights of ``rights.toml``, in file order (loaded once)."""
    from tui.checks.rights_data import load_rights

    return load_rights(RIGHTS_FILE.read_text(encoding="utf-8"), str(RIGHTS_FILE))


def right(key: str) -> Right:
    for candidate in all_rights():
        if candidate.key == key:
            return candidate
    raise KeyError(key)


@dataclass(frozen=True)
class ModelActivity:
    """One activity of Loket's authorization model: any one of its rights grants it (and any
    one of its modules must be on for the employer)."""

    name: str
    rights: tuple[str, ...]  # verbatim
    modules: tuple[str, ...] = ()
    description: str | None = None

    # Cached: a check of 10,000 profiles asks each activity for these ~200 times a profile.
    @cached_property
    def right_keys(self) -> frozenset[str]:
        return frozenset(r.casefold() for r in self.rights)

    @cached_property
    def module_keys(self) -> frozenset[str]:
        return frozenset(m.casefold() for m in self.modules)


# casefolded activity name -> the activity; Loket's spellings of one activity differ in case
AuthModel = Mapping[str, ModelActivity]


def build_model(entries: Iterable[ModelActivity]) -> dict[str, ModelActivity]:
    return {entry.name.casefold(): entry for entry in entries}


class _Evidence:
    """What the employer's allowed activities show, read through the model."""

    def __init__(
        self, allowed: Collection[str], model: AuthModel, client: Collection[str] | None
    ) -> None:
        self.model = model
        self.allowed = frozenset(a.casefold() for a in allowed)
        self.client = None if client is None else frozenset(a.casefold() for a in client)
        allowed_entries = [model[a] for a in self.allowed if a in model]
        # A right is shown held when an allowed activity is granted by that right alone.
        self.held = frozenset(
            next(iter(e.right_keys)) for e in allowed_entries if len(e.right_keys) == 1
        )
        self._module_sets = [e.module_keys for e in allowed_entries if e.module_keys]
        # A module is shown off when an activity needing only it is refused although the client
        # is linked to it and the user is shown to hold one of its rights (or it needs none).
        self.modules_off = frozenset(
            next(iter(e.module_keys))
            for key, e in model.items()
            if len(e.module_keys) == 1
            and key not in self.allowed
            and self.linked(key)
            and (not e.right_keys or not e.right_keys.isdisjoint(self.held))
        )

    def linked(self, key: str) -> bool:
        """Koppelaar's client may perform the activity, as far as is known."""
        return self.client is None or key in self.client

    def module(self, entry: ModelActivity) -> Literal["on", "off", "unknown"]:
        needed = entry.module_keys
        if not needed or any(found <= needed for found in self._module_sets):
            return "on"
        if needed <= self.modules_off:
            return "off"
        return "unknown"


def _finding(
    status: RightStatus, entries: Iterable[ModelActivity], right_key: str = ""
) -> RightFinding:
    chosen = sorted(entries, key=lambda e: e.name.casefold())
    others = sorted(
        {r for e in chosen for r in e.rights if r.casefold() != right_key}, key=str.casefold
    )
    modules = sorted({m for e in chosen for m in e.modules}, key=str.casefold)
    return RightFinding(
        status,
        tuple(e.name for e in chosen),
        described=tuple(e.description or e.name for e in chosen),
        others=tuple(others),
        modules=tuple(modules),
    )


def judge_right(right: Right, evidence: _Evidence) -> RightFinding:
    """One right from the activities the user may perform, with the model's OR semantics:
    an activity proves a right only when no other right grants it; a refused activity proves
    the right absent only when the module and the client are known to allow it."""
    key = right.name.casefold()
    model, allowed = evidence.model, evidence.allowed
    granting = {a: e for a, e in model.items() if key in e.right_keys}
    if not granting:
        return RightFinding("model_unknown", right.activities)
    alone = [e for a, e in granting.items() if a in allowed and e.right_keys == {key}]
    refused = {a: e for a, e in granting.items() if a not in allowed}
    proof_absent = [
        e for a, e in refused.items() if evidence.linked(a) and evidence.module(e) == "on"
    ]
    if alone and not proof_absent:
        return _finding("present", alone, key)
    if proof_absent and not alone:
        return _finding("missing", proof_absent, key)
    shared = [e for a, e in granting.items() if a in allowed]
    if shared:
        return _finding("ambiguous", shared, key)
    if not any(evidence.linked(a) for a in refused):
        return _finding("client_limit", refused.values(), key)
    linked = [e for a, e in refused.items() if evidence.linked(a)]
    if all(evidence.module(e) == "off" for e in linked):
        return _finding("module_missing", linked, key)
    return _finding("module_or_right", linked, key)


def judge_rights(
    allowed: Collection[str],
    model: AuthModel | None,
    client_activities: Collection[str] | None = None,
) -> dict[str, RightFinding]:
    """Each right's finding from the activities the user may perform for one employer.

    ``model``: the live authorization model (``build_model``); without it nothing can be
    concluded. ``client_activities``: the activities Koppelaar's own API client is linked to,
    when known; otherwise the client is taken to be linked to every activity.
    """
    if model is None:
        return {r.key: RightFinding("no_model", r.activities) for r in all_rights()}
    evidence = _Evidence(allowed, model, client_activities)
    return {r.key: judge_right(r, evidence) for r in all_rights()}
