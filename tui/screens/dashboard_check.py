"""The dashboard's check: start it (one, all shown), run it on the app's background runner,
take its results in batches a few times a second, show progress, cancel, end."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Input

from tui.app import one_line
from tui.gcpolicy import FullCollectionHold
from tui.profiles.model import Profile
from tui.profiles.rows import ProfileRow
from tui.screens.dashboard_actions import DashboardActions
from tui.screens.dashboard_view import EmployerRow, eta_text, filter_rows, row_for, sort_key
from tui.screens.messages import CheckFinished
from tui.text.ui import ui
from tui.widgets.check_progress import CheckProgress
from tui.widgets.employer_table import EmployerTable

if TYPE_CHECKING:
    from tui.runner import Handle

# The deferred full pass of the collector waits this long after a check (seconds).
FULL_COLLECTION_DELAY = 1.0
# Threads that write a check's results (the CLI uses 3). Each holds the interpreter lock for
# most of a save's ~2 ms of work, and the UI thread waits behind every one of them; one keeps
# up with the fastest check measured (~125 results a second).
SAVE_THREADS = 1


class DashboardCheck(DashboardActions):
    """The base of ``DashboardScreen`` that runs checks; the screen holds the table."""

    rows: dict[str, EmployerRow]
    shown: Profile | None
    checking: bool
    check_total: int
    check_done: int
    check_ready: int
    check_bad: int
    check_started_at: float
    gc_hold: FullCollectionHold
    gc_release: Timer | None
    pending: deque[Profile]
    skipped: deque[str]
    check_stop: threading.Event
    check_handle: Handle[None] | None
    sort_column: str
    sort_reverse: bool

    def refill(self, pane: bool = True, keep: str | None = None) -> None:
        raise NotImplementedError

    def update_summary(self) -> None:
        raise NotImplementedError

    def show_selected(self) -> None:
        raise NotImplementedError

    def fit_footer(self, width: int | None = None) -> None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.checking or bool(self.filter_text)
        return True

    def action_check(self) -> None:
        profile = self.chosen_profile()
        if profile is not None:
            self.start_check([profile.slug])

    def action_check_all(self) -> None:
        self.check_rows([row.source for row in self.visible_rows() if not row.read_only])

    def start_check(self, slugs: list[str]) -> None:
        rows = self.rows
        self.check_rows(
            [row.source for slug in slugs if (row := rows.get(slug)) and not row.read_only]
        )

    def check_rows(self, todo: list[ProfileRow]) -> None:
        """Check these employers; each profile is read on the runner when its turn comes, as
        it is then."""
        if self.checking:
            self.notify(ui("check.busy", self.lang), severity="warning")
            return
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

    def run_check(self, todo: list[ProfileRow]) -> None:
        """The check runs on the app's background runner: the requests, their retries and
        the findings never take turns with drawing and keys on the UI's loop; results reach
        the UI through ``pending`` and the progress timer."""
        self.check_handle = self.kapp.run_in_background(self._check(todo), "check", self)

    async def _check(self, todo: list[ProfileRow]) -> None:
        if self.check_stop.is_set():
            raise asyncio.CancelledError
        from tui.checks.checker import CheckConfigError, Checker, Pending

        runtime = self.kapp.runtime
        reader = await asyncio.to_thread(runtime.store.reader)
        secrets = await asyncio.to_thread(self.kapp.open_secrets)
        skipped = 0

        def skip(slug: str) -> None:
            nonlocal skipped
            skipped += 1
            self.skipped.append(slug)

        try:
            checker = Checker(
                runtime.settings,
                secrets,
                store=runtime.store,
                lang=self.lang,
                save_threads=SAVE_THREADS,
            )
        except CheckConfigError as exc:
            self.post_message(CheckFinished(0, len(todo), False, str(exc)))
            return
        try:
            async with checker:
                run = await checker.check_profiles(
                    (Pending(row.username, row.slug) for row in todo),
                    on_result=self.take_result,
                    keep_results=False,
                    read=reader.read,
                    on_skip=skip,
                )
            if run.retiring:
                dates = [r.obsolete_date for r in run.retiring]
                with contextlib.suppress(RuntimeError):  # the app is closing
                    self.app.call_from_thread(self.kapp.note_retiring, dates)
        except Exception as exc:  # one report for whatever stopped the run
            self.post_message(
                CheckFinished(self.check_done, len(todo) - skipped, False, one_line(exc))
            )
            return
        finally:
            if reader.broken:
                with contextlib.suppress(RuntimeError):  # the app is closing
                    self.app.call_from_thread(self.note_unreadable, list(reader.broken))
        # The checked profiles go into the index (the next start does not parse them again)
        # before the run ends on screen: writing it and the end's redraw do not compete.
        await asyncio.to_thread(runtime.store.flush_index, reader)
        checked = len(todo) - skipped
        self.post_message(CheckFinished(checked, checked, False))

    def note_unreadable(self, broken: list[Any]) -> None:
        for file in broken:
            what = Text(file.describe()).plain
            self.notify(ui("check.unreadable", self.lang, what=what), severity="warning", timeout=8)

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
        passed_over = 0
        while self.skipped:
            self.skipped.popleft()
            passed_over += 1
        if passed_over:
            self.check_total -= passed_over
            self.query_one(CheckProgress).retotal(self.check_total)
            if self.checking:
                self.show_progress()
        if not self.pending:
            return
        batch = []
        while self.pending:
            batch.append(self.pending.popleft())
        now = self.now()
        table = self.query_one(EmployerTable)
        rows = []
        selected = table.selected_slug
        for profile in batch:
            if profile.slug == selected:
                self.shown = profile
            row = row_for(profile, now)
            self.rows[profile.slug] = row
            rows.append(row)
        missing = table.update_rows(rows, self.lang, self.kapp.ascii_glyphs, now)
        matching = filter_rows(missing, self.filter_text, self.lang) if missing else []
        if matching:
            order = sort_key(self.sort_column)
            table.insert_rows(
                matching, order, self.sort_reverse, self.lang, self.kapp.ascii_glyphs, now
            )
        self.update_summary()
        # The pane is rebuilt only for a new result of the employer it shows.
        if table.selected_slug in {row.slug for row in rows}:
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
