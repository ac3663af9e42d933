"""The ``koppelaar`` command: headless commands, and the TUI when no command is given.

Starting the TUI is the common case and must be quick. When the command line holds only the
global options, ``main`` reads them itself and starts the TUI without the Typer app (building
and parsing it imports typer with its click and a command module). Everything else goes
through the Typer app in ``tui.cli.app``; ``tui.cli.main.app`` is that app.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.config import ConfigError
from tui.gcpolicy import pause_for_startup
from tui.runtime import Runtime

if TYPE_CHECKING:
    import typer

# The options of the Typer app's callback; each takes a value (``--lang en``, ``--lang=en``).
GLOBAL_OPTIONS = ("--profiles", "--config", "--lang")


class UsageError(Exception):
    """A bad global option or settings file: said on standard error, exit code 2."""


class _Run:
    """The language of this process's run once its options are read: ``main``'s last-stop
    lines (an OS error, a crash) are said in it; every other line gets the runtime's."""

    language = "nl"


def open_runtime(profiles: str | None, config: str | None, lang: str | None) -> Runtime:
    if lang is not None and lang not in ("nl", "en"):
        raise UsageError(f"--lang {lang!r} is not allowed; use nl or en")
    try:
        runtime = Runtime.from_options(profiles, config, lang)
    except ConfigError as exc:
        raise UsageError(f"configuration error: {exc}") from None
    _Run.language = runtime.language
    return runtime


def global_options(args: Sequence[str]) -> dict[str, str] | None:
    """The global options in ``args`` by name, or None when ``args`` hold anything else.

    Anything else (a command, ``--help``, an option without its value) is Typer's to handle.
    """
    values: dict[str, str] = {}
    index = 0
    while index < len(args):
        name, equals, value = args[index].partition("=")
        if name not in GLOBAL_OPTIONS:
            return None
        if not equals:
            if index + 1 >= len(args) or args[index + 1].startswith("-"):
                return None
            value = args[index + 1]
            index += 1
        values[name.removeprefix("--")] = value
        index += 1
    return values


def no_terminal(lang: str) -> str | None:
    """Why the TUI cannot run here (one line, in ``lang``), or None.

    Without a terminal (``ssh host koppelaar`` without -t, input from a pipe) the TUI would
    read no keys and spin; it refuses instead (exit code 2).
    """
    if sys.stdin.isatty() and sys.stderr.isatty():
        return None
    from tui.text.i18n import t

    return t("tui.no_terminal", lang)


def start_tui(options: dict[str, str]) -> int:
    try:
        runtime = open_runtime(options.get("profiles"), options.get("config"), options.get("lang"))
    except UsageError as exc:
        print(f"koppelaar: {exc}", file=sys.stderr)
        return 2
    if refusal := no_terminal(runtime.language):
        print(f"koppelaar: {refusal}", file=sys.stderr)
        return 2
    runtime.start_loading_profiles()
    # Start-up builds many long-lived objects (modules, widgets, profiles): the cyclic
    # collector would only walk them over and over. The app enables it again (and freezes
    # what start-up built) once the dashboard shows the profiles.
    pause_for_startup()
    from tui.app import run_tui

    return run_tui(runtime)


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        from tui.cli.app import register_commands

        return register_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


EXIT_OS_ERROR = 2


def os_error_line(exc: OSError, lang: str) -> str:
    """One line for a file system error: the reason and the file, never a traceback."""
    from tui.text.i18n import t

    reason = exc.strerror or type(exc).__name__
    where = f" ({exc.filename})" if exc.filename else ""
    return t("os.failed", lang, reason=reason, where=where)


def main() -> None:
    from tui.secrets.redact import install_log_redaction

    install_log_redaction()
    _Run.language = "nl"  # until this run's options are read
    try:
        options = global_options(sys.argv[1:])
        if options is not None:
            sys.exit(start_tui(options))
        from tui.cli.app import register_commands

        register_commands(sys.argv[1:])()
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        print(os_error_line(exc, _Run.language), file=sys.stderr)
        sys.exit(EXIT_OS_ERROR)
    except Exception as exc:  # the last stop: a short line, details in a log
        from tui.crash import EXIT_CRASH, report

        print(report(exc, _Run.language), file=sys.stderr)
        sys.exit(EXIT_CRASH)
