"""``koppelaar discover USERNAME [--json] [--create]``: the employers a Loket.nl user reaches.

Exit codes: 0 when the employers were listed (and, with ``--create``, the new profiles made and
checked, whatever the checks found), 1 on a sign-in, Loket.nl or write failure (the message says
what to do), 2 on a usage or configuration error.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from tui.cli.typed import username_error
from tui.cli.unlock import open_secrets
from tui.discovery.text import say
from tui.profiles.store import StoreError
from tui.runtime import Runtime
from tui.text.safe import json_text


def register(app: typer.Typer) -> None:
    @app.command("discover")
    def discover_command(
        ctx: typer.Context,
        username: Annotated[str, typer.Argument(help="The Loket.nl user name.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
        create: Annotated[
            bool, typer.Option("--create", help="Make and check a profile for each new employer.")
        ] = False,
    ) -> None:
        """List the employers a Loket.nl user reaches and which already have a profile."""
        # The checker and httpx load only when this command runs: not for every command.
        from tui.checks.checker import CheckConfigError
        from tui.cli.commands.check import render_table
        from tui.cli.discover_run import fail as _fail
        from tui.cli.discover_run import render_entries, run_discover
        from tui.discovery.discover import DiscoveryError

        runtime: Runtime = ctx.obj
        lang = runtime.language
        if not username.strip():
            raise _fail(say("usage.username", lang), 2)
        if why := username_error(username, lang):
            raise _fail(why, 2)
        try:
            open_secrets(runtime)
        except ValueError as exc:
            raise _fail(str(exc), 2) from None
        try:
            run = asyncio.run(run_discover(runtime, username, create))
        except CheckConfigError as exc:
            raise _fail(f"configuration error: {exc}", 2) from None
        except DiscoveryError as exc:
            raise _fail(exc.message, 1) from None
        except StoreError as exc:
            raise _fail(str(exc), 1) from None
        if as_json:
            typer.echo(json_text(run.to_json(lang)))
        else:
            typer.echo(render_entries(run.result, lang))
            if create:
                if run.created:
                    typer.echo(say("created", lang, n=len(run.created), count=len(run.created)))
                elif run.create_error is None:
                    typer.echo(say("nothing_new", lang))
                if run.checks is not None:
                    typer.echo("")
                    typer.echo(render_table(run.checks, lang))
        if run.create_error is not None:
            raise _fail(run.create_error, 1)
        raise typer.Exit(0)
