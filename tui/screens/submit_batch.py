"""Send every ready employer to NN in one action: one email each, progress, then a summary of
what was sent and what was not, and why. The batch itself runs in a thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    ProgressBar,
    RadioButton,
    RadioSet,
    Static,
)

from tui.profiles.model import Profile
from tui.screens.base import AppModal
from tui.screens.submit_common import (
    default_eml_target,
    delivery_fields,
    gate_reason,
    make_sender,
    smtp_label,
)
from tui.submission.batch import BatchOutcome
from tui.text.ui import ui
from tui.widgets.key_footer import KeyFooter
from tui.widgets.localized import localize_bindings

if TYPE_CHECKING:
    pass


class BatchProgress(Message):
    def __init__(self, done: int, total: int, outcome: BatchOutcome) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.outcome = outcome


class BatchFinished(Message):
    def __init__(self, outcomes: list[BatchOutcome], sent: list[Profile]) -> None:
        super().__init__()
        self.outcomes = outcomes
        self.sent = sent


class BatchSubmitScreen(AppModal[list[Profile]]):
    ERROR_ID = "submit-error"
    """Dismisses with the profiles that were sent (already saved)."""

    BINDINGS = [
        Binding("escape", "close", "Sluit", id="close"),
        Binding("ctrl+s", "send", "Verstuur", id="send"),
    ]

    def __init__(self, profiles: list[Profile]) -> None:
        super().__init__()
        self.profiles = profiles
        self.ready = [p for p in profiles if gate_reason(p, "nl") is None]
        self.running = False
        self.finished = False
        self.sent: list[Profile] = []
        self.outcomes: list[BatchOutcome] = []

    def compose(self) -> ComposeResult:
        lang = self.lang
        to = self.kapp.runtime.settings.submission.to
        names = "\n".join(f"  {p.name}" for p in self.ready)
        intro = ui("submit.batch_intro", lang, ready=len(self.ready), total=len(self.profiles))
        with Vertical(id="submit-dialog", classes="dialog"):
            yield Static(Text(intro))
            with VerticalScroll(id="batch-log"):
                yield Static(Text(names), id="batch-lines")
            yield ProgressBar(total=max(len(self.profiles), 1), show_eta=False, id="batch-bar")
            yield Checkbox(f"{ui('submit.confirm_to', lang)}: {to}", id="confirm-to", compact=True)
            with RadioSet(id="method", compact=True):
                yield RadioButton(smtp_label(self.kapp, lang), value=True, id="method-smtp")
                yield RadioButton(ui("submit.method.eml_dir", lang), id="method-eml")
            yield from delivery_fields(
                lang,
                ui("submit.eml_dir", lang),
                str(default_eml_target(self.kapp)),
                ui("bind.close", lang),
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        lang = self.lang
        localize_bindings(self, lang)
        dialog = self.query_one("#submit-dialog")
        dialog.border_title = ui("submit.all_title", lang, n=len(self.ready), count=len(self.ready))
        dialog.border_subtitle = ui("submit.batch_hint", lang)
        self.query_one("#batch-bar").display = False
        self.show_method()
        self.show_error("")
        self.query_one("#confirm-to").focus()

    def is_eml(self) -> bool:
        return self.query_one(RadioSet).pressed_index == 1

    def show_method(self) -> None:
        eml = self.is_eml()
        self.query_one("#eml-row").display = eml
        without = self.query_one("#without-password", Checkbox).value
        self.query_one("#eml-warning").display = eml and not without

    @on(RadioSet.Changed)
    @on(Checkbox.Changed, "#without-password")
    def choice_changed(self) -> None:
        self.show_method()

    @on(Button.Pressed, "#send")
    def send_pressed(self) -> None:
        self.action_send()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.sent)

    def action_send(self) -> None:
        if self.running:
            return
        lang = self.lang
        if self.finished:
            self.show_error(ui("submit.batch_done", lang))
            return
        if not self.query_one("#confirm-to", Checkbox).value:
            self.show_error(ui("submit.confirm_first", lang))
            return
        target = self.query_one("#eml-path", Input).value.strip()
        if self.is_eml() and not target:
            self.show_error(ui("submit.needs_path", lang))
            return
        if self.is_eml() and not self.folder_usable(target):
            self.show_error(ui("submit.no_folder", lang, path=Path(target).expanduser()))
            return
        self.running = True
        self.show_error("")
        self.query_one("#send", Button).disabled = True
        self.query_one("#batch-bar", ProgressBar).display = True
        self.query_one("#batch-lines", Static).update("")
        without = self.query_one("#without-password", Checkbox).value
        self.run_batch("eml" if self.is_eml() else "smtp", target, without)

    def folder_usable(self, target: str) -> bool:
        """One check up front: the chosen folder exists (the private outbox is made on use)."""
        folder = Path(target).expanduser().absolute()
        return folder.is_dir() or folder == default_eml_target(self.kapp).absolute()

    @work(thread=True, exclusive=True, group="batch", exit_on_error=False)
    def run_batch(self, method: str, target: str, without_password: bool) -> None:
        from tui.submission.batch import submit_all_ready
        from tui.submission.compose import SubmissionError

        runtime = self.kapp.runtime
        store = runtime.store
        try:
            secrets = self.kapp.open_secrets()
            sender = make_sender(self.kapp, method, eml_target=target, into_directory=True)
        except SubmissionError as exc:
            outcomes = [BatchOutcome(p.slug, "failed", exc.reason) for p in self.profiles]
            self.post_message(BatchFinished(outcomes, []))
            return
        outcomes = submit_all_ready(
            self.profiles,
            store=store,
            sender=sender,
            settings=runtime.settings,
            secrets=secrets,
            without_password=without_password,
            on_progress=self.report_progress,
        )
        sent = [store.load(o.slug) for o in outcomes if o.outcome in ("sent", "exported")]
        self.post_message(BatchFinished(outcomes, sent))

    def report_progress(self, done: int, total: int, outcome: BatchOutcome) -> None:
        """Called in the worker thread after each profile."""
        self.post_message(BatchProgress(done, total, outcome))

    def on_batch_progress(self, message: BatchProgress) -> None:
        bar = self.query_one("#batch-bar", ProgressBar)
        bar.update(total=message.total, progress=message.done)
        self.outcomes.append(message.outcome)
        self.show_outcomes()

    def on_batch_finished(self, message: BatchFinished) -> None:
        self.running = False
        self.finished = True
        self.outcomes = message.outcomes
        self.sent = message.sent
        self.show_outcomes()
        counts = {kind: sum(1 for o in message.outcomes if o.outcome == kind) for kind in
                  ("sent", "exported", "skipped", "failed")}  # fmt: skip
        key = "submit.batch_summary_exported" if counts["exported"] else "submit.batch_summary"
        summary = ui(key, self.lang, **counts)
        self.query_one("#submit-dialog").border_title = summary
        self.notify(summary, severity="error" if counts["failed"] else "information", timeout=6)
        self.query_one("#send", Button).display = False
        self.query_one("#cancel", Button).focus()

    def show_outcomes(self) -> None:
        """Sent first, then what was not sent, each with its reason."""
        by_slug = {p.slug: p for p in self.profiles}
        order = {"sent": 0, "exported": 0, "failed": 1, "skipped": 2}
        lines = []
        for outcome in sorted(self.outcomes, key=lambda o: order.get(o.outcome, 3)):
            label = ui(f"outcome.{outcome.outcome}", self.lang)
            profile = by_slug.get(outcome.slug)
            if (outcome.outcome in ("sent", "exported") and outcome.recorded) or profile is None:
                lines.append(f"{label}: {profile.name if profile else outcome.slug}")
                if outcome.outcome == "exported" and outcome.result and outcome.result.file:
                    lines.append(f"  {outcome.result.file}")
                continue
            said = outcome.reason.render(self.lang) if outcome.reason is not None else ""
            if outcome.outcome == "sent":  # sent, not yet recorded: the reason says so
                lines.append(f"{label}: {said}")
                continue
            # A skipped profile is explained in the UI's words (the core's name the CLI flags).
            reason = gate_reason(profile, self.lang) if outcome.outcome == "skipped" else None
            lines.append(f"{label}: {reason or f'{profile.name} - {said}'}")
        self.query_one("#batch-lines", Static).update(Text("\n".join(lines)))
