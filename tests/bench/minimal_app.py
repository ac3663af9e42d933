"""The baseline for start-up: Header, a DataTable with 50 rows, Footer."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("werkgever", "werkgever ID", "gebruiker", "status")
        for n in range(50):
            table.add_row(f"Werkgever {n:04d} B.V.", str(10000 + n), f"xs-{n}", "gereed")


if __name__ == "__main__":
    MinimalApp().run()
