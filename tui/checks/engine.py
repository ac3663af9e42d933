"""Evaluation: a profile and what a probe found -> item statuses and the profile status.

Rules (DESIGN section 3): a profile is ``ready`` when every item of steps 1 and 2 is ``pass``
or ``warn``; ``problems`` when any is ``fail``; ``unverified`` when some are still ``manual`` or
``unknown``; ``error`` when the check could not run at all. A confirmable item a person
confirmed counts as ``pass``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui.checks.facts import ProfileFacts, RightFinding, is_xpertsuite
from tui.checks.items import READINESS_STEPS, all_items, item
from tui.checks.rights import all_rights
from tui.checks.werkgever_id import id_form, same_name
from tui.profiles.fields import werkgever_id_problem
from tui.profiles.model import Profile

CONFIRMABLE = ("admin.rights", "account.dedicated", "account.password")
# What an item's status rests on (``check --json`` "basis"): Loket's answer, an inference through
# Loket's authorization model, rights read by name through an admin sign-in, a person's
# confirmation, or Koppelaar's own record or reading of what was typed.
BASES = ("loket", "model", "admin", "manual", "local")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One item's status and the finding behind it (``reason`` keys its message)."""

    id: str
    status: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict)
    basis: str | None = None  # one of BASES; None while nothing is established


@dataclass(frozen=True, slots=True)
class ItemResult:
    id: str
    status: str
    detail: str  # the finding, then how to fix it
    title: str
    finding: str
    hint: str
    reason: str
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class Evaluation:
    status: str
    error: str | None
    outcomes: list[Outcome]
    loket_id: str | None

    def items(self, lang: str) -> list[ItemResult]:
        return [render(outcome, lang) for outcome in self.outcomes]


def format_when(when: datetime | None) -> str:
    if when is None:
        return "?"
    local = when.astimezone() if when.tzinfo else when
    return local.strftime("%Y-%m-%d %H:%M")


# Names from Loket or a profile can be any length; a finding quotes at most this much of one.
QUOTE_LIMIT = 100
# Values that are names or typed text (the error ``reason`` is our own, and stays whole).
QUOTED_NAMES = (
    "username", "company", "typed", "apps", "administration", "name", "profile",
    "other_company", "method", "described", "others", "modules",
)  # fmt: skip


def _quotable(params: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value[: QUOTE_LIMIT - 1] + "~"
        if key in QUOTED_NAMES and isinstance(value, str) and len(value) > QUOTE_LIMIT
        else value
        for key, value in params.items()
    }


def render(outcome: Outcome, lang: str) -> ItemResult:
    definition = item(outcome.id)
    params = _quotable(outcome.params)
    finding = definition.message(outcome.reason, lang, params)
    hint = definition.hint_for(outcome.reason, outcome.status, lang, params)
    detail = f"{finding} {hint}" if hint else finding
    return ItemResult(
        id=outcome.id,
        status=outcome.status,
        detail=detail,
        title=definition.title_in(lang),
        finding=finding,
        hint=hint,
        reason=outcome.reason,
        basis=outcome.basis,
    )


def profile_status(outcomes: list[Outcome], fatal: str | None) -> str:
    if fatal:
        return "error"
    decisive = [o.status for o in outcomes if item(o.id).step in READINESS_STEPS]
    if "fail" in decisive:
        return "problems"
    if all(status in ("pass", "warn") for status in decisive):
        return "ready"
    return "unverified"


def _confirmed_at(profile: Profile, item_id: str) -> datetime | None:
    record = profile.items.get(item_id)
    return record.confirmed_at if record is not None else None


def evaluate(profile: Profile, facts: ProfileFacts) -> Evaluation:
    base: dict[str, Any] = {
        "username": profile.username,
        "profile": profile.slug,
        "typed": profile.werkgever_id.strip(),
        "name": profile.name,
    }
    resolution = facts.resolution
    employer = resolution.reached if resolution else None
    if employer is not None:
        base |= {
            "company": employer.name,
            "number": employer.number if employer.number is not None else "?",
            "guid": employer.id,
        }
    outcomes = [
        _admin_rights(profile, facts, base),
        _standard_user(facts, base),
        _active(facts, base),
        _password(profile, facts, base),
        _two_factor(facts, base),
        _dedicated(profile, facts, base),
        _employer_access(facts, base),
        *(_right(r.key, r.name, facts, base) for r in all_rights()),
        _id_format(profile, base),
        _id_found(facts, base),
        _name_matches(profile, facts, base),
        _sent(profile, base),
        _connected(profile, facts, base),
    ]
    order = {definition.id: n for n, definition in enumerate(all_items())}
    outcomes.sort(key=lambda o: order[o.id])
    loket_id = (
        resolution.employer.id if resolution and resolution.found and resolution.employer else None
    )
    return Evaluation(profile_status(outcomes, facts.fatal), facts.fatal, outcomes, loket_id)


