"""What every modal screen of Koppelaar has: the app, its language, an error line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from tui.app import KoppelaarApp

ResultT = TypeVar("ResultT")


class BackgroundOwner:
    """A screen that starts workers or background-runner work: an exception that escapes
    that work is shown by the app (one handler), and the screen is told so it can leave its
    busy state (``busy`` off, the error line showing the reason)."""

    busy: bool

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            app: Any = getattr(self, "app")  # noqa: B009 (a mixin: the screen has it)
            app.worker_failed(self, event.worker)

    def background_failed(self, name: str) -> None:
        if getattr(self, "busy", False):
            self.busy = False

    def background_cancelled(self, name: str) -> None:
        self.background_failed(name)


class AppModal(BackgroundOwner, ModalScreen[ResultT]):
    # The id of the screen's error line (a Static), for ``show_error``.
    ERROR_ID: ClassVar[str] = ""

    @property
    def kapp(self) -> KoppelaarApp:
        return self.app  # type: ignore[return-value]

    @property
    def lang(self) -> str:
        return self.kapp.language

    def show_error(self, text: str) -> None:
        """Show ``text`` as plain text (never markup) on the error line; hide it when empty."""
        error = self.query_one(f"#{self.ERROR_ID}", Static)
        error.update(Text(text))
        error.display = bool(text)
