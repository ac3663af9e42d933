"""Carry out one profile's plan with the admin's token, read the state back, compare.

Rights go in one PATCH with the whole catalogue (``AdminClient.set_rights``), computed from a
fresh read just before it, so a right someone enabled meanwhile is kept. After the writes the
state is read again; anything that differs from the plan marks the change ``failed`` and says
what differs. A change whose write failed is ``failed`` with Loket's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tui.loket.admin import AdminClient, EmployerUser, UserRight
from tui.loket.errors import LoketError
from tui.repair.names import access_kind, normalise
from tui.repair.plan import Change, ProfilePlan
from tui.repair.text import say

OnStep = Callable[[ProfilePlan, Change], None]


@dataclass
class _Context:
    admin: AdminClient
    token: str
    plan: ProfilePlan
    lang: str
    on_step: OnStep | None

    def done(self, change: Change, key: str = "done") -> None:
        change.status = "done"
        change.detail = say(key, self.lang)
        self._step(change)

    def failed(self, change: Change, detail: str) -> None:
        change.status = "failed"
        change.detail = detail
        self._step(change)

    def unknown(self, change: Change, answer: str) -> None:
        """The write was sent (or may have been) but its outcome could not be read back:
        neither done nor failed. What was read before no longer stands."""
        change.status = "unknown"
        change.detail = say("unknown", self.lang, answer=answer)
        self._step(change)

    def _step(self, change: Change) -> None:
        if self.on_step is not None:
            self.on_step(self.plan, change)


async def apply_plan(
    admin: AdminClient,
    token: str,
    plan: ProfilePlan,
    lang: str = "nl",
    on_step: OnStep | None = None,
) -> None:
    """Every planned change ends ``done`` or ``failed``; nothing is raised for Loket's errors."""
    context = _Context(admin, token, plan, lang, on_step)
    employer_id = plan.reading.employer_id
    if employer_id is None or not plan.pending:
        return
    target = plan.reading.target
    invite = plan.change("invite_user")
    if invite is not None and invite.status == "planned":
        assert plan.invitation is not None
        try:
            target = await admin.invite(token, employer_id, plan.invitation)
        except LoketError as exc:
            context.failed(invite, say("failed", lang, answer=exc.message))
            for change in plan.pending:
                context.failed(change, say("not_attempted", lang))
            return
        plan.reading.invited = target
        context.done(invite, "done.invite_user")
    if target is None:
        return
    await _user_changes(context, employer_id, target)
    await _rights(context, employer_id, target.id)


async def _user_changes(context: _Context, employer_id: str, target: EmployerUser) -> None:
    admin, token, plan, lang = context.admin, context.token, context.plan, context.lang
    written: list[Change] = []
    for action, call in (
        ("reinstate_access", admin.reinstate_access),
        ("drop_2fa_requirement", admin.drop_two_factor_requirement),
    ):
        change = plan.change(action)
        if change is None or change.status != "planned":
            continue
        try:
            await call(token, target.id)
        except LoketError as exc:
            context.failed(change, say("failed", lang, answer=exc.message))
            continue
        written.append(change)
    if not written:
        return
    try:
        users = await admin.employer_users(token, employer_id)
    except LoketError as exc:
        for change in written:
            context.unknown(change, exc.message)
        plan.reading.user = None  # the state read before the writes no longer stands
        return
    after = next((u for u in users if u.id == target.id), None)
    for change in written:
        if after is None:
            context.failed(change, say("differs", lang, differences="user gone"))
        elif change.action == "reinstate_access" and access_kind(after.access_status.value) != (
            "active"
        ):
            status = after.access_status.value or "?"
            context.failed(change, say("differs", lang, differences=f"accessStatus {status}"))
        elif change.action == "drop_2fa_requirement" and after.two_factor_required:
            detail = "twoFactorAuthenticationRequired true"
            context.failed(change, say("differs", lang, differences=detail))
        else:
            context.done(change)
    if after is not None:
        plan.reading.user = after if after.username else plan.reading.user


def _intended(
    current: list[UserRight], enable: tuple[str, ...], disable: tuple[str, ...]
) -> tuple[set[str], set[str]]:
    """Ids to enable and ids to disable: the first catalogue entry per normalised name."""
    enable_names = {normalise(n) for n in enable}
    disable_names = {normalise(n) for n in disable}
    enable_ids: set[str] = set()
    seen: set[str] = set()
    for right in current:
        name = normalise(right.description)
        if name in enable_names and name not in seen:
            enable_ids.add(right.id)
            seen.add(name)
    disable_ids = {r.id for r in current if r.enabled and normalise(r.description) in disable_names}
    return enable_ids, disable_ids


async def _rights(context: _Context, employer_id: str, user_id: str) -> None:
    admin, token, plan, lang = context.admin, context.token, context.plan, context.lang
    changes = [
        c
        for c in (plan.change("enable_rights"), plan.change("disable_rights"))
        if c is not None and c.status == "planned"
    ]
    if not changes:
        return
    enable = next((c.rights for c in changes if c.action == "enable_rights"), ())
    disable = next((c.rights for c in changes if c.action == "disable_rights"), ())
    try:
        current = await admin.user_rights(token, employer_id, user_id)
    except LoketError as exc:  # nothing was sent
        for change in changes:
            context.failed(change, say("failed", lang, answer=exc.message))
        return
    enable_ids, disable_ids = _intended(current, enable, disable)
    try:
        await admin.set_rights(token, employer_id, user_id, current, enable_ids, disable_ids)
    except LoketError as exc:
        if exc.code.startswith("network.") or exc.code == "server_error":
            # it may have been applied before the answer was lost: read back to settle it
            try:
                after = await admin.user_rights(token, employer_id, user_id)
            except LoketError:
                _unknown_rights(context, changes, exc.message)
                return
        else:
            for change in changes:
                context.failed(change, say("failed", lang, answer=exc.message))
            return
    else:
        try:
            after = await admin.user_rights(token, employer_id, user_id)
        except LoketError as exc:
            _unknown_rights(context, changes, exc.message)
            return
    intended = {
        r.id: (r.enabled or r.id in enable_ids) and r.id not in disable_ids for r in current
    }
    differences = [
        f'"{r.description}" {"aan" if r.enabled else "uit"}'
        if lang == "nl"
        else f'"{r.description}" {"on" if r.enabled else "off"}'
        for r in after
        if r.enabled != intended.get(r.id, False)
    ]
    plan.reading.rights = after
    held = {normalise(r.description) for r in after if r.enabled}
    for change in changes:
        # each change against its own target too: a name no longer in the catalogue changes
        # nothing, and the PATCH would have "worked"
        wanted = {normalise(n) for n in change.rights}
        missed = wanted - held if change.action == "enable_rights" else wanted & held
        if missed:
            names = ", ".join(f'"{n}"' for n in change.rights if normalise(n) in missed)
            context.failed(change, say("differs", lang, differences=names))
        elif differences:
            context.failed(change, say("differs", lang, differences="; ".join(differences)))
        else:
            context.done(change)


def _unknown_rights(context: _Context, changes: list[Change], answer: str) -> None:
    for change in changes:
        context.unknown(change, answer)
    context.plan.reading.rights = None  # the re-check must not judge by the state before
