"""Issue 17: ``koppelaar demo`` from a built wheel, installed in a fresh venv, run in a pty.

The wheel is built with pip (hatchling from the package index, as ``pip install .`` does) and
installed without dependencies into a new venv; the dependencies come from this test's own
environment through PYTHONPATH (which holds no ``tui``: the editable install is a .pth file
that PYTHONPATH does not read), so the ``tui`` that runs is the wheel's. The demo must find its
profiles inside the wheel and draw the employers at 80x24.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import sysconfig
import termios
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def build_wheel(out: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 and "hatchling" in done.stderr and "No matching" in done.stderr:
        pytest.skip("no package index to fetch the build backend from")
    assert done.returncode == 0, done.stderr
    return next(out.glob("koppelaar-*.whl"))


def run_in_pty(argv: list[str], env: dict[str, str], cwd: Path, seconds: float) -> str:
    """Start ``argv`` on a pty of 80x24, collect its output for a while, then press q."""
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.chdir(cwd)
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    output = b""
    deadline = time.monotonic() + seconds
    quit_sent = False
    while True:
        if time.monotonic() > deadline and not quit_sent:
            os.write(fd, b"q")
            quit_sent = True
            deadline = time.monotonic() + 10
        elif time.monotonic() > deadline:
            os.kill(pid, 9)
            break
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if not quit_sent and b"Bakkerij" in output and b"Tandartspraktijk" in output:
                deadline = min(deadline, time.monotonic() + 1.0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output[-2000:]
    return output.decode("utf-8", "replace")


def test_demo_from_wheel_in_fresh_venv_draws_rows(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist")
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=True)
    install = subprocess.run(
        [str(fresh / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    site = sysconfig.get_paths()["purelib"]
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": f"{fresh / 'bin'}:/usr/bin:/bin",
        "HOME": str(home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PYTHONPATH": site,
        "KOPPELAAR_SECRETS": "session",
    }
    where = subprocess.run(
        [str(fresh / "bin" / "python"), "-c", "import tui; print(tui.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=60,
    )
    assert str(fresh) in where.stdout, where  # the wheel's tui, not the checkout's
    assert shutil.which("koppelaar", path=env["PATH"]) == str(fresh / "bin" / "koppelaar")
    screen = run_in_pty([str(fresh / "bin" / "koppelaar"), "demo"], env, home, seconds=20)
    assert "Traceback" not in screen
    assert "missing from this installation" not in screen
    for name in ("Bakkerij", "Tandartspraktijk", "Hoveniersbedrijf"):
        assert name in screen, name
