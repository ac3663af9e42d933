"""The dashboard: the employers table, filter and sort, the summary, the checklist pane."""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from concurrent.futures import Future, wait
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import Header, Input, Static

from tui.app import LanguageChanged
from tui.gcpolicy import FullCollectionHold
from tui.profiles.model import Profile
from tui.profiles.store import RowsResult, StoreError
from tui.screens.base import BackgroundOwner
from tui.screens.dashboard_check import DashboardCheck
from tui.screens.dashboard_view import (
    COLUMNS,
    EmployerRow,
    column_widths,
    filter_rows,
    row_for,
    row_from,
    sort_rows,
    summary_line,
)
from tui.screens.messages import (
    ProfileDeleted,
    ProfileSaved,
    ProfilesLoaded,
    StoreFailed,
)
from tui.text.ui import ui
from tui.widgets.check_progress import CheckProgress
from tui.widgets.checklist_pane import ChecklistPane
from tui.widgets.employer_table import EmployerTable
from tui.widgets.key_footer import KeyFooter
from tui.widgets.localized import fit_footer, localize_bindings

if TYPE_CHECKING:
    from tui.runner import Handle

NARROW_BELOW = 140
PANE_FOLLOW_DELAY = 0.15
PANE_WIDTH = 52
# How long the first frame waits for the rows being read beside the start (tui.runtime).
# Waiting draws the dashboard once, with its rows, instead of a "loading" frame first, and
# hands the reader the interpreter lock the drawing would hold; a slower read gets the
# loading frame and finishes in a thread.
ROWS_WAIT = 0.5


