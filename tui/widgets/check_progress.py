"""Progress of a running check: a bar, the counts and the time left."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class CheckProgress(Horizontal):
    """Hidden until a check starts; its bar and label are only built then (start-up is
    quicker without them)."""

    def prepare(self) -> None:
        """Build the bar and the label (still hidden): after start-up, before any check."""
        if not self.children:
            self.mount(
                ProgressBar(total=1, show_eta=False, show_percentage=True, id="check-bar"),
                Label(id="check-counts"),
            )

    def start(self, total: int) -> None:
        self.prepare()
        self.query_one(ProgressBar).update(total=max(total, 1), progress=0)
        self.display = True

    def advance_to(self, done: int, text: str) -> None:
        self.query_one(ProgressBar).update(progress=done)
        self.query_one(Label).update(Text(text), layout=False)

    def stop(self) -> None:
        self.display = False
