"""What every bench shares: print ``name: value (bound, ratio)`` and fail on a missed bound."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

Result = tuple[str, float, float, str]


def report(results: Sequence[Result]) -> bool:
    """Print each figure against its bound; True when every bound is met."""
    ok = True
    for name, value, bound, unit in results:
        ratio = value / bound
        met = ratio <= 1.0
        ok = ok and met
        mark = "" if met else "  <- BOUND MISSED"
        print(f"{name}: {value:.3g}{unit} (bound {bound:g}{unit}, ratio {ratio:.2f}){mark}")
    return ok


def main(run: Callable[..., Sequence[Result]], quick_args: dict[str, object]) -> None:
    """``python tests/bench/<bench>.py [--quick]``: exit 1 when a bound is missed."""
    quick = "--quick" in sys.argv[1:]
    sys.exit(0 if report(run(**(quick_args if quick else {}))) else 1)


def create_cost_us(folder: Path, files: int = 2000) -> float:
    """Microseconds to create one empty file in a new folder under ``folder``, now. On a file
    system without a journal (this machine's ext4) the kernel's inode allocator passes over
    every inode freed in the last 1-5 minutes: after a mass deletion this rises from ~20 us to
    ~450 us, and everything that creates files slows with it. The files stay (deleting them
    would slow the next measurement the same way)."""
    scratch = folder / f"create-cost-{time.monotonic_ns()}"
    scratch.mkdir()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    start = time.perf_counter()
    for n in range(files):
        os.close(os.open(scratch / str(n), flags, 0o600))
    return (time.perf_counter() - start) / files * 1e6
