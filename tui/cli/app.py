"""The Typer app of the ``koppelaar`` command: the global options and every command module.

``tui.cli.main.main`` builds this only when the command line may name a command; the bare
``koppelaar`` starts the TUI without it.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from tui.cli.main import UsageError, open_runtime

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

        if refusal := no_terminal():
            raise fail_usage(refusal)
        raise typer.Exit(run_tui(runtime))


def _register_all() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register_all()
