"""Send one employer's data to NN: preview (password masked until revealed), recipient
confirmation, the readiness gate with an explicit override, and the way it leaves Koppelaar.

The password is read from the secret store in a thread and only shown after Ctrl+R. Sending
and recording run in a thread too; a failed send records nothing and keeps the dialog open.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

from tui.profiles.model import Profile
from tui.screens.base import AppModal
from tui.screens.submit_common import (
    METHODS,
    default_eml_target,
    delivery_fields,
    gate_reason,
    make_sender,
    smtp_label,
)
from tui.submission.compose import SubmissionDraft, SubmissionError
from tui.text.phrase import Phrase, Renders
from tui.text.safe import plain
from tui.text.ui import ui
from tui.widgets.key_footer import KeyFooter
from tui.widgets.localized import localize_bindings

if TYPE_CHECKING:
    pass


class DraftReady(Message):
    def __init__(self, draft: SubmissionDraft | None, error: Renders | None) -> None:
        super().__init__()
        self.draft = draft
        self.error = error


class SubmitDone(Message):
    def __init__(self, profile: Profile, note: Phrase | None, delivered: bool = False) -> None:
        super().__init__()
        self.profile = profile
        self.note = note
        self.delivered = delivered


class SubmitFailed(Message):
    def __init__(self, error: Renders, *, may_be_sent: bool = False) -> None:
        super().__init__()
        self.error = error
        # Sent (or perhaps sent) but not recorded: the message says so, never "not sent".
        self.may_be_sent = may_be_sent


class SubmitScreen(AppModal[Profile | None]):
    ERROR_ID = "submit-error"
    """Dismisses with the updated profile after sending, or None."""

    BINDINGS = [
        Binding("escape", "close", "Sluit", id="close"),
        Binding("ctrl+s", "send", "Verstuur", id="send"),
        Binding("ctrl+r", "reveal", "Toon", id="reveal"),
    ]

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile
        self.draft: SubmissionDraft | None = None
        self.revealed = False
        self.sending = False
        self.gate = ""

    def compose(self) -> ComposeResult:
        lang = self.lang
        to = self.kapp.runtime.settings.submission.to
        with Vertical(id="submit-dialog", classes="dialog"):
            yield Static(id="submit-gate", classes="field-error")
            yield Checkbox(ui("submit.override", lang), id="override", compact=True)
            with VerticalScroll(id="submit-preview"):
                yield Static(Text(ui("submit.loading", lang)), id="preview-text")
            yield Checkbox(f"{ui('submit.confirm_to', lang)}: {to}", id="confirm-to", compact=True)
            with RadioSet(id="method", compact=True):
                yield RadioButton(smtp_label(self.kapp, lang), value=True, id="method-smtp")
                yield RadioButton(ui("submit.method.eml", lang), id="method-eml")
                yield RadioButton(ui("submit.method.clipboard", lang), id="method-clipboard")
            yield from delivery_fields(
                lang,
                ui("submit.eml_path", lang),
                str(default_eml_target(self.kapp, self.profile.slug)),
                ui("form.cancel", lang),
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        lang = self.lang
        localize_bindings(self, lang)
        dialog = self.query_one("#submit-dialog")
        dialog.border_title = Content(ui("submit.title", lang, name=plain(self.profile.name, 200)))
        dialog.border_subtitle = ui("submit.hint", lang)
        self.gate = gate_reason(self.profile, lang) or ""
        gate = self.query_one("#submit-gate", Static)
        gate.update(Text(self.gate))
        gate.display = bool(self.gate)
        self.query_one("#override").display = bool(self.gate) and not self.profile.read_only
        self.show_method()
        self.show_error("")
        self.query_one("#confirm-to").focus()
        self.compose_draft()

    # the draft and its preview -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def compose_draft(self) -> None:
        from tui.submission.batch import loket_password
        from tui.submission.compose import compose_submission

        runtime = self.kapp.runtime
        error = None
        try:
            password = loket_password(self.kapp.open_secrets(), self.profile)
            if password is None:
                error = Phrase("submit.no_password", {"user": self.profile.username})
            draft = compose_submission(self.profile, password, runtime.settings)
        except SubmissionError as exc:
            self.post_message(DraftReady(None, exc.reason))
            return
        self.post_message(DraftReady(draft, error))

    def on_draft_ready(self, message: DraftReady) -> None:
        self.draft = message.draft
        if message.draft is not None and message.draft.without_password:
            self.query_one("#without-password", Checkbox).value = True
        self.show_preview()
        if message.error:
            self.show_error(message.error.render(self.lang))

    def shown_draft(self) -> SubmissionDraft | None:
        if self.draft is None:
            return None
        if self.query_one("#without-password", Checkbox).value:
            return dataclasses.replace(self.draft, password=None)
        return self.draft

    def show_preview(self) -> None:
        draft = self.shown_draft()
        if draft is None:
            return
        text = draft.render(masked=not self.revealed)
        self.query_one("#preview-text", Static).update(Text(text))

    def action_reveal(self) -> None:
        self.revealed = not self.revealed
        self.show_preview()

    # choices -------------------------------------------------------------------------------

    def method(self) -> str:
        index = self.query_one(RadioSet).pressed_index
        return METHODS[index] if 0 <= index < len(METHODS) else "smtp"

    def show_method(self) -> None:
        eml = self.method() == "eml"
        self.query_one("#eml-row").display = eml
        self.query_one("#eml-warning").display = eml and not self.without_password()

    def without_password(self) -> bool:
        return self.query_one("#without-password", Checkbox).value

    @on(RadioSet.Changed)
    def method_changed(self) -> None:
        self.show_method()

    @on(Checkbox.Changed, "#without-password")
    def password_toggled(self) -> None:
        self.show_method()
        self.show_preview()

    # sending -------------------------------------------------------------------------------

    @on(Button.Pressed, "#send")
    def send_pressed(self) -> None:
        self.action_send()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        if not self.sending:
            self.dismiss(None)

    def refusal(self) -> str | None:
        """Why the send button does nothing yet; None when everything is confirmed."""
        lang = self.lang
        if self.profile.read_only:
            return self.gate
        if self.gate and not self.query_one("#override", Checkbox).value:
            return ui("submit.needs_override", lang)
        if not self.query_one("#confirm-to", Checkbox).value:
            return ui("submit.confirm_first", lang)
        draft = self.shown_draft()
        if draft is None:
            return ui("submit.loading", lang)
        if draft.password is None and not self.without_password():
            return ui("submit.no_password", lang, user=self.profile.username)
        if self.method() == "eml" and not self.query_one("#eml-path", Input).value.strip():
            return ui("submit.needs_path", lang)
        return None

    def action_send(self) -> None:
        if self.sending:
            return
        problem = self.refusal()
        draft = self.shown_draft()
        if problem is not None or draft is None:
            self.show_error(problem or "")
            return
        self.sending = True
        self.show_error("")
        self.query_one("#send", Button).disabled = True
        self.notify(ui("submit.sending", self.lang), timeout=1)
        self.send_draft(draft, self.method(), self.query_one("#eml-path", Input).value.strip())

    @work(thread=True, exclusive=True, group="send", exit_on_error=False)
    def send_draft(self, draft: SubmissionDraft, method: str, eml_path: str) -> None:
        from tui.submission.batch import RecordFailedError, deliver
        from tui.submission.compose import ensure_sendable
        from tui.submission.send import DeliveryUnknownError

        store = self.kapp.runtime.store
        try:
            ensure_sendable(self.profile, override=bool(self.gate))
            sender = make_sender(
                self.kapp,
                method,
                eml_target=eml_path,
                copy=lambda text: self.app.call_from_thread(self.app.copy_to_clipboard, text),
            )
            result, profile = deliver(store, draft, sender)
        except (RecordFailedError, DeliveryUnknownError) as exc:
            self.post_message(SubmitFailed(exc.reason, may_be_sent=True))
            return
        except SubmissionError as exc:
            self.post_message(SubmitFailed(exc.reason))
            return
        self.post_message(SubmitDone(profile, result.note, result.delivered))

    def on_submit_done(self, message: SubmitDone) -> None:
        self.sending = False
        key = "submit.sent" if message.delivered else "submit.exported"
        text = ui(key, self.lang, name=message.profile.name)
        note = message.note.render(self.lang) if message.note is not None else ""
        self.notify(f"{text} {note}".strip(), timeout=6 if message.delivered else 15)
        self.dismiss(message.profile)

    def on_submit_failed(self, message: SubmitFailed) -> None:
        self.sending = False
        error = message.error.render(self.lang)
        if message.may_be_sent:
            self.show_error(error)  # the send button stays off: no second e-mail
            return
        self.query_one("#send", Button).disabled = False
        self.show_error(ui("submit.failed", self.lang, error=error))
