"""F1 or ?: the manual's guidance in three steps, the contacts and the keys.

The key table is built from the bindings in force (the dashboard's, the checklist's and the
app's, after ``[keys]`` in config.toml), so a key is defined in one place only. The text wraps
to the screen's width.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app import LanguageChanged
from tui.text.ui import ui
from tui.widgets.key_footer import KeyFooter
from tui.widgets.localized import bindings_in_force, localize_bindings

# binding id -> the longer words the help uses for it (falls back to the footer's bind.<id>)
HELP_WORDS = {
    "filter": "palette.filter",
    "add": "palette.add",
    "edit": "palette.edit",
    "delete": "palette.delete",
    "check": "palette.check",
    "check_all": "palette.check_all",
    "cancel": "key.cancel",
    "sort": "palette.sort",
    "submit": "palette.submit",
    "submit_all": "palette.submit_all",
    "mark_sent": "palette.mark_sent",
    "connected": "palette.connected",
    "consent": "palette.consent",
    "discover": "palette.discover",
    "focus_pane": "key.focus_pane",
    "confirm_item": "key.confirm_item",
    "settings": "palette.settings",
    "language": "palette.language",
    "help": "palette.help",
    "quit": "palette.quit",
}


def key_rows(app: App[object], lang: str) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding with an id on the dashboard, its checklist and
    the app, in the order they are declared; then the command palette."""
    from tui.screens.dashboard import DashboardScreen
    from tui.widgets.checklist_pane import ChecklistPane

    nodes: list[DOMNode] = []
    dashboard = next((s for s in app.screen_stack if isinstance(s, DashboardScreen)), None)
    if dashboard is not None:
        nodes += [dashboard, *dashboard.query(ChecklistPane)]
    nodes.append(app)
    keys: dict[str, list[str]] = {}
    for node in nodes:
        for bindings in bindings_in_force(node).key_to_bindings.values():
            for binding in bindings:
                if binding.id and binding.id in HELP_WORDS:
                    keys.setdefault(binding.id, []).append(app.get_key_display(binding))
    rows = [
        (", ".join(dict.fromkeys(shown)), ui(HELP_WORDS[binding_id], lang))
        for binding_id, shown in keys.items()
    ]
    palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette")
    rows.append((app.get_key_display(palette), ui("help.key_palette", lang)))
    return rows


def help_lines(text: str) -> list[RenderableType]:
    """Each line of the help as a renderable that wraps under itself: a list item ("- ")
    and an indented line keep their indent when the screen wraps them."""
    lines: list[RenderableType] = []
    for line in text.splitlines():
        if line.startswith("- "):
            lines.append(_bulleted(line[2:]))
        elif line.startswith(" "):
            indent = len(line) - len(line.lstrip(" "))
            lines.append(Padding(Text(line.lstrip(" ")), (0, 0, 0, indent)))
        else:
            lines.append(Text(line))
    return lines


def _bulleted(text: str) -> Table:
    grid = Table.grid()
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row("-", text)
    return grid


def key_table(rows: list[tuple[str, str]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for keys, words in rows:
        table.add_row(keys, words)
    return table


class HelpScreen(ModalScreen[None]):
    plain_text = ""  # what the screen says, as plain text (for tests and screen readers)
    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Sluit", id="close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(id="help-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#help-body").focus()

    def relabel(self) -> None:
        lang = getattr(self.app, "language", "nl")
        localize_bindings(self, lang)
        self.query_one("#help-body").border_title = ui("help.title", lang)
        rows = key_rows(self.app, lang)
        self.plain_text = "\n".join(
            [ui("help.text", lang), "", ui("help.keys", lang), *(f"{k}  {w}" for k, w in rows)]
        )
        body = Group(
            *help_lines(ui("help.text", lang)),
            Text(""),
            Text(ui("help.keys", lang)),
            key_table(rows),
        )
        self.query_one("#help-text", Static).update(body)

    def on_language_changed(self, message: LanguageChanged) -> None:
        self.relabel()

    def action_close(self) -> None:
        self.dismiss(None)
