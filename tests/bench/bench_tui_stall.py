"""The TUI's event loop while it checks 500 profiles on one account (50 ms per request, 8 in
flight) against the simulator in its own process.

A 10 ms timer on the loop (``LoopTicker``: each tick 10 ms after the last) records the longest
gap between its ticks while the check runs; meanwhile the table is scrolled (a key every
0.25 s, down and up, until the check ends) and must follow. Bound: no gap longer than 50 ms.
The app runs on the loop ``koppelaar`` runs it on (``tui.ui_loop``).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench_check import COUNT, profiles_for, scenario_toml, settings_for, simulator_process
from textual import events

from tui.app import KoppelaarApp
from tui.config import Paths
from tui.loket.simulator.scenario import load_scenario
from tui.runtime import Runtime
from tui.screens.dashboard import DashboardScreen
from tui.secrets.store import SecretKind, SecretStore
from tui.ui_loop import run_on_ui_loop
from tui.widgets.employer_table import EmployerTable

GAP_BOUND_S = 0.050
TICK_S = 0.010
SIZE = (80, 24)
SETTLE_S = 1.0


LONG_GAP_S = 0.025
# The keys that scroll the table while a check runs, one every SCROLL_EVERY_S, round and round
# until it ends: the cursor passes over rows already checked (a full checklist in the pane)
# and rows not yet checked.
SCROLL_KEYS = ("down", "down", "pagedown", "down", "up", "pagedown", "down", "pageup")
SCROLL_EVERY_S = 0.25


class GapMeter:
    """The longest time between two ticks of a timer on the app's event loop, counting every
    gap that begins or ends while ``active()`` (the check runs).

    For the gaps over 25 ms it also adds up where their time beyond one tick went: the UI
    thread running, or waiting (for the interpreter lock, or for a CPU when the machine is
    busy). A tick makes no system call: one that gave up the interpreter lock would have to
    wait for it again, and the meter would stretch the gaps it measures."""

    def __init__(self, active: Callable[[], bool]) -> None:
        self.active = active
        self.was_active = False
        self.last: float | None = None
        self.longest = 0.0
        self.ticks = 0
        self.gaps: list[float] = []
        self.long_gaps = 0
        self.long_excess = self.long_ran = 0.0
        self._ran = 0.0
        self.first: float | None = None
        self.worst: list[tuple[float, float]] = []  # (gap, seconds into the check at its end)

    def tick(self) -> None:
        now = time.perf_counter()
        ran = time.thread_time()
        active = self.active()
        if self.last is not None and (active or self.was_active):
            gap = now - self.last
            self.longest = max(self.longest, gap)
            self.ticks += 1
            self.gaps.append(gap)
            if self.first is None:
                self.first = self.last
            self.worst = sorted([*self.worst, (gap, now - self.first)], reverse=True)[:3]
            if gap > LONG_GAP_S:
                self.long_gaps += 1
                self.long_excess += gap - TICK_S
                self.long_ran += ran - self._ran
        self.last = now
        self._ran = ran
        self.was_active = active

    def describe(self) -> str:
        if not self.gaps:
            return "no gaps measured"
        ordered = sorted(self.gaps)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        waited = self.long_excess - self.long_ran
        return (
            f"gaps: 99th percentile {p99 * 1000:.1f} ms; {self.long_gaps} over "
            f"{LONG_GAP_S * 1000:.0f} ms, their {self.long_excess * 1000:.0f} ms beyond a tick: "
            f"UI thread running {self.long_ran * 1000:.0f} ms, waiting (for the interpreter "
            f"lock or a CPU) {waited * 1000:.0f} ms; longest at "
            + ", ".join(f"{gap * 1000:.0f} ms {at:.1f} s in" for gap, at in self.worst)
        )


def make_app(base_url: str, profiles_dir: Path, tmp: Path) -> KoppelaarApp:
    secrets = SecretStore("session")
    secrets.set(SecretKind.LOKET_PASSWORD, "xs-provider", "bench-password-1")
    runtime = Runtime(
        paths=Paths(profiles_dir, tmp / "config.toml", tmp),
        settings=settings_for(base_url),
        secrets=secrets,
    )
    return KoppelaarApp(runtime)


class LoopTicker:
    """Calls ``tick`` on the running loop ``TICK_S`` after its last call, until stopped
    (``loop.call_later``): a gap between two calls is the interval plus the loop's own delay.

    A Textual interval timer keeps to a beat instead: after a tick more than one interval late
    it skips to the beat after next, up to 20 ms later, and the loop waits for it with nothing
    to run (seen in the tenth session: the UI loop waiting 18 ms in ``select`` inside a 22 ms
    "gap"). A meter on such a timer counts that wait as a gap of the loop; this one does not.
    """

    def __init__(self, tick: Callable[[], None]) -> None:
        self._tick = tick
        self._loop = asyncio.get_running_loop()
        self._handle = self._loop.call_later(TICK_S, self._run)

    def _run(self) -> None:
        self._tick()
        self._handle = self._loop.call_later(TICK_S, self._run)

    def stop(self) -> None:
        self._handle.cancel()


@dataclass
class StallRun:
    meter: GapMeter  # on a LoopTicker: the bound is asserted on it
    beat_meter: GapMeter  # on a Textual interval timer, as every session before the tenth
    elapsed: float  # the check's wall time
    moved: int  # rows the cursor stood on while the check ran, beyond the first
    presses: int


def press_as_a_terminal(app: KoppelaarApp, key: str) -> None:
    """A key as a terminal's input thread hands it over. ``Pilot.press`` also waits after
    each key for the whole process to go quiet (up to a second), which a check never lets it:
    it would press one key in two seconds."""
    driver = app._driver
    assert driver is not None
    driver.send_message(events.Key(key, None))


async def check_all_while_scrolling(app: KoppelaarApp, count: int = COUNT) -> StallRun:
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        while not (screen.loaded and screen.query_one(EmployerTable).row_count == count):
            await pilot.pause(0.02)
        table = screen.query_one(EmployerTable)
        meter = GapMeter(lambda: screen.checking)
        beat_meter = GapMeter(lambda: screen.checking)
        # As a person would: the dashboard has been on screen for a moment (start-up's
        # warm-up in the background is done) before "check all" is pressed.
        await pilot.pause(SETTLE_S)
        ticker = LoopTicker(meter.tick)
        timer = app.set_interval(TICK_S, beat_meter.tick)
        start = time.perf_counter()
        await pilot.press("a")  # the dashboard's "check all"
        assert screen.checking
        # Plain sleeps, not pilot.pause(): that draws a frame of its own each time it returns,
        # which a real terminal session never does.
        rows_seen = {table.cursor_row}
        presses = 0
        while screen.checking:
            await asyncio.sleep(SCROLL_EVERY_S)
            if not screen.checking:
                break
            press_as_a_terminal(app, SCROLL_KEYS[presses % len(SCROLL_KEYS)])
            presses += 1
            rows_seen.add(table.cursor_row)
        elapsed = time.perf_counter() - start
        await asyncio.sleep(SCROLL_EVERY_S)  # the last key's row, too
        rows_seen.add(table.cursor_row)
        moved = len(rows_seen) - 1
        ticker.stop()
        timer.stop()
        statuses = {row.status for row in screen.rows.values()}
        assert statuses == {"ready"}, statuses
    return StallRun(meter, beat_meter, elapsed, moved, presses)


def describe(stall: StallRun) -> str:
    return (
        f"  {stall.meter.describe()}\n  on a Textual interval timer (as measured before the "
        f"tenth session; it skips a beat after a late tick): longest "
        f"{stall.beat_meter.longest * 1000:.1f} ms, {stall.beat_meter.long_gaps} over "
        f"{LONG_GAP_S * 1000:.0f} ms"
    )


def run() -> list[tuple[str, float, float, str]]:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        scenario_file = tmp / "scenario.toml"
        scenario_file.write_text(scenario_toml(), encoding="utf-8")
        profiles_dir = tmp / "profiles"
        profiles_for(load_scenario(scenario_file), profiles_dir)
        with simulator_process(scenario_file) as base_url:
            app = make_app(base_url, profiles_dir, tmp)
            stall = run_on_ui_loop(check_all_while_scrolling(app))
    assert stall.moved > 0, "the table did not scroll while the check ran"
    print(
        f"  {COUNT} profiles checked in {stall.elapsed:.2f} s; {stall.meter.ticks} ticks of "
        f"{TICK_S * 1000:.0f} ms; {stall.presses} keys pressed, the cursor stood on "
        f"{stall.moved} other rows while the check ran"
    )
    print(describe(stall))
    longest_ms = stall.meter.longest * 1000
    return [("tui: longest event-loop gap while checking (ms)", longest_ms, GAP_BOUND_S * 1000, "")]


QUICK: dict[str, object] = {}  # one check of 500 profiles: already a few seconds

if __name__ == "__main__":
    from benchlib import main

    main(run, QUICK)
