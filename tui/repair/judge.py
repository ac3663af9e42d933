"""The six right items and ``account.rights_exact`` judged by name, through an admin session.

Wired into a check as ``Checker.refine`` (``refiner(readings, admin)``): where the admin read the
NN user's rights by name, those names decide the six right items (basis ``admin``), and
``account.rights_exact`` warns about any right beyond the six. Where the admin could not read
them (no admin rights there, user not found), the check's own judgement stands and
``account.rights_exact`` is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from tui.checks.checker import CheckRun, OnResult, ProfileResult
from tui.checks.engine import Evaluation, Outcome, profile_status
from tui.checks.facts import ProfileFacts
from tui.checks.items import all_items
from tui.checks.rights import all_rights
from tui.config import Settings
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.repair.audit import Reading
from tui.repair.names import normalise

ADMIN_BASIS = "admin"
RIGHTS_EXACT = "account.rights_exact"


# Findings of the ordinary check that rest on Loket refusing the right's activities.
REFUSED_REASONS = ("missing", "deep_forbidden", "module_missing", "module_or_right")


def admin_outcomes(
    profile: Profile, reading: Reading, outcomes: list[Outcome], admin: str
) -> list[Outcome] | None:
    """The outcomes with the rights read by name, or None when the reading cannot say."""
    if reading.problem is not None or reading.holder is None or reading.rights is None:
        return None
    enabled = {normalise(r.description) for r in reading.rights if r.enabled}
    six = {normalise(r.name) for r in all_rights()}
    extra = [
        r.description for r in reading.rights if r.enabled and normalise(r.description) not in six
    ]
    by_id = {o.id: o for o in outcomes}
    common: dict[str, Any] = {
        "username": profile.username,
        "profile": profile.slug,
        "company": reading.employer_name or profile.name,
        "admin": admin,
        "basis": ADMIN_BASIS,
    }
    result = [o for o in outcomes if not o.id.startswith("account.right.") and o.id != RIGHTS_EXACT]
    for right in all_rights():
        old = by_id.get(right.item_id)
        params = (old.params if old else {}) | common | {"right": right.name}
        refused = old is not None and old.reason in REFUSED_REASONS
        if normalise(right.name) in enabled and refused:
            # held by name, yet Loket refuses what it grants (a module the employer lacks?):
            # the name alone does not make it work for NN
            result.append(Outcome(right.item_id, "unknown", "admin_held_refused", params))
        elif normalise(right.name) in enabled:
            result.append(Outcome(right.item_id, "pass", "admin_enabled", params))
        elif reading.provider_user is not None and old is not None and old.status == "fail":
            result.append(old)  # Loket's own refusal stays the evidence
        elif reading.provider_user is not None:
            # a provider user's own rights leave out what a team gives: not evidence of absence
            result.append(Outcome(right.item_id, "unknown", "admin_team_unseen", params))
        else:
            result.append(Outcome(right.item_id, "fail", "admin_missing", params))
    if extra:
        names = ", ".join(f'"{name}"' for name in extra)
        result.append(Outcome(RIGHTS_EXACT, "warn", "extra", common | {"extra": names}))
    else:
        result.append(Outcome(RIGHTS_EXACT, "pass", "exact", common))
    order = {definition.id: n for n, definition in enumerate(all_items())}
    result.sort(key=lambda o: order[o.id])
    return result


def refiner(
    readings: Mapping[str, Reading], admin: str
) -> Callable[[Profile, ProfileFacts, Evaluation], Evaluation]:
    def refine(profile: Profile, facts: ProfileFacts, evaluation: Evaluation) -> Evaluation:
        reading = readings.get(profile.slug)
        if reading is None:
            return evaluation
        outcomes = admin_outcomes(profile, reading, evaluation.outcomes, admin)
        if outcomes is None:
            return evaluation
        status = profile_status(outcomes, evaluation.error)
        return Evaluation(status, evaluation.error, outcomes, evaluation.loket_id)

    return refine


def basis_of(evaluation: Evaluation) -> dict[str, str]:
    """Item id -> ``admin`` for the items this module judged."""
    return {o.id: ADMIN_BASIS for o in evaluation.outcomes if o.params.get("basis") == ADMIN_BASIS}


def annotate(entry: dict[str, Any], result: ProfileResult) -> dict[str, Any]:
    """One profile of ``check --json`` with ``basis: admin`` on the items read by name."""
    bases = basis_of(result.evaluation)
    for item in entry["items"]:
        if item["id"] in bases:
            item["basis"] = bases[item["id"]]
    return entry


async def admin_check(
    settings: Settings,
    secrets: Any,
    admin: str,
    profiles: list[Profile],
    *,
    store: ProfileStore | None,
    lang: str,
    deep: bool = False,
    on_result: OnResult | None = None,
    keep_results: bool = True,
    transport: httpx.AsyncBaseTransport | None = None,
) -> CheckRun:
    """The check, with the rights read by name through ``admin`` (raises AdminSignInError)."""
    from tui.repair.session import RepairSession

    async with RepairSession(
        settings, secrets, admin, store=store, lang=lang, transport=transport
    ) as session:
        readings = await session.read(profiles)
        session.checker.refine = refiner(readings, admin)
        run = await session.checker.check_profiles(
            profiles, deep=deep, on_result=on_result, keep_results=keep_results
        )
        run.requests = session.requests
        return run
