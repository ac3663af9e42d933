"""The dashboard: the employers table, filter and sort, the summary, the checklist pane."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import deque
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from tui.app import LanguageChanged
from tui.gcpolicy import FullCollectionHold
from tui.profiles.model import Profile
from tui.profiles.store import LoadResult, StoreError
from tui.screens.base import BackgroundOwner
from tui.screens.dashboard_actions import DashboardActions
from tui.screens.dashboard_view import (
    COLUMNS,
    EmployerRow,
    column_widths,
    eta_text,
    filter_rows,
    restate,
    row_for,
    sort_rows,
    summary_line,
    toggle_confirmation,
)
from tui.screens.messages import (
    CheckFinished,
    ProfileDeleted,
    ProfileSaved,
    ProfilesLoaded,
    StoreFailed,
)
from tui.text.ui import ui
from tui.widgets.check_progress import CheckProgress
from tui.widgets.checklist_pane import ChecklistPane
from tui.widgets.employer_table import EmployerTable
from tui.widgets.localized import fit_footer, localize_bindings

if TYPE_CHECKING:
    from tui.runner import Handle

NARROW_BELOW = 140
PANE_FOLLOW_DELAY = 0.15
PANE_WIDTH = 52
FULL_COLLECTION_DELAY = 1.0


class DashboardScreen(BackgroundOwner, DashboardActions):
    AUTO_FOCUS = "#employers"
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="filter"),
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
        self.profiles: dict[str, Profile] = {}
        self.rows: dict[str, EmployerRow] = {}
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
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(CheckProgress).display = False
        self.set_interval(0.1, self.flush_results)
        self.relabel()
        self.query_one("#summary", Static).update(Text(ui("dash.loading", self.lang)))
        loading = self.kapp.runtime.take_loading_profiles()
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
    def load_profiles(self, loading: Future[LoadResult] | None = None) -> None:
        if loading is not None and loading.exception() is None:
            result = loading.result()
        else:
            result = self.kapp.runtime.store.load_all()
        self.post_message(ProfilesLoaded(result))

    def on_profiles_loaded(self, message: ProfilesLoaded) -> None:
        message.stop()
        self.take(message.result)

    def take(self, result: LoadResult) -> None:
        now = self.now()
        self.profiles = {p.slug: p for p in result.profiles}
        self.rows = {p.slug: row_for(p, now) for p in result.profiles}
        self.broken = len(result.broken)
        self.loaded = True
        for broken in result.broken:
            self.notify(Text(broken.describe()).plain, severity="warning", timeout=8)
        # The table and the summary first; the checklist pane (the most costly widget to
        # draw) one refresh later, so the first frame with the profiles comes sooner.
        self.refill(pane=False)
        self.call_after_refresh(self.show_selected)
        self.kapp.profiles_shown()
        from tui.firstrun import needs_first_run

        if needs_first_run(self.kapp.runtime, len(result.profiles)) and not result.broken:
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
        self.update_summary(shown)
        if pane:
            self.show_selected()

    def update_summary(self, shown: list[EmployerRow] | None = None) -> None:
        if shown is None:
            shown = filter_rows(self.rows.values(), self.filter_text, self.lang)
        if not self.rows and self.loaded:
            line = ui("dash.empty", self.lang)
        else:
            line = summary_line(
                shown, len(self.rows), self.broken, self.lang, self.kapp.ascii_glyphs
            )
        self.query_one("#summary", Static).update(Text(line), layout=False)

    def show_selected(self) -> None:
        slug = self.query_one(EmployerTable).selected_slug
        profile = self.profiles.get(slug) if slug else None
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
        self.pane_timer = self.set_timer(PANE_FOLLOW_DELAY, self.show_selected)

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
        self.query_one("#filter", Input).focus()

    def action_focus_next_pane(self) -> None:
        if self.focused is self.query_one(EmployerTable):
            self.query_one(ChecklistPane).focus()
        else:
            self.query_one(EmployerTable).focus()

    # one profile changed -------------------------------------------------------------------

    def put_profile(self, profile: Profile) -> None:
        """Show a changed profile: in place when it is shown, else refill."""
        self.profiles[profile.slug] = profile
        row = row_for(profile, self.now())
        is_new = profile.slug not in self.rows
        self.rows[profile.slug] = row
        table = self.query_one(EmployerTable)
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
        self.profiles.pop(message.slug, None)
        self.rows.pop(message.slug, None)
        self.refill()
        self.notify(ui("delete.done", self.lang, name=message.name), timeout=3)

    def on_store_failed(self, message: StoreFailed) -> None:
        self.notify(message.error, severity="error", timeout=8)

    def selected_profile(self) -> Profile | None:
        slug = self.query_one(EmployerTable).selected_slug
        return self.profiles.get(slug) if slug else None

    # add, edit, delete ---------------------------------------------------------------------

    def action_add(self) -> None:
        from tui.screens.profile_form import ProfileFormScreen

        self.app.push_screen(ProfileFormScreen(None), self.form_closed)

    def action_edit(self) -> None:
        from tui.screens.profile_form import ProfileFormScreen

        profile = self.chosen_profile()
        if profile is None:
            return
        if profile.read_only:
            self.notify(ui("pane.read_only", self.lang), severity="warning")
            return
        self.app.push_screen(ProfileFormScreen(profile), self.form_closed)

    def form_closed(self, saved: Profile | None) -> None:
        if saved is not None:
            self.put_profile(saved)
            self.query_one(EmployerTable).focus()

    def action_delete(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        profile = self.chosen_profile()
        if profile is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_profile(profile.slug, profile.name)

        body = ui("delete.body", self.lang, name=profile.name)
        self.app.push_screen(ConfirmScreen(ui("delete.title", self.lang), body), answered)

    @work(thread=True, group="store", exit_on_error=False)
    def delete_profile(self, slug: str, name: str) -> None:
        try:
            self.kapp.runtime.store.delete(slug)
        except StoreError as exc:
            self.post_message(StoreFailed(str(exc)))
            return
        self.post_message(ProfileDeleted(slug, name))

    # manual items --------------------------------------------------------------------------

    def on_checklist_pane_toggle_requested(self, message: ChecklistPane.ToggleRequested) -> None:
        self.toggle_item(message.slug, message.item_id)

    @work(thread=True, group="store", exit_on_error=False)
    def toggle_item(self, slug: str, item_id: str) -> None:
        when = self.now()

        def change(profile: Profile) -> None:
            toggle_confirmation(profile, item_id, when)
            restate(profile)

        try:
            saved = self.kapp.runtime.store.update(slug, change)
        except StoreError as exc:
            self.post_message(StoreFailed(str(exc)))
            return
        self.post_message(ProfileSaved(saved))

    # checks --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.checking or bool(self.filter_text)
        return True

    def action_check(self) -> None:
        profile = self.chosen_profile()
        if profile is not None:
            self.start_check([profile])

    def action_check_all(self) -> None:
        shown = self.visible_rows()
        self.start_check([self.profiles[row.slug] for row in shown if row.slug in self.profiles])

    def start_check(self, profiles: list[Profile]) -> None:
        if self.checking:
            self.notify(ui("check.busy", self.lang), severity="warning")
            return
        todo = [p for p in profiles if not p.read_only]
        if not todo:
            return
        self.checking = True
        self.check_stop.clear()
        self.check_total = len(todo)
        self.check_done = self.check_ready = self.check_bad = 0
        self.check_started_at = time.monotonic()
        if self.gc_release is not None:
            self.gc_release.stop()
        self.gc_hold.hold()
        self.query_one(CheckProgress).start(len(todo), self.kapp.ascii_glyphs)
        self.show_progress()
        self.fit_footer()
        self.refresh_bindings()
        self.run_check(todo)

    def action_cancel(self) -> None:
        """Escape: stop the running check; else clear the filter."""
        if self.checking:
            self.check_stop.set()
            if self.check_handle is not None:
                self.check_handle.cancel()
        elif self.filter_text:
            self.query_one("#filter", Input).value = ""
            self.filter_text = ""
            self.refill()
            self.fit_footer()
            self.query_one(EmployerTable).focus()

    def run_check(self, profiles: list[Profile]) -> None:
        """The check runs on the app's background runner: the requests, their retries and
        the findings never take turns with drawing and keys on the UI's loop; results reach
        the UI through ``pending`` and the progress timer."""
        self.check_handle = self.kapp.run_in_background(self._check(profiles), "check", self)

    async def _check(self, profiles: list[Profile]) -> None:
        if self.check_stop.is_set():
            raise asyncio.CancelledError
        from tui.checks.checker import CheckConfigError, Checker

        secrets = await asyncio.to_thread(self.kapp.open_secrets)
        runtime = self.kapp.runtime
        try:
            checker = Checker(runtime.settings, secrets, store=runtime.store, lang=self.lang)
        except CheckConfigError as exc:
            self.post_message(CheckFinished(0, len(profiles), False, str(exc)))
            return
        try:
            async with checker:
                run = await checker.check_profiles(
                    profiles, on_result=self.take_result, keep_results=False
                )
            if run.retiring:
                dates = [r.obsolete_date for r in run.retiring]
                with contextlib.suppress(RuntimeError):  # the app is closing
                    self.app.call_from_thread(self.kapp.note_retiring, dates)
        except Exception as exc:  # one report for whatever stopped the run
            self.post_message(CheckFinished(self.check_done, len(profiles), False, _first(exc)))
            return
        self.post_message(CheckFinished(len(profiles), len(profiles), False))
        # The checked profiles go into the index: the next start does not parse them again.
        await asyncio.to_thread(runtime.store.flush_index)

    def background_failed(self, name: str) -> None:
        """The check stopped on an error the app has shown: end the run on screen."""
        if name == "check" and self.checking:
            self.post_message(CheckFinished(self.check_done, self.check_total, False, shown=True))

    def background_cancelled(self, name: str) -> None:
        if name == "check" and self.checking:
            self.post_message(CheckFinished(self.check_done, self.check_total, True))

    def take_result(self, result: Any) -> None:
        """Called on the check's thread for each finished profile: only queue it (cheap)."""
        self.pending.append(result.profile)
        self.check_done += 1
        if result.status == "ready":
            self.check_ready += 1
        elif result.status in ("problems", "error"):
            self.check_bad += 1

    def flush_results(self) -> None:
        """Apply queued results in one batch, a few times a second."""
        if not self.pending:
            return
        batch = []
        while self.pending:
            batch.append(self.pending.popleft())
        now = self.now()
        table = self.query_one(EmployerTable)
        rows = []
        for profile in batch:
            self.profiles[profile.slug] = profile
            row = row_for(profile, now)
            self.rows[profile.slug] = row
            rows.append(row)
        missing = table.update_rows(rows, self.lang, self.kapp.ascii_glyphs, now)
        if missing and filter_rows(missing, self.filter_text, self.lang):
            self.refill()
        else:
            self.update_summary()
            self.show_selected()
        if self.checking:
            self.show_progress()

    def show_progress(self) -> None:
        elapsed = time.monotonic() - self.check_started_at
        text = ui(
            "check.running",
            self.lang,
            done=self.check_done,
            total=self.check_total,
            ok=self.check_ready,
            bad=self.check_bad,
            eta=eta_text(self.check_done, self.check_total, elapsed),
        )
        self.query_one(CheckProgress).advance_to(self.check_done, text)

    def on_check_finished(self, message: CheckFinished) -> None:
        self.flush_results()
        self.checking = False
        # The deferred full pass of the collector (30-40 ms) comes once the finished check
        # has been drawn, not in the same turn of the event loop as the last results.
        self.gc_release = self.set_timer(FULL_COLLECTION_DELAY, self.gc_hold.release)
        self.query_one(CheckProgress).stop()
        self.fit_footer()
        self.refresh_bindings()
        if message.shown:
            pass
        elif message.error:
            self.notify(ui("check.failed", self.lang, error=message.error), severity="error")
        elif message.cancelled:
            self.notify(
                ui("check.cancelled", self.lang, done=message.done, total=message.total),
                timeout=4,
            )
        else:
            seconds = f"{time.monotonic() - self.check_started_at:.1f}"
            self.notify(
                ui("check.done", self.lang, n=message.done, done=message.done, seconds=seconds),
                timeout=3,
            )


def _first(exc: BaseException) -> str:
    """The first real error of a task group, as one line."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    message = getattr(exc, "message", None)
    return str(message or exc or type(exc).__name__).splitlines()[0]
