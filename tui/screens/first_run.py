"""First run for real use: the steps Koppelaar needs, each shown as done or to do, with where
the value comes from. Opens on a real start without employers, and from the palette."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Static

from tui.firstrun import Step, setup_steps
from tui.screens.base import AppModal
from tui.text.ui import ui
from tui.widgets.key_footer import KeyFooter
from tui.widgets.localized import localize_bindings


class StepsJudged(Message):
    def __init__(self, steps: list[Step]) -> None:
        super().__init__()
        self.steps = steps


class FirstRunScreen(AppModal[None]):
    ERROR_ID = "first-run-error"
    BINDINGS = [
        Binding("escape", "close", "Sluit", id="close"),
        Binding("f2", "open_settings", "Instellingen", id="settings"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[Step] = []

    def compose(self) -> ComposeResult:
        lang = self.lang
        with VerticalScroll(id="first-run", classes="dialog"):
            yield Static(Text(ui("setup.intro", lang)), classes="field-help")
            yield Static(Text(ui("setup.unchecked", lang)), id="first-run-steps")
            yield Static(id="first-run-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(ui("bind.close", lang), id="close")
                yield Button(ui("bind.settings", lang), id="settings", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        localize_bindings(self, self.lang)
        self.query_one("#first-run").border_title = ui("setup.title", self.lang)
        self.show_error("")
        self.query_one("#settings", Button).focus()
        self.judge()

    @work(thread=True, exclusive=True, group="first-run", exit_on_error=False)
    def judge(self) -> None:
        """The secret store's probe and the profile count take a moment: in a thread."""
        runtime = self.kapp.runtime
        probe = self.kapp.open_secrets().probe()
        self.post_message(StepsJudged(setup_steps(runtime, probe, self.lang)))

    def on_steps_judged(self, message: StepsJudged) -> None:
        self.steps = message.steps
        lang = self.lang
        parts: list[Text | Padding] = []
        for step in message.steps:
            mark = "[x]" if step.done else "[ ]"
            state = ui("setup.done", lang) if step.done else ui("setup.todo", lang)
            parts.append(Text(f"{mark} {step.title} ({state})", style="bold"))
            parts.append(Padding(Text(step.state), (0, 0, 0, 4)))
            if not step.done:
                parts.append(Padding(Text(step.how, style="italic"), (0, 0, 0, 4)))
            parts.append(Text(""))
        self.query_one("#first-run-steps", Static).update(Group(*parts))

    @on(Button.Pressed, "#close")
    def close_pressed(self) -> None:
        self.action_close()

    @on(Button.Pressed, "#settings")
    def settings_pressed(self) -> None:
        self.action_open_settings()

    def action_open_settings(self) -> None:
        from tui.screens.settings import SettingsScreen

        def closed(_: None) -> None:
            self.judge()

        self.app.push_screen(SettingsScreen(), closed)

    def action_close(self) -> None:
        self.dismiss(None)
