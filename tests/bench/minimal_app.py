"""The baseline for start-up: Header, a filter Input, a DataTable with 50 rows, Footer.

``/`` focuses the filter, as on Koppelaar's dashboard: the benches time the first key too.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input

PLACEHOLDER = "Filter op naam (/)"


class MinimalApp(App[None]):
    AUTO_FOCUS = "DataTable"
    BINDINGS = [Binding("slash", "focus_filter", "Filter")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=PLACEHOLDER, compact=True)
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("werkgever", "werkgever ID", "gebruiker", "status")
        for n in range(50):
            table.add_row(f"Werkgever {n:04d} B.V.", str(10000 + n), f"xs-{n}", "gereed")

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()


if __name__ == "__main__":
    MinimalApp().run()
