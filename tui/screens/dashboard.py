"""The dashboard: the employers and their status."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui.i18n import t
from tui.runtime import Runtime
from tui.store import LoadResult
from tui.textsafe import plain


class DashboardScreen(Screen[None]):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="employers", cursor_type="row")
        yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("col.employer", "col.werkgever_id", "col.username", "col.status"):
            table.add_column(t(key), key=key)
        self.load_profiles()

    @work(thread=True, exclusive=True)
    def load_profiles(self) -> None:
        result = self.runtime.store.load_all()
        self.app.call_from_thread(self.show_profiles, result)

    def show_profiles(self, result: LoadResult) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for p in result.profiles:
            table.add_row(
                Text(plain(p.name)),
                Text(plain(p.werkgever_id)),
                Text(plain(p.username)),
                t(f"status.{p.status}"),
                key=p.slug,
            )
        self.query_one("#summary", Static).update(
            Text(f"{len(result.profiles)} / {len(result.broken)}")
        )
