"""``koppelaar demo`` and the TUI start-up shared with the bare ``koppelaar`` command."""

from __future__ import annotations

import typer

from tui.runtime import Runtime


def run_tui(runtime: Runtime) -> int:
    from tui.app import KoppelaarApp

    app = KoppelaarApp(runtime)
    app.run()
    return app.return_code or 0


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(ctx: typer.Context) -> None:
        """The TUI over a copy of the demo profiles, against the embedded Loket.nl simulator."""
        runtime: Runtime = ctx.obj
        demo_runtime = runtime.for_demo()
        try:
            code = run_tui(demo_runtime)
        finally:
            demo_runtime.close()
        raise typer.Exit(code)
