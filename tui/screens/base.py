"""What every modal screen of Koppelaar has: the app, its language, an error line."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.app import KoppelaarApp

ResultT = TypeVar("ResultT")


class AppModal(ModalScreen[ResultT]):
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
