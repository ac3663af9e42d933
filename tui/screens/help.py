"""F1: the manual's guidance in three steps, the contacts and the keys."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.app import LanguageChanged
from tui.text.ui import HELP_TEXT, ui
from tui.widgets.localized import localize_bindings


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Sluit", id="close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(id="help-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#help-body").focus()

    def relabel(self) -> None:
        lang = getattr(self.app, "language", "nl")
        localize_bindings(self, lang)
        self.query_one("#help-body").border_title = ui("help.title", lang)
        self.query_one("#help-text", Static).update(Text(HELP_TEXT[lang]))

    def on_language_changed(self, message: LanguageChanged) -> None:
        self.relabel()

    def action_close(self) -> None:
        self.dismiss(None)
