"""The Typer app of the ``koppelaar`` command: the global options and every command module.

``tui.cli.main.main`` builds this only when the command line may name a command; the bare
``koppelaar`` starts the TUI without it.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from tui.cli.main import GLOBAL_OPTIONS, UsageError, open_runtime

app = typer.Typer(
    name="koppelaar",
    help="Connect Loket.nl to NN's XpertSuite: check every step before anything is sent.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

# Each module defines ``register(app)``.
COMMAND_MODULES = (
    "tui.cli.commands.profiles",
    "tui.cli.commands.demo",
    "tui.cli.commands.check",
    "tui.cli.commands.fix",
    "tui.cli.commands.discover",
    "tui.cli.commands.login",
    "tui.cli.commands.submit",
    "tui.cli.commands.simulator",
    "tui.cli.commands.secrets",
    "tui.cli.commands.setup",
)


def fail_usage(message: str) -> typer.Exit:
    typer.echo(f"koppelaar: {message}", err=True)
    return typer.Exit(2)


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    profiles: Annotated[
        str | None,
        typer.Option("--profiles", help="Profiles directory (env KOPPELAAR_PROFILES)."),
    ] = None,
    config: Annotated[
        str | None, typer.Option("--config", help="Settings file (env KOPPELAAR_CONFIG).")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language: nl (default) or en.")
    ] = None,
) -> None:
    try:
        runtime = open_runtime(profiles, config, lang)
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    ctx.obj = runtime
    if ctx.invoked_subcommand is None:
        from tui.app import run_tui
        from tui.cli.main import no_terminal

        if refusal := no_terminal(runtime.language):
            raise fail_usage(refusal)
        raise typer.Exit(run_tui(runtime))


# The module of each command: a run imports only its own command's module (``list --json``
# at 10,000 profiles need not import httpx, keyring and the e-mail package).
COMMANDS = {
    "list": "tui.cli.commands.profiles",
    "import": "tui.cli.commands.profiles",
    "export": "tui.cli.commands.profiles",
    "demo": "tui.cli.commands.demo",
    "check": "tui.cli.commands.check",
    "fix": "tui.cli.commands.fix",
    "discover": "tui.cli.commands.discover",
    "login": "tui.cli.commands.login",
    "submit": "tui.cli.commands.submit",
    "simulator": "tui.cli.commands.simulator",
    "secrets": "tui.cli.commands.secrets",
    "setup": "tui.cli.commands.setup",
}
_registered: list[str] = []


def command_name(args: list[str]) -> str | None:
    """The command ``args`` name after the global options, or None (``--help``, nothing)."""
    index = 0
    while index < len(args):
        name, equals, _ = args[index].partition("=")
        if name in GLOBAL_OPTIONS:
            index += 1 if equals else 2
            continue
        return None if args[index].startswith("-") else args[index]
    return None


def register_commands(args: list[str] | None = None) -> typer.Typer:
    """The app with the command ``args`` name registered, or every command when they name
    none that is known (help, a typo: Typer then lists them all)."""
    command = command_name(args) if args is not None else None
    names = [COMMANDS[command]] if command in COMMANDS else list(COMMAND_MODULES)
    for name in names:
        if name not in _registered:
            importlib.import_module(name).register(app)
            _registered.append(name)
    # the order of the help text, whatever order they were registered in
    app.registered_commands.sort(key=lambda info: COMMAND_MODULES.index(_module(info)))
    return app


def _module(info: typer.models.CommandInfo) -> str:
    module = getattr(info.callback, "__module__", "")
    return module if module in COMMAND_MODULES else COMMAND_MODULES[0]
