"""Run the ``koppelaar`` CLI with short HTTP timeouts, for tests that provoke timeouts.

    python -m tests.hardening.cli_with_timeouts check --all --json

The read/connect timeouts come from KOPPELAAR_TEST_READ_TIMEOUT / KOPPELAAR_TEST_CONNECT_TIMEOUT
(seconds). The client exposes no timeout setting, so the Checker's factory for the shared HTTP
client is wrapped here; everything else is the real command.
"""

from __future__ import annotations

import functools
import os

import httpx

import tui.checker
from tui.cli import main
from tui.loket.http import make_http_client


def install_short_timeouts() -> None:
    read = float(os.environ.get("KOPPELAAR_TEST_READ_TIMEOUT", "1.0"))
    connect = float(os.environ.get("KOPPELAAR_TEST_CONNECT_TIMEOUT", "1.0"))
    timeout = httpx.Timeout(read, connect=connect, pool=read * 10)
    tui.checker.make_http_client = functools.partial(make_http_client, timeout=timeout)  # type: ignore[attr-defined]


if __name__ == "__main__":
    install_short_timeouts()
    main()
