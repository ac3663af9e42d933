"""``koppelaar fix [NAME...] [--all] --admin USERNAME [--apply] [--remove-extra] [--yes] [--json]``.

Reads each profile's NN user by name with the applicatiebeheerder's sign-in and plans the
repair; nothing is written to Loket.nl without ``--apply`` (DESIGN section 9). Exit codes: plan
0 = nothing to change, 1 = changes planned or blocked, 2 = usage or configuration; ``--apply``
0 = every profile ready or only waiting for an invited user, 1 otherwise.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tui.cli.commands.check import select_profiles
from tui.cli.typed import username_error
from tui.runtime import Runtime
from tui.text.i18n import t
from tui.text.safe import json_text, plain

if TYPE_CHECKING:
    from tui.repair.plan import ProfilePlan


def _say(lang: str, key: str, **values: Any) -> str:
    return t(f"fixcli.{key}", lang, **values)


def _usage(message: str) -> typer.Exit:
    typer.echo(f"koppelaar: {plain(message)}", err=True)
    return typer.Exit(2)


def waits_only_for_invite(plan: ProfilePlan) -> bool:
    invited = plan.waiting_for_invite or any(
        c.action == "invite_user" and c.status == "done" for c in plan.changes
    )
    return invited and not plan.blocked and all(c.status == "done" for c in plan.changes)


def register(app: typer.Typer) -> None:
    @app.command("fix")
    def fix(
        ctx: typer.Context,
        names: Annotated[
            list[str] | None,
            typer.Argument(help="Profiles to repair (their names).", show_default=False),
        ] = None,
        fix_all: Annotated[bool, typer.Option("--all", help="Every profile.")] = False,
        admin: Annotated[
            str | None,
            typer.Option("--admin", help="The applicatiebeheerder's Loket.nl user name."),
        ] = None,
        apply: Annotated[
            bool, typer.Option("--apply", help="Carry out the plan (after confirmation).")
        ] = False,
        remove_extra: Annotated[
            bool, typer.Option("--remove-extra", help="Also turn off rights beyond the six.")
        ] = False,
        yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    ) -> None:
        """Plan (and with --apply carry out) the repair of profiles with an admin sign-in."""
        from tui.checks.checker import CheckConfigError
        from tui.repair import report
        from tui.repair.session import AdminSignInError, RepairSession

        runtime: Runtime = ctx.obj
        lang = runtime.language
        admin_name = (admin or runtime.settings.loket.admin).strip()
        if not admin_name:
            raise _usage(_say(lang, "no_admin"))
        if why := username_error(admin_name, lang):
            raise _usage(why)
        profiles = select_profiles(runtime, names or [], fix_all)
        if apply and not yes and (as_json or not sys.stdin.isatty()):
            raise _usage(_say(lang, "needs_yes"))
        try:
            secrets = runtime.secret_store()
        except ValueError as exc:
            raise _usage(str(exc)) from None

        async def run() -> tuple[list[ProfilePlan], dict[str, str] | None, int, int, list[str]]:
            async with RepairSession(
                runtime.settings, secrets, admin_name, store=runtime.store, lang=lang
            ) as session:
                plans = await session.plan(profiles, remove_extra)
                pending = sum(len(p.pending) for p in plans)
                if not apply or pending == 0:
                    checked = None
                    if apply:  # nothing to change: say where each profile stands
                        run = await session.recheck(profiles, plans)
                        checked = {r.slug: r.status for r in run.results}
                    return plans, checked, session.requests, session.writes, []
                if not yes:
                    typer.echo(report.render_text(plans, admin_name, lang, {}))
                    question = _say(lang, "confirm", n=pending, count=pending, admin=admin_name)
                    if not await asyncio.to_thread(typer.confirm, question, default=False):
                        typer.echo(_say(lang, "cancelled"))
                        raise typer.Exit(1)
                errors = await session.apply(plans)
                run = await session.recheck(profiles, plans)
                checked = {r.slug: r.status for r in run.results}
                return plans, checked, session.requests, session.writes, errors

        try:
            plans, checked, requests, writes, errors = asyncio.run(run())
        except CheckConfigError as exc:
            raise _usage(f"configuration error: {exc}") from None
        except AdminSignInError as exc:
            typer.echo(f"koppelaar: {plain(exc.render(lang))}", err=True)
            raise typer.Exit(1) from None
        if checked is not None:
            runtime.store.flush_index()
        for error in errors:
            typer.echo(plain(_say(lang, "not_saved", what=error)), err=True)
        if as_json:
            typer.echo(
                json_text(report.to_json(plans, admin_name, lang, requests, writes, checked))
            )
        else:
            status = {s: t(f"status.{v}", lang) for s, v in (checked or {}).items()}
            typer.echo(report.render_text(plans, admin_name, lang, status))
            typer.echo(
                _say(
                    lang,
                    "summary",
                    profiles=len(plans),
                    changes=sum(len(p.changes) for p in plans),
                    blocked=sum(len(p.blocked) for p in plans),
                    requests=requests,
                    writes=writes,
                )
            )
        if checked is None:
            changed = any(p.changes or p.blocked for p in plans)
            raise typer.Exit(1 if changed else 0)
        fine = all(checked.get(p.slug) == "ready" or waits_only_for_invite(p) for p in plans)
        # a change that failed or whose outcome is unknown is never a success, even when the
        # profile is ready without it (e.g. a 2FA requirement that stays: only a warning)
        fine = fine and not any(c.status != "done" for p in plans for c in p.changes)
        raise typer.Exit(0 if fine and plans else 1)
