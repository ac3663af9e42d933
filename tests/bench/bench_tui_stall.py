"""The TUI's event loop while it checks 500 profiles on one account (50 ms per request, 8 in
flight) against the simulator in its own process.

A 10 ms timer records the longest gap between its ticks while the check runs; meanwhile the
table is scrolled (down, page down) and must follow. Bound: no gap longer than 50 ms.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_check import COUNT, profiles_for, scenario_toml, settings_for, simulator_process

from tui.app import KoppelaarApp
from tui.config import Paths
from tui.loket.simulator.scenario import load_scenario
from tui.runtime import Runtime
from tui.screens.dashboard import DashboardScreen
from tui.secrets.store import SecretKind, SecretStore
from tui.widgets.employer_table import EmployerTable

GAP_BOUND_S = 0.050
TICK_S = 0.010
SIZE = (80, 24)
SETTLE_S = 1.0


SCHEDSTAT = Path("/proc/thread-self/schedstat")
LONG_GAP_S = 0.025


def thread_times() -> tuple[float, float]:
    """(seconds the calling thread ran, seconds it waited runnable for a CPU); Linux only,
    (0, 0) elsewhere."""
    try:
        ran, waited, _ = SCHEDSTAT.read_text().split()
    except (OSError, ValueError):
        return 0.0, 0.0
    return int(ran) / 1e9, int(waited) / 1e9


class GapMeter:
    """The longest time between two ticks of a timer on the app's event loop, counting every
    gap that begins or ends while ``active()`` (the check runs).

    For the gaps over 25 ms it also adds up where their time beyond one tick went: the UI
    thread running, waiting for a CPU (the machine's load: other processes and our own
    threads), or neither (waiting for the interpreter lock, mostly)."""

    def __init__(self, active: Callable[[], bool]) -> None:
        self.active = active
        self.was_active = False
        self.last: float | None = None
        self.longest = 0.0
        self.ticks = 0
        self.gaps: list[float] = []
        self.long_gaps = 0
        self.long_excess = self.long_ran = self.long_runqueue = 0.0
        self._times = (0.0, 0.0)
        self.first: float | None = None
        self.worst: list[tuple[float, float]] = []  # (gap, seconds into the check at its end)

    def tick(self) -> None:
        now = time.perf_counter()
        times = thread_times()
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
                self.long_ran += times[0] - self._times[0]
                self.long_runqueue += times[1] - self._times[1]
        self.last = now
        self._times = times
        self.was_active = active

    def describe(self) -> str:
        if not self.gaps:
            return "no gaps measured"
        ordered = sorted(self.gaps)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        other = self.long_excess - self.long_ran - self.long_runqueue
        return (
            f"gaps: 99th percentile {p99 * 1000:.1f} ms; {self.long_gaps} over "
            f"{LONG_GAP_S * 1000:.0f} ms, their {self.long_excess * 1000:.0f} ms beyond a tick: "
            f"UI thread running {self.long_ran * 1000:.0f} ms, waiting for a CPU "
            f"{self.long_runqueue * 1000:.0f} ms, waiting otherwise (interpreter lock) "
            f"{other * 1000:.0f} ms; longest at "
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


async def check_all_while_scrolling(
    app: KoppelaarApp, count: int = COUNT
) -> tuple[GapMeter, float, int]:
    """(gap meter, the check's wall time, rows the cursor moved while it ran)."""
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        while not (screen.loaded and screen.query_one(EmployerTable).row_count == count):
            await pilot.pause(0.02)
        table = screen.query_one(EmployerTable)
        meter = GapMeter(lambda: screen.checking)
        # As a person would: the dashboard has been on screen for a moment (start-up's
        # warm-up in the background is done) before "check all" is pressed.
        await pilot.pause(SETTLE_S)
        timer = app.set_interval(TICK_S, meter.tick)
        start = time.perf_counter()
        await pilot.press("a")  # the dashboard's "check all"
        assert screen.checking
        first_row = table.cursor_row
        # Plain sleeps, not pilot.pause(): that draws a frame of its own each time it returns,
        # which a real terminal session never does.
        for key in ("down", "down", "down", "pagedown", "down", "pagedown"):
            await asyncio.sleep(0.2)
            await pilot.press(key)
        moved = table.cursor_row - first_row
        while screen.checking:
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - start
        timer.stop()
        statuses = {row.status for row in screen.rows.values()}
        assert statuses == {"ready"}, statuses
    return meter, elapsed, moved


def run() -> list[tuple[str, float, float, str]]:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        scenario_file = tmp / "scenario.toml"
        scenario_file.write_text(scenario_toml(), encoding="utf-8")
        profiles_dir = tmp / "profiles"
        profiles_for(load_scenario(scenario_file), profiles_dir)
        with simulator_process(scenario_file) as base_url:
            app = make_app(base_url, profiles_dir, tmp)
            meter, elapsed, moved = asyncio.run(check_all_while_scrolling(app))
    assert moved > 0, "the table did not scroll while the check ran"
    print(
        f"  {COUNT} profiles checked in {elapsed:.2f} s; {meter.ticks} ticks of {TICK_S * 1000:.0f}"
        f" ms; the cursor moved {moved} rows while the check ran"
    )
    print(f"  {meter.describe()}")
    longest_ms = meter.longest * 1000
    return [("tui: longest event-loop gap while checking (ms)", longest_ms, GAP_BOUND_S * 1000, "")]


QUICK: dict[str, object] = {}  # one check of 500 profiles: already a few seconds

if __name__ == "__main__":
    from benchlib import main

    main(run, QUICK)