class DashboardScreen(DashboardCheck, BackgroundOwner):
    AUTO_FOCUS = "#employers"
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="filter", priority=True),
        Binding("n", "add", "Nieuw", id="add"),
        Binding("e", "edit", "Wijzig", id="edit"),
        Binding("delete", "delete", "Verwijder", id="delete", show=False),
        Binding("c", "check", "Controleer", id="check"),
        Binding("a", "check_all", "Alles", id="check_all"),
        Binding("escape", "cancel", "Stop", id="cancel"),
        Binding("s", "sort", "Sorteer", id="sort", show=False),
        Binding("v", "submit", "Verstuur", id="submit", show=False),
        Binding("V", "submit_all", "Verstuur gereed", id="submit_all", show=False),
        Binding("m", "mark_sent", "Verzonden", id="mark_sent", show=False),
        Binding("k", "mark_connected", "Gekoppeld", id="connected", show=False),
        Binding("l", "consent", "Inloggen", id="consent", show=False),
        Binding("o", "discover", "Ophalen", id="discover", show=False),
        Binding("tab", "focus_next_pane", "Lijst/stappen", id="focus_pane", show=False),
        Binding("h", "repair", "Herstel", id="repair", show=False),
        Binding("H", "repair_all", "Herstel alle", id="repair_all", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, EmployerRow] = {}
        # The selected employer's whole profile (the checklist pane, the actions on it); the
        # others are read when an action needs them.
        self.shown: Profile | None = None
        self.unreadable: str | None = None
        self.broken = 0
        self.loaded = False
        self.sort_column = "name"
        self.sort_reverse = False
        self.filter_text = ""
        self.pane_timer: Timer | None = None
        self.checking = False
        self.check_total = 0
        self.check_done = 0
        self.check_ready = 0
        self.check_bad = 0
        self.check_started_at = 0.0
        self.gc_hold = FullCollectionHold()
        self.gc_release: Timer | None = None
        # Results from the check's thread; a deque: appends and pops are thread-safe.
        self.pending: deque[Profile] = deque()
        # Employers the check passed over (deleted, unreadable or read-only by their turn).
        self.skipped: deque[str] = deque()
        self.check_stop = threading.Event()
        self.check_handle: Handle[None] | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Input(id="filter", compact=True)
        with Container(id="main"):
            yield EmployerTable(id="employers")
            yield ChecklistPane(id="checklist")
        yield CheckProgress(id="progress")
        yield Static(id="summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(CheckProgress).display = False
        self.set_interval(0.1, self.flush_results)
        self.relabel()
        self.query_one("#summary", Static).update(Text(ui("dash.loading", self.lang)))
        loading = self.kapp.runtime.take_loading_profiles()
        if loading is not None:
            wait([loading], timeout=ROWS_WAIT)
        if loading is not None and loading.done() and loading.exception() is None:
            self.take(loading.result())  # read while the UI was starting: no wait, no thread
        else:
            self.load_profiles(loading)

    def on_unmount(self) -> None:
        self.gc_hold.release()

    # language and layout -------------------------------------------------------------------

    def relabel(self) -> None:
        lang = self.lang
        localize_bindings(self, lang)
        localize_bindings(self.query_one(ChecklistPane), lang)
        localize_bindings(self.app, lang)
        self.fit_footer()
        self.query_one("#filter", Input).placeholder = ui("dash.filter_placeholder", lang)
        self.rebuild_table()

    def fit_footer(self, width: int | None = None) -> None:
        """The most used keys in the footer, as many as fit; Escape's room while it works."""
        escape_works = self.checking or bool(self.filter_text)
        reserve = len(f"esc {ui('bind.cancel', self.lang)} ") if escape_works else 0
        fit_footer([self, self.app], width or self.app.size.width, reserve)

    def rebuild_table(self) -> None:
        """New headers (language, width) and the rows again, on the same employer."""
        keep = self.query_one(EmployerTable).selected_slug
        self.set_headers()
        if self.loaded:
            self.refill(keep=keep)

    def table_width(self) -> int:
        width = self.app.size.width
        return width if width < NARROW_BELOW else width - PANE_WIDTH

    def set_headers(self) -> None:
        table = self.query_one(EmployerTable)
        table.set_headers(self.lang, self.sort_column, self.sort_reverse, self.table_width())

    def on_language_changed(self, message: LanguageChanged) -> None:
        self.relabel()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "narrow")
        self.fit_footer(event.size.width)
        if self.query_one(EmployerTable).widths != column_widths(self.table_width()):
            self.rebuild_table()

    # loading -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_profiles(self, loading: Future[RowsResult] | None = None) -> None:
        if loading is not None and loading.exception() is None:
            result = loading.result()
        else:
            result = self.kapp.runtime.store.load_rows()
        self.post_message(ProfilesLoaded(result))

    def on_profiles_loaded(self, message: ProfilesLoaded) -> None:
        message.stop()
        self.take(message.result)

    def take(self, result: RowsResult) -> None:
        now = self.now()
        self.rows = {row.slug: row_from(row, now) for row in result.rows}
        self.broken = len(result.broken)
        self.loaded = True
        for broken in result.broken:
            what = Text(broken.describe()).plain
            self.notify(ui("list.broken", self.lang, what=what), severity="warning", timeout=8)
        # The table and the summary first; the checklist pane (the most costly widget to
        # draw) one refresh later, so the first frame with the profiles comes sooner.
        self.refill(pane=False)
        self.call_after_refresh(self.show_selected)
        self.kapp.profiles_shown()
        if not result.rows and not result.broken:  # only then: tui.firstrun costs 6 ms
            from tui.firstrun import needs_first_run

            if needs_first_run(self.kapp.runtime, 0):
                self.app.call_after_refresh(self.app.run_action, "first_run")

    # table, filter, sort, summary ----------------------------------------------------------

    def visible_rows(self) -> list[EmployerRow]:
        shown = filter_rows(self.rows.values(), self.filter_text, self.lang)
        return sort_rows(shown, self.sort_column, self.sort_reverse)

    def refill(self, pane: bool = True, keep: str | None = None) -> None:
        table = self.query_one(EmployerTable)
        keep = keep or table.selected_slug
        shown = self.visible_rows()
        table.fill(shown, self.lang, self.kapp.ascii_glyphs, self.now(), keep)
        self.update_summary()
        if pane:
            self.show_selected()

    def update_summary(self) -> None:
        """Counts of the rows the table shows; the table keeps them as rows change."""
        if not self.rows and self.loaded:
            line = ui("dash.empty", self.lang)
        else:
            shown = self.query_one(EmployerTable).counts
            line = summary_line(
                shown, len(self.rows), self.broken, self.lang, self.kapp.ascii_glyphs
            )
        self.query_one("#summary", Static).update(Text(line), layout=False)

    def show_selected(self) -> None:
        profile = self.selected_profile()
        pane = self.query_one(ChecklistPane)
        pane.show(profile, self.lang, self.kapp.ascii_glyphs)
        if profile is None and self.filter_text and self.rows:
            pane.border_title = Content(ui("dash.no_match", self.lang, text=self.filter_text))

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        had_filter = bool(self.filter_text)
        self.filter_text = event.value
        self.refill()
        if had_filter != bool(self.filter_text):
            self.fit_footer()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one(EmployerTable).focus()

    @on(EmployerTable.RowHighlighted, "#employers")
    def row_highlighted(self) -> None:
        if not self.checking:
            self.show_selected()
            return
        # While results stream in, the pane follows the cursor once it rests: rebuilding the
        # pane for every row scrolled past would hold up the event loop.
        if self.pane_timer is not None:
            self.pane_timer.stop()
        self.pane_timer = self.set_timer(PANE_FOLLOW_DELAY, self.follow_cursor)

    def follow_cursor(self) -> None:
        """During a check, the cursor has rested: show its employer; a profile not in hand is
        read in a thread. On the UI thread a file's open, read and close each give up the
        interpreter lock the check's threads are waiting for, and each takes a turn to get it
        back (13-27 ms a read, measured at 10,000 profiles)."""
        slug = self.query_one(EmployerTable).selected_slug
        if slug is None or slug not in self.rows or (self.shown and self.shown.slug == slug):
            self.show_selected()
        else:
            self.read_for_pane(slug)

    @work(thread=True, exclusive=True, group="pane", exit_on_error=False)
    def read_for_pane(self, slug: str) -> None:
        found = self.load_profile(slug)
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(self.pane_read, slug, found)

    def pane_read(self, slug: str, found: Profile | StoreError) -> None:
        if self.query_one(EmployerTable).selected_slug != slug:
            return  # the cursor moved on: its own rest brings its own read
        if not (self.shown and self.shown.slug == slug):  # else a result came meanwhile
            profile = self.took_profile(slug, found)
            if profile is None:
                self.query_one(ChecklistPane).show(None, self.lang, self.kapp.ascii_glyphs)
                return
            self.shown = profile
        self.show_selected()

    @on(EmployerTable.HeaderSelected, "#employers")
    def header_selected(self, event: EmployerTable.HeaderSelected) -> None:
        self.sort_by(event.column)

    def sort_by(self, column: str) -> None:
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self.set_headers()
        self.refill()

    def action_sort(self) -> None:
        """s: this column ascending, then descending, then the next column ascending."""
        if self.sort_reverse:
            column = COLUMNS[(COLUMNS.index(self.sort_column) + 1) % len(COLUMNS)]
        else:
            column = self.sort_column
        self.sort_by(column)
        label = ui(f"col.{'employer' if column == 'name' else column}", self.lang)
        order = ui("dash.descending" if self.sort_reverse else "dash.ascending", self.lang)
        self.notify(f"{ui('dash.sorted', self.lang, column=label)} ({order})", timeout=1.5)

    def action_focus_filter(self) -> None:
        # A priority binding, and focus set at once (Widget.focus waits a turn): keys typed right
        # after "/" are already queued and must reach the filter, not the table ("e" there opens
        # the form). In the filter itself "/" is just a character.
        field = self.query_one("#filter", Input)
        if self.focused is field:
            field.insert_text_at_cursor("/")
        else:
            self.set_focus(field)

    def action_focus_next_pane(self) -> None:
        if self.focused is self.query_one(EmployerTable):
            self.query_one(ChecklistPane).focus()
        else:
            self.query_one(EmployerTable).focus()

    # one profile changed -------------------------------------------------------------------

    def put_profile(self, profile: Profile) -> None:
        """Show a changed profile: in place when it is shown, else refill."""
        row = row_for(profile, self.now())
        is_new = profile.slug not in self.rows
        self.rows[profile.slug] = row
        table = self.query_one(EmployerTable)
        if is_new or table.selected_slug == profile.slug:
            self.shown = profile  # a new one is selected below
        if is_new or not table.update_row(row, self.lang, self.kapp.ascii_glyphs, self.now()):
            self.refill()
            if table.has_row(profile.slug):
                table.move_cursor(row=table.get_row_index(profile.slug), animate=False)
        else:
            self.update_summary()
        if table.selected_slug == profile.slug:
            self.show_selected()

    def on_profile_saved(self, message: ProfileSaved) -> None:
        self.put_profile(message.profile)
        if message.note:
            self.notify(message.note, timeout=3)

    def on_profile_deleted(self, message: ProfileDeleted) -> None:
        if self.shown is not None and self.shown.slug == message.slug:
            self.shown = None
        self.rows.pop(message.slug, None)
        self.refill()
        self.notify(ui("delete.done", self.lang, name=message.name), timeout=3)

    def on_store_failed(self, message: StoreFailed) -> None:
        self.notify(message.error, severity="error", timeout=8)

    def selected_profile(self) -> Profile | None:
        """The selected employer's profile, read from its file when another was shown."""
        slug = self.query_one(EmployerTable).selected_slug
        if slug is None or slug not in self.rows:
            return None
        if self.shown is None or self.shown.slug != slug:
            self.shown = self.read_profile(slug)
        return self.shown

    def read_profile(self, slug: str) -> Profile | None:
        """One profile as its file has it now (a file changed since the start shows its
        current row); an unreadable one is said once, not at every refresh."""
        return self.took_profile(slug, self.load_profile(slug))

    def load_profile(self, slug: str) -> Profile | StoreError:
        """The file's profile, or why it cannot be read (any thread)."""
        try:
            return self.kapp.runtime.store.load(slug)
        except StoreError as exc:
            return exc

    def took_profile(self, slug: str, found: Profile | StoreError) -> Profile | None:
        if isinstance(found, StoreError):
            if self.unreadable != slug:
                self.unreadable = slug
                self.notify(Text(str(found)).plain, severity="warning", timeout=8)
            return None
        profile = found
        self.unreadable = None
        row = row_for(profile, self.now())
        if row != self.rows.get(slug):
            self.rows[slug] = row
            table = self.query_one(EmployerTable)
            table.update_row(row, self.lang, self.kapp.ascii_glyphs, self.now())
            self.update_summary()
        return profile

    # checks --------------------------------------------------------------------------------
