"""Every bench, one after another: ``python tests/bench/run_all.py [--quick]``.

Prints each figure against its bound and exits 1 when any bound is missed. ``--quick`` runs
fewer rounds (the bounds stay the same). Not part of the pytest run: timings on a busy machine
belong here, on demand.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from benchlib import report

BENCHES = [
    "bench_store",
    "bench_check",
    "bench_tui_start",
    "bench_tui_stall",
    "bench_tui_scale",
    "bench_tui_scale_stall",
]


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    ok = True
    for name in BENCHES:
        module = importlib.import_module(name)
        started = time.perf_counter()
        print(f"== {name}{' (quick)' if quick else ''}")
        results = module.run(**(module.QUICK if quick else {}))
        ok = report(results) and ok
        print(f"   ({time.perf_counter() - started:.1f} s)")
    print("all bounds met" if ok else "SOME BOUNDS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
