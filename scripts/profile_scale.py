"""Where time and memory go at provider scale (docs/performance.md).

``python scripts/profile_scale.py check|list|import [--accounts N --per-account M]
[--cprofile]``: sets up the bench_scale scenario in a temporary folder and runs one CLI command
in this process, under tracemalloc (the top lines at the peak of traced memory) or cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import os
import pstats
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "bench"))
sys.path.insert(0, str(REPO))

from bench_scale import (  # noqa: E402
    environment,
    password,
    scenario_toml,
    simulator_process,
    username,
    write_profiles,
)


class PeakSnapshots:
    """Takes a tracemalloc snapshot whenever traced memory reaches a new high (sampled)."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.best = 0
        self.snapshot: tracemalloc.Snapshot | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            current, _ = tracemalloc.get_traced_memory()
            if current > self.best * 1.05:
                self.best = current
                self.snapshot = tracemalloc.take_snapshot()

    def __enter__(self) -> PeakSnapshots:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_cli(args: list[str]) -> int:
    from tui.cli.main import main

    sys.argv = ["koppelaar", *args]
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["check", "list", "import"])
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--per-account", type=int, default=100)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        profiles = tmp / "profiles"
        write_profiles(profiles, options.accounts, options.per_account)
        keyring = {
            f"koppelaar:loket-password\x00{username(a)}": password(a)
            for a in range(options.accounts)
        }
        (tmp / "keyring.json").write_text(json.dumps(keyring), encoding="utf-8")
        base = ["--profiles", str(profiles), "--config", str(tmp / "config.toml")]
        scenario = tmp / "scenario.toml"
        scenario.write_text(scenario_toml(options.accounts, options.per_account), "utf-8")
        with simulator_process(scenario) as base_url:
            os.environ.clear()
            os.environ.update(environment(tmp, base_url))
            if options.command == "list":
                args = [*base, "list", "--json"]
                run_cli(args)  # builds the index
            elif options.command == "import":
                rows = tmp / "import.csv"
                with rows.open("w", encoding="utf-8", newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(["name", "werkgever_id", "username"])
                    for index in range(options.accounts * options.per_account):
                        writer.writerow([f"Import {index:05d} B.V.", str(700000 + index), "x"])
                args = ["--profiles", str(tmp / "imported"), "--config",
                        str(tmp / "config.toml"), "import", str(rows)]  # fmt: skip
            else:
                args = [*base, "check", "--all", "--json"]
            stdout = sys.stdout
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            start = time.perf_counter()
            try:
                if options.cprofile:
                    profiler = cProfile.Profile()
                    code = profiler.runcall(run_cli, args)
                else:
                    tracemalloc.start(1)
                    with PeakSnapshots() as peaks:
                        code = run_cli(args)
                    _, peak = tracemalloc.get_traced_memory()
                    tracemalloc.stop()
            finally:
                sys.stdout.close()
                sys.stdout = stdout
            print(f"exit {code}, {time.perf_counter() - start:.2f} s")
            if options.cprofile:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(options.top)
                pstats.Stats(profiler).sort_stats("tottime").print_stats(options.top)
            else:
                print(f"traced peak {peak / 1e6:.1f} MB; at the sampled peak:")
                if peaks.snapshot is not None:
                    for stat in peaks.snapshot.statistics("lineno")[: options.top]:
                        print(f"  {stat.size / 1e6:7.1f} MB {stat.count:8d}  {stat.traceback}")


if __name__ == "__main__":
    main()
