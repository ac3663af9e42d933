"""``koppelaar simulator [--port N] [--scenario FILE]``: the Loket.nl simulator on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("simulator")
    def simulator(
        port: Annotated[int, typer.Option(help="Port on 127.0.0.1.", min=1, max=65535)] = 8080,
        scenario: Annotated[
            Path | None,
            typer.Option(
                help="Scenario TOML file (default: the bundled demo world).", dir_okay=False
            ),
        ] = None,
    ) -> None:
        """Run the Loket.nl simulator on 127.0.0.1 (API under /v2, OAuth under /oauth)."""
        from tui.loket.simulator.scenario import ScenarioError, load_scenario
        from tui.loket.simulator.server import run

        if scenario is not None:
            try:
                load_scenario(scenario)
            except ScenarioError as exc:
                typer.echo(f"error: {exc}", err=True)
                raise typer.Exit(2) from None
        run(port, scenario)
