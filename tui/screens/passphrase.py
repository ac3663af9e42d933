"""Unlock the encrypted vault when the keyring is not usable (headless, over SSH)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from tui.screens.base import AppModal
from tui.text.ui import ui

if TYPE_CHECKING:
    pass


class UnlockAnswer(Message):
    def __init__(self, error: str | None) -> None:
        super().__init__()
        self.error = error


class PassphraseScreen(AppModal[bool]):
    BINDINGS = [Binding("escape", "close", "Sluit", id="close")]

    def compose(self) -> ComposeResult:
        lang = self.kapp.language
        with Vertical(id="vault", classes="dialog"):
            yield Static(Text(ui("vault.body", lang)))
            yield Label(ui("vault.passphrase", lang), classes="field-label")
            yield Input(id="passphrase", password=True, compact=True)
            yield Static(id="vault-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#vault").border_title = ui("vault.title", self.kapp.language)
        self.query_one("#vault-error").display = False
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.value:
            self.unlock(event.value)

    @work(thread=True, exclusive=True, group="vault", exit_on_error=False)
    def unlock(self, passphrase: str) -> None:
        from tui.secrets.store import SecretStoreError

        try:
            self.kapp.open_secrets().unlock_vault(passphrase)
        except SecretStoreError as exc:
            self.post_message(
                UnlockAnswer(exc.message("en" if self.kapp.language == "en" else "nl"))
            )
            return
        self.post_message(UnlockAnswer(None))

    def on_unlock_answer(self, message: UnlockAnswer) -> None:
        if message.error:
            error = self.query_one("#vault-error", Static)
            error.display = True
            error.update(Text(message.error))
            self.query_one(Input).value = ""
            return
        self.kapp.notify(ui("vault.unlocked", self.kapp.language), timeout=2)
        self.kapp.probe_secrets()
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
