"""The dashboard at provider scale: 10,000 profiles on 100 accounts, in an 80x24 pty.

Figures, each against the minimal Textual app (``minimal_app.py``) in the same run:
- start: spawn until the first row of the table is drawn;
- peak memory (VmHWM) at that frame;
- first key: ``/`` typed the moment the first frame is drawn; spawn until the filter shows
  its cursor (the key was handled and drawn).

Both programs run the same way (``bench_tui_start.pty_session``); Koppelaar as users run it,
``python -m tui`` with the profiles as an import leaves them, secrets in a file-backed keyring
(``bench_scale``). A first run builds the profile index, as the first start after an import
does; the rounds after it start as every later start does.
"""

from __future__ import annotations

import compileall
import os
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_scale import provider_folder
from bench_tui_start import pty_session

HERE = Path(__file__).parent
ACCOUNTS, PER_ACCOUNT = 100, 100
START_RATIO = 1.3
MEMORY_RATIO = 1.5
KEY_RATIO = 1.5
APP_FIRST_ROW = b"Bedrijf 000 0001 B.V."
BASE_FIRST_ROW = b"Werkgever 0000 B.V."
SLASH = b"/"
# The filter's cursor on the first character of its placeholder ("Filter ..." in both apps):
# that one cell drawn in a style of its own, the rest of the placeholder after it.
FILTER_FOCUSED = re.compile(rb"\x1b\[[0-9;]*mF\x1b\[0m\x1b\[[0-9;]*milter")


def measure(rounds: int = 5, accounts: int = ACCOUNTS, per_account: int = PER_ACCOUNT):
    compileall.compile_dir(HERE.parent.parent / "tui", quiet=1)
    total = accounts * per_account
    with provider_folder(accounts, per_account) as (tmp, profiles, env):
        env.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
        env.pop("NO_COLOR", None)
        app = [sys.executable, "-m", "tui", "--profiles", str(profiles), "--config",
               str(tmp / "config.toml")]  # fmt: skip
        base = [sys.executable, str(HERE / "minimal_app.py")]
        pty_session(app, APP_FIRST_ROW, env, timeout=60)  # builds the index
        figures: dict[str, list[float]] = {k: [] for k in ("bt", "bm", "bk", "at", "am", "ak")}
        for _ in range(rounds):
            for who, argv, marker in (("b", base, BASE_FIRST_ROW), ("a", app, APP_FIRST_ROW)):
                t, m, k = pty_session(argv, marker, env, key=SLASH, effect=FILTER_FOCUSED)
                figures[who + "t"].append(t)
                figures[who + "m"].append(m)
                figures[who + "k"].append(k or 0.0)
    med = {k: statistics.median(v) for k, v in figures.items()}
    peak = {k: max(figures[k]) for k in ("am", "bm")}
    print(
        f"  load average {os.getloadavg()}; {rounds} rounds, medians:\n"
        f"  baseline: first frame {med['bt']:.3f} s, first key {med['bk']:.3f} s, "
        f"peak {peak['bm']:.1f} MiB\n"
        f"  koppelaar, {total} profiles: first frame {med['at']:.3f} s, first key "
        f"{med['ak']:.3f} s, peak {peak['am']:.1f} MiB"
    )
    return [
        (f"tui: first frame with rows, {total} profiles (x baseline)", med["at"] / med["bt"],
         START_RATIO, "x"),
        (f"tui: peak memory at that frame, {total} profiles (x baseline)", peak["am"] / peak["bm"],
         MEMORY_RATIO, "x"),
        (f"tui: first key handled after start, {total} profiles (x baseline)",
         med["ak"] / med["bk"], KEY_RATIO, "x"),
    ]  # fmt: skip


run = measure
QUICK: dict[str, object] = {"rounds": 3}

if __name__ == "__main__":
    from benchlib import main

    main(run, QUICK)
