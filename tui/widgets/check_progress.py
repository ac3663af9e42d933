"""Progress of a running check: a bar, the counts and the time left."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class CheckProgress(Horizontal):
    def compose(self) -> ComposeResult:
        yield ProgressBar(total=1, show_eta=False, show_percentage=True, id="check-bar")
        yield Label(id="check-counts")

    def start(self, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=0)
        self.display = True

    def advance_to(self, done: int, text: str) -> None:
        self.query_one(ProgressBar).update(progress=done)
        self.query_one(Label).update(Text(text), layout=False)

    def stop(self) -> None:
        self.display = False
