"""Copy text to the clipboard of the terminal the user sits at, with OSC 52.

OSC 52 travels with the terminal's output, so it works over SSH. Inside tmux or GNU screen the
sequence is wrapped in a DCS passthrough so the multiplexer hands it on to the outer terminal
(tmux needs ``set -g allow-passthrough on`` or ``set-clipboard on``).
"""

from __future__ import annotations

import base64
import os
import sys
from collections.abc import Mapping

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"
# GNU screen truncates a DCS string after 768 bytes; chunks stay well below that.
_SCREEN_CHUNK = 76


class ClipboardError(Exception):
    """No terminal to write the sequence to; ``str()`` is the English line for logs, the
    submission says it with ``sub.clipboard.no_terminal``."""


def osc52(text: str) -> str:
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"{ESC}]52;c;{payload}{BEL}"


def osc52_sequence(text: str, env: Mapping[str, str] | None = None) -> str:
    """The bytes to write to the terminal, wrapped for tmux (``TMUX``) or screen (``STY``)."""
    env = os.environ if env is None else env
    sequence = osc52(text)
    if env.get("TMUX"):
        # tmux passthrough: every ESC inside the DCS string is doubled.
        return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ST}"
    if env.get("STY"):
        chunks = [sequence[i : i + _SCREEN_CHUNK] for i in range(0, len(sequence), _SCREEN_CHUNK)]
        return "".join(f"{ESC}P{chunk}{ST}" for chunk in chunks)
    return sequence


def copy_to_clipboard(
    text: str, env: Mapping[str, str] | None = None, tty_path: str = "/dev/tty"
) -> str:
    """Write the OSC 52 sequence to the controlling terminal (or to stdout when it is a TTY).

    Returns where it went; raises ``ClipboardError`` when there is no terminal to write to.
    """
    sequence = osc52_sequence(text, env).encode("ascii")
    try:
        fd = os.open(tty_path, os.O_WRONLY | os.O_NOCTTY)
    except OSError:
        fd = -1
    if fd >= 0:
        try:
            view = memoryview(sequence)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        return tty_path
    if sys.stdout.isatty():
        sys.stdout.buffer.write(sequence)
        sys.stdout.flush()
        return "stdout"
    raise ClipboardError("no terminal to send the clipboard sequence to (not a TTY)")
