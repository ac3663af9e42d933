"""Herstel: plan the repair of one employer or all with problems with the applicatiebeheerder's
sign-in, show what will change and why per employer, confirm, carry it out with live progress,
then check again. Network work runs on its own event loop in a worker thread; the screen only
shows messages (DESIGN section 9)."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Static

from tui.profiles.model import Profile
from tui.repair.plan import ProfilePlan
from tui.repair.report import heading, lines
from tui.repair.text import say
from tui.screens.base import AppModal
from tui.text.phrase import Renders, Verbatim
from tui.text.safe import plain
from tui.text.ui import ui
from tui.widgets.key_footer import KeyFooter
from tui.widgets.localized import localize_bindings

ADMIN_KEY = "repair_admin"  # the admin's user name, asked once per run (Services.extras)
MARKS = {"planned": "-", "done": "+", "failed": "!", "unknown": "?"}


class PlanReady(Message):
    def __init__(self, plans: list[ProfilePlan], error: Renders | None = None) -> None:
        super().__init__()
        self.plans = plans
        self.error = error


class StepDone(Message):
    def __init__(self, done: int) -> None:
        super().__init__()
        self.done = done


class RepairFinished(Message):
    def __init__(
        self, status: dict[str, str], profiles: list[Profile], error: Renders | None
    ) -> None:
        super().__init__()
        self.status = status
        self.profiles = profiles
        self.error = error


def plan_text(plans: list[ProfilePlan], admin: str, lang: str, status: dict[str, str]) -> Text:
    """The plan grouped by employer: what changes and why, what cannot be done, the outcome."""
    text = Text()
    text.append(f"{say('ui.acts_as', lang, admin=admin)}\n", style="bold")
    for plan in plans:
        text.append(f"\n{plain(heading(plan))}\n", style="bold")
        for line in lines(plan, lang, cli=False):
            if line.kind == "change":
                style = {"done": "green", "failed": "bold red", "unknown": "bold"}.get(
                    line.status, ""
                )
                text.append(f" {MARKS[line.status]} {plain(line.what)}\n", style=style)
                text.append(f"     {plain(line.why)}\n", style="italic")
                if line.outcome:
                    text.append(f"     {plain(line.outcome)}\n", style=style)
            elif line.kind == "blocked":
                what = plain(line.what)
                text.append(f" x {say('ui.blocked', lang)}: {what}\n", style="yellow")
            else:
                text.append(f"   {plain(line.what)}\n", style="dim")
        if plan.slug in status:
            label = ui(f"status.{status[plan.slug]}", lang)
            text.append(f"   = {say('ui.rechecked', lang, status=label)}\n", style="bold")
    return text


class RepairScreen(AppModal[list[Profile]]):
    """Dismisses with the profiles that were checked again (already saved)."""

    ERROR_ID = "repair-error"
    BINDINGS = [
        Binding("escape", "close", "Sluit", id="close"),
        Binding("ctrl+s", "apply", "Doorvoeren", id="apply"),
    ]

    def __init__(self, profiles: list[Profile], plans: list[ProfilePlan] | None = None) -> None:
        super().__init__()
        self.profiles = profiles
        self.plans: list[ProfilePlan] = plans or []
        self.status: dict[str, str] = {}
        self.running = False
        self.applied = False
        self.checked: list[Profile] = []
        self.admin = ""

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="repair-dialog", classes="dialog"):
            with Horizontal(id="admin-row"):
                yield Label(say("ui.admin", lang))
                yield Input(id="admin", compact=True)
            with VerticalScroll(id="repair-log"):
                count = len(self.profiles)
                yield Static(Text(say("ui.intro", lang, n=count, count=count)), id="plan")
            yield Checkbox(say("ui.remove_extra", lang), id="remove-extra", compact=True)
            yield ProgressBar(total=1, show_eta=False, id="repair-bar")
            yield Static(id="repair-error")
            with Horizontal(classes="buttons"):
                yield Button(say("ui.plan", lang), id="plan-button")
                yield Button(say("ui.apply", lang), id="apply-button", variant="error")
                yield Button(ui("bind.close", lang), id="close-button", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        dialog = self.query_one("#repair-dialog")
        count = len(self.profiles)
        dialog.border_title = say("ui.title", self.lang, n=count, count=count)
        self.query_one("#repair-bar").display = False
        self.query_one("#apply-button", Button).disabled = True
        self.show_error("")
        admin_input = self.query_one("#admin", Input)
        admin_input.value = self.remembered_admin()
        if self.plans:
            self.admin = self.plans[0].admin
            admin_input.value = self.admin
            self.show_plan()
        elif admin_input.value:
            self.start_plan()
        else:
            admin_input.focus()

    def remembered_admin(self) -> str:
        extras = self.kapp.services.extras
        return str(extras.get(ADMIN_KEY) or self.kapp.runtime.settings.loket.admin or "")

    # -- plan ------------------------------------------------------------------------------

    @on(Input.Submitted, "#admin")
    @on(Button.Pressed, "#plan-button")
    def plan_pressed(self) -> None:
        self.start_plan()

    @on(Checkbox.Changed, "#remove-extra")
    def remove_extra_changed(self) -> None:
        if self.plans and not self.applied:
            self.start_plan()

    def start_plan(self) -> None:
        admin = self.query_one("#admin", Input).value.strip()
        if self.running or not admin:
            if not admin:
                self.show_error(say("ui.needs_admin", self.lang))
            return
        self.admin = admin
        self.kapp.services.extras[ADMIN_KEY] = admin
        self.running = True
        self.applied = False
        self.status = {}
        self.show_error("")
        self.query_one("#plan", Static).update(Text(say("ui.reading", self.lang, admin=admin)))
        self.refresh_buttons()
        self.run_plan(admin, self.query_one("#remove-extra", Checkbox).value)

    @work(thread=True, exclusive=True, group="repair", exit_on_error=False)
    def run_plan(self, admin: str, remove_extra: bool) -> None:
        try:
            plans = asyncio.run(self._plan(admin, remove_extra))
        except Exception as exc:  # one line for whatever stopped it, never a traceback
            self.post_message(PlanReady([], _first(exc)))
            return
        self.post_message(PlanReady(plans))

    async def _plan(self, admin: str, remove_extra: bool) -> list[ProfilePlan]:
        from tui.repair.session import RepairSession

        runtime = self.kapp.runtime
        secrets = self.kapp.open_secrets()
        async with RepairSession(
            runtime.settings, secrets, admin, store=runtime.store, lang=self.lang
        ) as session:
            return await session.plan(self.profiles, remove_extra)

    def on_plan_ready(self, message: PlanReady) -> None:
        self.running = False
        self.plans = message.plans
        if message.error:
            self.query_one("#plan", Static).update("")
            self.show_error(_one_line(message.error, self.lang))
        else:
            self.show_plan()
        self.refresh_buttons()

    def pending(self) -> int:
        return sum(len(p.pending) for p in self.plans)

    def show_plan(self) -> None:
        text = plan_text(self.plans, self.admin, self.lang, self.status)
        self.query_one("#plan", Static).update(text)
        self.refresh_buttons()

    def refresh_buttons(self) -> None:
        can_apply = not self.running and not self.applied and self.pending() > 0
        self.query_one("#apply-button", Button).disabled = not can_apply
        self.query_one("#plan-button", Button).disabled = self.running
        if can_apply:
            self.query_one("#apply-button", Button).focus()

    # -- confirm and apply -----------------------------------------------------------------

    @on(Button.Pressed, "#apply-button")
    def apply_pressed(self) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        count = self.pending()
        if self.running or self.applied or count == 0:
            return
        question = say("ui.confirm", self.lang, n=count, count=count, admin=self.admin)
        body = say("ui.confirm_body", self.lang)
        self.app.push_screen(ConfirmScreen(question, body), self.confirmed)

    def confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        self.running = True
        bar = self.query_one("#repair-bar", ProgressBar)
        bar.update(total=self.pending(), progress=0)
        bar.display = True
        self.refresh_buttons()
        self.run_apply(self.admin)

    @work(thread=True, exclusive=True, group="repair", exit_on_error=False)
    def run_apply(self, admin: str) -> None:
        try:
            status, profiles = asyncio.run(self._apply(admin))
        except Exception as exc:
            self.post_message(RepairFinished({}, [], _first(exc)))
            return
        self.post_message(RepairFinished(status, profiles, None))

    async def _apply(self, admin: str) -> tuple[dict[str, str], list[Profile]]:
        from tui.repair.session import RepairSession

        runtime = self.kapp.runtime
        secrets = self.kapp.open_secrets()
        done = 0

        def step(plan: ProfilePlan, change: Any) -> None:
            nonlocal done
            done += 1
            self.post_message(StepDone(done))

        async with RepairSession(
            runtime.settings, secrets, admin, store=runtime.store, lang=self.lang
        ) as session:
            await session.apply(self.plans, on_step=step)
            run = await session.recheck(self.profiles, self.plans)
        runtime.store.flush_index()
        return {r.slug: r.status for r in run.results}, [r.profile for r in run.results]

    def on_step_done(self, message: StepDone) -> None:
        self.query_one("#repair-bar", ProgressBar).update(progress=message.done)
        self.show_plan()

    def on_repair_finished(self, message: RepairFinished) -> None:
        self.running = False
        self.applied = True
        self.status = message.status
        self.checked = message.profiles
        self.show_plan()
        if message.error:
            self.show_error(_one_line(message.error, self.lang))
        failed = sum(c.status in ("failed", "unknown") for p in self.plans for c in p.changes)
        ready = sum(s == "ready" for s in message.status.values())
        summary = say("ui.summary", self.lang, ready=ready, total=len(self.plans), failed=failed)
        self.query_one("#repair-dialog").border_subtitle = summary
        self.notify(summary, severity="error" if failed or message.error else "information")
        self.query_one("#close-button", Button).focus()

    # -- close -----------------------------------------------------------------------------

    @on(Button.Pressed, "#close-button")
    def close_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.checked)


def _first(exc: BaseException) -> Renders:
    """What stopped the work: the error's own phrase, else its one line as it is."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    if isinstance(exc, Renders):
        return exc
    message = getattr(exc, "message", None)
    if callable(message):  # a method that needs a language, not a line
        message = None
    return Verbatim(str(message or exc or type(exc).__name__))


def _one_line(error: Renders, lang: str) -> str:
    return (error.render(lang).splitlines() or [""])[0]
