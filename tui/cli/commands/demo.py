"""``koppelaar demo`` and the TUI start-up shared with the bare ``koppelaar`` command.

The demo runs over a temporary copy of the demo profiles against the embedded Loket.nl
simulator on 127.0.0.1, with the scenario's demo passwords in a session-only secret store.
Nothing is written to the repository's ``profiles/`` or to the user's real profiles.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from tui.config import replace
from tui.runtime import Runtime

DEMO_REDIRECT_URI = "http://127.0.0.1/callback"
DEMO_ADMIN = "beheer-demo"  # the demo's applicatiebeheerder (Herstel, fix --admin)


@contextmanager
def demo_world(runtime: Runtime) -> Iterator[tuple[Runtime, str]]:
    """A demo runtime wired to a running simulator; yields (runtime, simulator root URL).

    The caller's runtime is not changed; the demo one lives over a temporary copy and is
    cleaned up on exit.
    """
    from tui.loket.simulator import DEMO_SCENARIO, create_app, load_scenario, serve_in_thread
    from tui.secrets.store import SecretKind, SecretStore

    scenario = load_scenario(DEMO_SCENARIO)
    client = next(iter(scenario.clients.values()))
    demo = runtime.for_demo()
    try:
        with serve_in_thread(create_app(scenario)) as url:
            loket = replace(
                demo.settings.loket,
                environment="custom",
                api_url=f"{url}/v2",
                oauth_url=f"{url}/oauth",
                client_id=client.client_id,
                client_secret=client.client_secret,
                grant="password" if client.password_grant else "authorization_code",
                redirect_uri=DEMO_REDIRECT_URI,
                admin=demo.settings.loket.admin or DEMO_ADMIN,
            )
            secrets = SecretStore("session")
            for user in scenario.users.values():
                secrets.set(SecretKind.LOKET_PASSWORD, user.username, user.password)
            demo.settings = replace(demo.settings, loket=loket)
            demo.secrets = secrets
            yield demo, url
    finally:
        demo.close()


def run_demo(runtime: Runtime) -> int:
    from tui.app import Services, run_tui
    from tui.submission.demo import DemoOutbox

    with demo_world(runtime) as (demo, url):
        demo.start_loading_profiles()
        return run_tui(demo, Services(simulator_url=url, outbox=DemoOutbox(url)))


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(ctx: typer.Context) -> None:
        """The TUI over a copy of the demo profiles, against the embedded Loket.nl simulator."""
        from tui.cli.main import no_terminal

        runtime: Runtime = ctx.obj
        if refusal := no_terminal(runtime.language):
            typer.echo(f"koppelaar: {refusal}", err=True)
            raise typer.Exit(2)
        try:
            code = run_demo(runtime)
        except FileNotFoundError as exc:  # the demo profiles are not in this installation
            typer.echo(f"koppelaar: {exc}", err=True)
            raise typer.Exit(2) from None
        raise typer.Exit(code)