def _admin_rights(profile: Profile, facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    if facts.login == "ok":
        return Outcome("admin.rights", "pass", "login_ok", p, "loket")
    when = _confirmed_at(profile, "admin.rights")
    if when is not None:
        return Outcome(
            "admin.rights", "pass", "confirmed", p | {"when": format_when(when)}, "manual"
        )
    return Outcome("admin.rights", "manual", "unchecked", p)


def _standard_user(facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    if facts.login == "ok":
        return Outcome("account.standard_user", "pass", "login_ok", p, "loket")
    return Outcome("account.standard_user", "manual", "unchecked", p)


def _active(facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    if facts.login == "ok":
        return Outcome("account.active", "pass", "login_ok", p, "loket")
    if facts.login in ("invalid_grant", "refresh_refused"):
        return Outcome("account.active", "fail", facts.login, p, "loket")
    return Outcome("account.active", "unknown", "error", p | {"reason": facts.fatal or "?"})


def _two_factor(facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    if facts.login != "ok":
        return Outcome("account.two_factor", "unknown", "no_login", p)
    state = facts.two_factor_state
    if facts.two_factor_source is None or state is None:
        # signed in with a refresh token only: that flow skips the second factor and says
        # "None" whatever the user's set-up
        return Outcome("account.two_factor", "unknown", "not_known", p)
    if state in ("", "None"):
        return Outcome("account.two_factor", "pass", "off", p, "loket")
    return Outcome("account.two_factor", "warn", "on", p | {"state": state}, "loket")


def _password(profile: Profile, facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    """The password NN will receive works for a password sign-in (NN signs in with it)."""
    method = facts.login_method
    if method is not None and "sso" in method.casefold() and "wachtwoord" not in method.casefold():
        return Outcome("account.password", "fail", "sso_only", p | {"method": method}, "admin")
    check = facts.password_check
    if check == "ok":
        return Outcome("account.password", "pass", "works", p, "loket")
    if check == "invalid_grant" or facts.login == "invalid_grant":
        return Outcome("account.password", "fail", "refused", p, "loket")
    when = _confirmed_at(profile, "account.password")
    if when is not None:
        return Outcome(
            "account.password", "pass", "confirmed", p | {"when": format_when(when)}, "manual"
        )
    if check == "not_allowed":
        return Outcome("account.password", "unknown", "not_allowed", p)
    if check == "no_password":
        return Outcome("account.password", "unknown", "no_password", p)
    if check == "error":
        return Outcome(
            "account.password", "unknown", "error", p | {"reason": facts.password_error or "?"}
        )
    return Outcome("account.password", "unknown", "unchecked", p)


def _dedicated(profile: Profile, facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    others = [i.name for i in facts.integrations or () if not i.own and not is_xpertsuite(i.name)]
    apps = ", ".join(sorted(set(others)))
    when = _confirmed_at(profile, "account.dedicated")
    if when is not None:
        reason = "confirmed_others" if others else "confirmed"
        return Outcome(
            "account.dedicated",
            "pass",
            reason,
            p | {"when": format_when(when), "apps": apps},
            "manual",
        )
    if facts.integrations is not None:
        if others:
            return Outcome("account.dedicated", "warn", "others", p | {"apps": apps}, "loket")
        return Outcome("account.dedicated", "pass", "alone", p, "loket")
    if facts.integrations_error:
        return Outcome(
            "account.dedicated", "unknown", "error", p | {"reason": facts.integrations_error}
        )
    return Outcome("account.dedicated", "manual", "unchecked", p)


def _not_checked(
    item_id: str, facts: ProfileFacts, p: dict[str, Any], error: str | None
) -> Outcome:
    if facts.login != "ok":
        return Outcome(item_id, "unknown", "no_login", p)
    return Outcome(item_id, "unknown", "error", p | {"reason": error or facts.fatal or "?"})


def _employer_access(facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    resolution = facts.resolution
    if resolution is None:
        return _not_checked("account.employer_access", facts, p, facts.employers_error)
    if resolution.reached is not None:
        return Outcome("account.employer_access", "pass", "found", p, "loket")
    if resolution.count == 0:
        return Outcome("account.employer_access", "fail", "none", p, "loket")
    return Outcome(
        "account.employer_access", "fail", "not_found", p | {"count": resolution.count}, "loket"
    )


def _right(key: str, name: str, facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    item_id = f"account.right.{key}"
    p = p | {"right": name}
    by_name = facts.rights_by_name
    if by_name is not None:
        held = by_name.get(name.casefold(), False)
        return Outcome(item_id, "pass" if held else "fail", f"admin_{held}".lower(), p, "admin")
    resolution = facts.resolution
    if resolution is None:
        return _not_checked(item_id, facts, p, facts.employers_error)
    if resolution.reached is None:
        return Outcome(item_id, "skipped", "no_employer", p)
    finding: RightFinding | None = facts.rights.get(key)
    if finding is None:
        return _not_checked(item_id, facts, p, facts.rights_error)
    p = p | {
        "activities": ", ".join(finding.activities),
        "described": _few(finding.described or finding.activities),
        "others": ", ".join(f'"{r}"' for r in finding.others),
        "modules": ", ".join(f'"{m}"' for m in finding.modules),
        "activity": finding.deep_activity or "",
    }
    if finding.deep_status == 403:
        return Outcome(item_id, "fail", "deep_forbidden", p, "loket")
    if finding.status == "present":
        if finding.deep_status == 200:
            return Outcome(item_id, "pass", "deep_ok", p, "model")
        return Outcome(item_id, "pass", "present", p, "model")
    if finding.status == "missing":
        return Outcome(item_id, "fail", "missing", p, "model")
    if finding.status == "module_missing":
        return Outcome(item_id, "fail", "module_missing", p, "model")
    return Outcome(item_id, "unknown", finding.status, p)


def _few(texts: tuple[str, ...], limit: int = 2) -> str:
    """At most ``limit`` of Loket's descriptions, in a finding a person reads."""
    shown = "; ".join(f'"{text}"' for text in texts[:limit])
    return shown + (f" (+{len(texts) - limit})" if len(texts) > limit else "")


def _id_format(profile: Profile, p: dict[str, Any]) -> Outcome:
    """The form's rule (``tui.profiles.fields``): the reason names the form, or what else is
    wrong with a value of a form that would do (control characters, too long)."""
    problem = werkgever_id_problem(profile.werkgever_id)
    reason: str = id_form(profile.werkgever_id)
    if problem is not None and problem.code in ("val.control", "val.too_long"):
        reason = problem.code.removeprefix("val.")
    return Outcome("employer.id_format", "fail" if problem else "pass", reason, p, "local")


def _id_found(facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    resolution = facts.resolution
    if resolution is None:
        return _not_checked("employer.id_found", facts, p, facts.employers_error)
    if resolution.found:
        return Outcome("employer.id_found", "pass", resolution.match, p, "loket")
    if resolution.match in ("not_found", "none"):
        return Outcome(
            "employer.id_found", "fail", "not_found", p | {"count": resolution.count}, "loket"
        )
    extra: dict[str, Any] = {"administration": resolution.administration or "?"}
    other = resolution.other
    if other is not None:
        extra |= {
            "other_company": other.name,
            "other_number": other.number if other.number is not None else "?",
        }
    return Outcome("employer.id_found", "fail", resolution.match, p | extra, "loket")


def _name_matches(profile: Profile, facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    employer = facts.resolution.reached if facts.resolution else None
    if employer is None:
        return Outcome("employer.name_matches", "skipped", "no_employer", p)
    if same_name(employer.name, profile.name):
        return Outcome("employer.name_matches", "pass", "same", p, "loket")
    return Outcome("employer.name_matches", "warn", "differs", p, "loket")


def sent_outcome(profile: Profile) -> Outcome:
    """The ``submission.sent`` item from the profile alone: it changes without a check."""
    return _sent(profile, {"username": profile.username, "profile": profile.slug})


def _sent(profile: Profile, p: dict[str, Any]) -> Outcome:
    sub = profile.submission
    if sub.status in ("sent", "connected") and sub.sent_at is not None:
        person = sub.method == "manual" or sub.sent_source == "person"
        return Outcome(
            "submission.sent",
            "pass",
            "sent",
            p | {"when": format_when(sub.sent_at)},
            "manual" if person else "local",
        )
    if sub.status == "exported":
        when = format_when(sub.exported_at)
        reason = f"exported_{sub.method}" if sub.method in ("eml", "clipboard") else "exported"
        return Outcome("submission.sent", "manual", reason, p | {"when": when}, "local")
    return Outcome("submission.sent", "manual", "not_sent", p)


def _connected(profile: Profile, facts: ProfileFacts, p: dict[str, Any]) -> Outcome:
    xpertsuite = facts.xpertsuite
    if xpertsuite is not None:
        when = format_when(xpertsuite.created_on)
        return Outcome("submission.connected", "pass", "integration", p | {"when": when}, "loket")
    sub = profile.submission
    if sub.status == "connected":
        basis = "loket" if sub.connected_source == "loket" else "manual"
        return Outcome(
            "submission.connected",
            "pass",
            "confirmed",
            p | {"when": format_when(sub.connected_at)},
            basis,
        )
    if facts.integrations is not None:
        return Outcome("submission.connected", "manual", "waiting", p)
    return Outcome("submission.connected", "manual", "unchecked", p)
