"""The TUI's event loop while it checks 10,000 profiles on 100 accounts (100 employers each,
50 ms per request, 8 in flight) against the simulator in its own process, while scrolling.

The same measurement as ``bench_tui_stall`` (a 10 ms timer records the longest gap between its
ticks while the check runs; the table is scrolled meanwhile and must follow), at the scale of
``bench_scale``, the app on the loop ``koppelaar`` runs it on (``tui.ui_loop``). Bound: no gap
longer than 33 ms (two frames at 60 Hz).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_check import settings_for, simulator_process
from bench_scale import password, scenario_toml, username, write_profiles
from bench_tui_stall import TICK_S, check_all_while_scrolling, describe

from tui.app import KoppelaarApp
from tui.config import Paths
from tui.runtime import Runtime
from tui.secrets.store import SecretKind, SecretStore
from tui.ui_loop import run_on_ui_loop

GAP_BOUND_MS = 33.0
ACCOUNTS, PER_ACCOUNT = 100, 100


def make_app(base_url: str, profiles_dir: Path, tmp: Path, accounts: int) -> KoppelaarApp:
    secrets = SecretStore("session")
    for account in range(accounts):
        secrets.set(SecretKind.LOKET_PASSWORD, username(account), password(account))
    runtime = Runtime(
        paths=Paths(profiles_dir, tmp / "config.toml", tmp),
        settings=settings_for(base_url),
        secrets=secrets,
    )
    return KoppelaarApp(runtime)


def loadavg() -> str:
    return ", ".join(f"{load:.2f}" for load in os.getloadavg())


def run(accounts: int = ACCOUNTS, per_account: int = PER_ACCOUNT):
    total = accounts * per_account
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        scenario_file = tmp / "scenario.toml"
        scenario_file.write_text(scenario_toml(accounts, per_account), encoding="utf-8")
        profiles_dir = tmp / "profiles"
        write_profiles(profiles_dir, accounts, per_account)
        with simulator_process(scenario_file) as base_url:
            app = make_app(base_url, profiles_dir, tmp, accounts)
            load = loadavg()
            stall = run_on_ui_loop(check_all_while_scrolling(app, total))
    assert stall.moved > 0, "the table did not scroll while the check ran"
    print(
        f"  load average {load} at the start, {loadavg()} at the end; {total} profiles "
        f"on {accounts} accounts checked in {stall.elapsed:.2f} s; {stall.meter.ticks} ticks "
        f"of {TICK_S * 1000:.0f} ms; {stall.presses} keys pressed, the cursor stood on "
        f"{stall.moved} other rows while the check ran"
    )
    print(describe(stall))
    return [
        (
            f"tui: longest event-loop gap while checking {total} profiles (ms)",
            stall.meter.longest * 1000,
            GAP_BOUND_MS,
            "",
        )
    ]


# The same bound with fewer profiles; the full run is a check of ~70 s.
QUICK: dict[str, object] = {"accounts": 20, "per_account": 50}

if __name__ == "__main__":
    from benchlib import main

    main(run, QUICK)
