"""The Textual application: thin; it observes the core modules and asks them for actions."""

from __future__ import annotations

from textual.app import App

from tui.runtime import Runtime
from tui.screens.dashboard import DashboardScreen


class KoppelaarApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "Koppelaar"

    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime

    def on_mount(self) -> None:
        self.sub_title = "DEMO" if self.runtime.demo else self.runtime.settings.loket.environment
        self.push_screen(DashboardScreen(self.runtime))
