"""What every bench shares: print ``name: value (bound, ratio)`` and fail on a missed bound."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

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
