"""The plan and its outcome, in words (per employer, what and why) and as ``fix --json``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.repair.plan import Blocked, Change, ProfilePlan
from tui.repair.text import say
from tui.text.safe import plain


@dataclass(frozen=True)
class Line:
    """One change or obstacle, said for a person: what, why, and (after apply) the outcome."""

    kind: str  # change | blocked | note
    what: str
    why: str = ""
    status: str = ""  # planned | done | failed (changes only)
    outcome: str = ""


def change_text(plan: ProfilePlan, change: Change, lang: str) -> str:
    rights = ", ".join(f'"{r}"' for r in change.rights)
    email = plan.invitation.email if plan.invitation else ""
    return say(f"action.{change.action}", lang, rights=rights, username=plan.profile.username,
               email=email)  # fmt: skip


def blocked_text(plan: ProfilePlan, blocked: Blocked, lang: str) -> str:
    params = {
        "admin": plan.admin,
        "typed": plan.profile.werkgever_id,
        "username": plan.profile.username,
        "detail": "",
        **blocked.params,
    }
    return say(f"blocked.{blocked.code}", lang, **params)


def lines(plan: ProfilePlan, lang: str, cli: bool = True) -> list[Line]:
    result = [
        Line(
            "change",
            change_text(plan, c, lang),
            say(f"why.{c.action}", lang, username=plan.profile.username),
            c.status,
            c.detail,
        )
        for c in plan.changes
    ]
    result += [Line("blocked", blocked_text(plan, b, lang)) for b in plan.blocked]
    if plan.waiting_for_invite:
        result.append(Line("note", say("waiting_for_invite", lang)))
    if plan.extra and plan.change("disable_rights") is None:
        rights = ", ".join(f'"{r}"' for r in plan.extra)
        result.append(Line("note", say("extra" if cli else "extra.tui", lang, rights=rights)))
    if not result:
        result.append(Line("note", say("nothing", lang)))
    return result


def heading(plan: ProfilePlan) -> str:
    reading = plan.reading
    number = reading.employer_number
    shown = str(number) if number is not None else plan.profile.werkgever_id
    name = reading.employer_name or plan.profile.name
    return f"{name} (werkgever ID {shown}, {plan.profile.username})"


def render_text(plans: list[ProfilePlan], admin: str, lang: str, status: dict[str, str]) -> str:
    title = "Applicatiebeheerder" if lang == "nl" else "Admin"
    out = [f"{title}: {plain(admin)}", ""]
    marks = {"planned": "-", "done": "+", "failed": "!", "unknown": "?"}
    for plan in plans:
        out.append(plain(f"{plan.slug}: {heading(plan)}"))
        for line in lines(plan, lang):
            if line.kind == "change":
                out.append(f"  {marks[line.status]} {plain(line.what)}")
                out.append(f"      {plain(line.why)}")
                if line.outcome:
                    out.append(f"      {plain(line.outcome)}")
            else:
                label = {"blocked": "[geblokkeerd]" if lang == "nl" else "[blocked]"}.get(
                    line.kind, " "
                )
                out.append(f"  {label} {plain(line.what)}".rstrip())
        if plan.slug in status:
            out.append(f"  = {status[plan.slug]}")
        out.append("")
    return "\n".join(out)


def to_json(
    plans: list[ProfilePlan],
    admin: str,
    lang: str,
    requests: int,
    writes: int,
    checked: dict[str, str] | None = None,
) -> dict[str, Any]:
    profiles = []
    for plan in plans:
        entry: dict[str, Any] = {
            "profile": plan.slug,
            "werkgever_id": plan.profile.werkgever_id,
            "user": plan.profile.username,
            "changes": [c.to_json(c.detail or change_text(plan, c, lang)) for c in plan.changes],
            "blocked": [blocked_text(plan, b, lang) for b in plan.blocked],
            "blocked_codes": [b.code for b in plan.blocked],
            "extra_rights": list(plan.extra),
            "waiting_for_invite": plan.waiting_for_invite,
        }
        if checked is not None and plan.slug in checked:
            entry["status"] = checked[plan.slug]
        profiles.append(entry)
    return {"admin": admin, "profiles": profiles, "requests": requests, "writes": writes}
