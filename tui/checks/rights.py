"""The six Loket.nl rights NN needs and the activities that stand for them.

The data lives in ``tui/checks/rights.toml``; see its header for how a right is judged and
why these activities were chosen.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tui.checks.facts import RightFinding

RIGHTS_FILE = Path(__file__).with_name("rights.toml")


@dataclass(frozen=True)
class Right:
    key: str
    name: str  # verbatim as Loket.nl shows it
    activities: tuple[str, ...]
    deep: str
    needs: str  # what the deep read needs first: employer | employment | payroll_administration
    why: str

    @property
    def item_id(self) -> str:
        return f"account.right.{self.key}"


@cache
def all_rights() -> tuple[Right, ...]:
    data = tomllib.loads(RIGHTS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Right(
            key=key,
            name=raw["name"],
            activities=tuple(raw["activities"]),
            deep=raw["deep"],
            needs=raw["needs"],
            why=raw["why"],
        )
        for key, raw in data["rights"].items()
    )


def right(key: str) -> Right:
    for candidate in all_rights():
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def refined_activities(
    right: Right, model: Mapping[str, tuple[str, ...]] | None
) -> tuple[str, ...]:
    """The activities that stand for ``right``, refined by the live authorization model.

    ``model`` maps each activity to the rechten that grant it. Activities the model says this
    right does not grant are dropped; when none of the listed ones remains (Loket renamed
    them), every GET activity the model lists for the right is used instead.
    """
    if model is None:
        return right.activities
    listed = tuple(a for a in right.activities if right.name in model.get(a, ()))
    if listed:
        return listed
    return tuple(
        sorted(a for a, rechten in model.items() if right.name in rechten and a.startswith("Get"))
    )


def judge_rights(
    allowed: Collection[str],
    model: Mapping[str, tuple[str, ...]] | None,
    client_activities: Collection[str] | None = None,
) -> dict[str, RightFinding]:
    """Each right's finding from the activities the user may perform for one employer.

    ``client_activities``: the activities Koppelaar's own API client is linked to, when known.
    A right none of whose activities that client may perform cannot be told apart from a
    missing right: ``client_limit`` ("could not verify") instead of ``missing``.
    """
    findings: dict[str, RightFinding] = {}
    for candidate in all_rights():
        activities = refined_activities(candidate, model)
        if not activities:
            findings[candidate.key] = RightFinding("model_unknown", candidate.activities)
        elif any(a in allowed for a in activities):
            findings[candidate.key] = RightFinding("present", activities)
        elif client_activities is not None and not any(a in client_activities for a in activities):
            findings[candidate.key] = RightFinding("client_limit", activities)
        else:
            findings[candidate.key] = RightFinding("missing", activities)
    return findings
