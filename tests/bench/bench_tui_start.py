"""Start-up to the first dashboard frame in a pseudo-terminal at 80x24, against a baseline.

Both programs run the same way: a fresh process on a pty, timed from spawn until the first
row of the table has been drawn; peak memory is the child's maxrss at that moment.
"""

from __future__ import annotations

import compileall
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

from bench_store import make_profiles

HERE = Path(__file__).parent
TIME_RATIO = 1.5
MEMORY_RATIO = 1.5


def run_in_pty(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0):
    """(seconds from spawn until ``marker`` was drawn, peak MiB at that moment)."""
    elapsed, peak, _ = pty_session(argv, marker, env, timeout)
    return elapsed, peak


def pty_session(
    argv: list[str],
    marker: bytes,
    env: dict[str, str],
    timeout: float = 30.0,
    key: bytes | None = None,
    effect: re.Pattern[bytes] | None = None,
) -> tuple[float, float, float | None]:
    """Spawn ``argv`` on an 80x24 pty; time from spawn until ``marker`` is drawn and read the
    program's peak memory then. With ``key``: type it at that moment and time from spawn until
    the output after it matches ``effect`` (the screen shows the key was handled)."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    seen = b""
    elapsed = key_elapsed = None
    peak = 0.0
    after_key = -1
    while time.perf_counter() - start < timeout:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen += chunk
        if elapsed is None and marker in seen:
            elapsed = time.perf_counter() - start
            # The program's own peak (VmHWM of its address space). ru_maxrss of a child
            # forked from this process would include this process's size at the fork, which
            # Linux carries across exec: both apps then read as large as the bench itself.
            peak = _peak_mib(pid)
            if key is None:
                break
            after_key = len(seen)
            os.write(fd, key)
        elif after_key >= 0 and effect is not None and effect.search(seen, after_key):
            key_elapsed = time.perf_counter() - start
            break
    os.kill(pid, signal.SIGKILL)
    os.wait4(pid, 0)
    os.close(fd)
    if elapsed is None or (key is not None and key_elapsed is None):
        raise RuntimeError(f"{argv} never drew {marker!r}; output tail: {seen[-400:]!r}")
    return elapsed, peak, key_elapsed


def _peak_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc: this bench measures memory on Linux only")


def measure(rounds: int = 9) -> list[tuple[str, float, float, str]]:
    # Both apps start from compiled bytecode, as an installed program does: pip compiles
    # Textual's at install, and Koppelaar's (an editable install) is compiled here, since
    # PYTHONDONTWRITEBYTECODE would otherwise make every round compile it from source.
    compileall.compile_dir(HERE.parent.parent / "tui", quiet=1)
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.pop("NO_COLOR", None)
    with tempfile.TemporaryDirectory() as tmp:
        profiles = Path(tmp) / "profiles"
        make_profiles(profiles, 1000)
        app_argv = [
            sys.executable,
            "-m",
            "tui",
            "--profiles",
            str(profiles),
            "--config",
            str(Path(tmp) / "config.toml"),
        ]
        base_argv = [sys.executable, str(HERE / "minimal_app.py")]
        app_t, app_m, base_t, base_m = [], [], [], []
        for _ in range(rounds):
            t, m = run_in_pty(base_argv, b"Werkgever 0000 B.V.", env)
            base_t.append(t)
            base_m.append(m)
            t, m = run_in_pty(app_argv, b"Werkgever 0000 B.V.", env)
            app_t.append(t)
            app_m.append(m)
    at, bt = statistics.median(app_t), statistics.median(base_t)
    am, bm = max(app_m), max(base_m)
    print(f"  baseline start {bt:.3f} s, peak {bm:.1f} MiB; koppelaar {at:.3f} s, {am:.1f} MiB")
    return [
        (
            "tui: start to first dashboard frame, 1,000 profiles (x baseline)",
            at / bt,
            TIME_RATIO,
            "x",
        ),
        ("tui: peak memory at first frame (x baseline)", am / bm, MEMORY_RATIO, "x"),
    ]


run = measure
QUICK: dict[str, object] = {"rounds": 3}

if __name__ == "__main__":
    from benchlib import main

    main(run, QUICK)
