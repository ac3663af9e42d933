"""The profile's ``[[audit]]``: every change applied through an admin sign-in.

One entry per change: when, which admin, the action, the rights (verbatim), the outcome and
Loket's answer. Never a secret: no token, password or e-mail body goes in here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.repair.plan import ProfilePlan

AUDIT_KEY = "audit"


def entries(plan: ProfilePlan, at: datetime) -> list[dict[str, Any]]:
    user = plan.reading.target
    who = (user.username if user and user.username else None) or plan.profile.username
    return [
        {
            "at": at,
            "admin": plan.admin,
            "action": change.action,
            "user": who,
            "employer": plan.reading.employer_id or "",
            "rights": list(change.rights),
            "status": change.status,
            "answer": change.detail,
        }
        for change in plan.changes
        if change.status in ("done", "failed", "unknown")
    ]


def append(profile: Profile, new: list[dict[str, Any]]) -> None:
    current = profile.raw.get(AUDIT_KEY)
    trail = list(current) if isinstance(current, list) else []
    profile.raw[AUDIT_KEY] = [*trail, *new]


def record(store: ProfileStore, plan: ProfilePlan, at: datetime) -> Profile | None:
    """Add the plan's applied changes to the profile file; None when there were none."""
    new = entries(plan, at)
    if not new:
        return None
    return store.update(plan.slug, lambda current: append(current, new))


def read(profile: Profile) -> list[dict[str, Any]]:
    trail = profile.raw.get(AUDIT_KEY)
    return [e for e in trail if isinstance(e, dict)] if isinstance(trail, list) else []
