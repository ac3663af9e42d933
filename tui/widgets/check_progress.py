"""Progress of a running check in one line: a bar drawn in text, the counts and the time left.

One Static updated without a relayout: a bar widget with its own children reflowed the
screen on every update while results streamed in.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

BAR_WIDTH = 20


def progress_bar(done: int, total: int, ascii_only: bool, width: int = BAR_WIDTH) -> Text:
    """``width`` cells, filled in proportion to ``done`` of ``total``."""
    filled = width if total <= 0 else max(0, min(width, done * width // total))
    full, empty = ("#", "-") if ascii_only else ("━", "─")
    bar = Text(full * filled, style="green", no_wrap=True, overflow="ellipsis")
    bar.append(empty * (width - filled), style="dim")
    return bar


class CheckProgress(Static):
    """Hidden until a check starts."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.total = 1
        self.ascii_only = False

    def start(self, total: int, ascii_only: bool = False) -> None:
        self.total = max(total, 1)
        self.ascii_only = ascii_only
        self.update(self._line(0, ""))
        self.display = True

    def retotal(self, total: int) -> None:
        """Fewer to do than at the start (some passed over); the bar keeps its place."""
        self.total = max(total, 1)

    def advance_to(self, done: int, text: str) -> None:
        self.update(self._line(done, text), layout=False)

    def stop(self) -> None:
        self.display = False

    def _line(self, done: int, text: str) -> Text:
        line = progress_bar(done, self.total, self.ascii_only)
        line.append(f" {done * 100 // self.total:3d}% ")
        line.append(text)
        return line
