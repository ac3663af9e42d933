"""One admin sign-in for many profiles: read, plan, apply, record, check again.

The admin signs in through the configured grant with their own secrets (the usual kinds under
the admin's user name), through the same token cache as the check, keyed by user name: the
admin's token and the NN users' tokens never mix.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import httpx

from tui.checks.checker import Checker, CheckRun
from tui.checks.probe import AccountProbe
from tui.config import Settings
from tui.loket.admin import AdminClient
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore, StoreError, now
from tui.repair import trail
from tui.repair.apply import OnStep, apply_plan
from tui.repair.audit import Reading, read_profile
from tui.repair.plan import ProfilePlan, make_plan
from tui.repair.providers import ProviderDirectory
from tui.text.phrase import Phrase, PhraseError, Verbatim


class AdminSignInError(PhraseError):
    """The admin could not sign in; ``reason`` says what to do, rendered by the UI or the CLI
    in its language (``render(lang)``). ``str()`` is the Dutch line."""


class RepairSession:
    def __init__(
        self,
        settings: Settings,
        secrets: Any,
        admin: str,
        *,
        store: ProfileStore | None = None,
        lang: str = "nl",
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.admin = admin
        self.lang = lang
        self.store = store
        self.checker = Checker(settings, secrets, store=store, lang=lang, transport=transport)
        self.client = AdminClient(self.checker.client)
        self._account: AccountProbe | None = None
        self.readings: dict[str, Reading] = {}

    async def __aenter__(self) -> RepairSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.checker.aclose()

    @property
    def requests(self) -> int:
        return self.checker.requests

    @property
    def writes(self) -> int:
        return self.client.writes

    def _say(self, key: str, **values: Any) -> Phrase:
        return Phrase(f"fix.signin.{key}", {"admin": self.admin, **values})

    async def sign_in(self) -> AccountProbe:
        if self._account is not None:
            return self._account
        prober = await self.checker.prober()
        account = await prober.account(self.admin)
        grant = self.checker.settings.loket.grant
        if account.missing_credentials:
            raise AdminSignInError(self._say(f"missing.{grant}"))
        if account.login in ("invalid_grant", "refresh_refused"):
            raise AdminSignInError(self._say("refused"))
        if account.token is None or account.index is None:
            raise AdminSignInError(
                Verbatim(account.fatal)
                if account.fatal
                else self._say("no_employers", why=account.employers_error or "?")
            )
        self._account = account
        return account

    async def read(self, profiles: Iterable[Profile]) -> dict[str, Reading]:
        account = await self.sign_in()
        assert account.index is not None
        todo = list(profiles)
        token = account.bearer
        providers = ProviderDirectory(self.client, token)
        readings = await asyncio.gather(
            *(read_profile(self.client, token, p, account.index, providers) for p in todo)
        )
        self.readings.update({p.slug: r for p, r in zip(todo, readings, strict=True)})
        return {p.slug: r for p, r in zip(todo, readings, strict=True)}

    async def plan(
        self, profiles: Iterable[Profile], remove_extra: bool = False
    ) -> list[ProfilePlan]:
        todo = list(profiles)
        readings = await self.read(todo)
        return [make_plan(p, self.admin, readings[p.slug], remove_extra) for p in todo]

    async def apply(self, plans: list[ProfilePlan], on_step: OnStep | None = None) -> list[str]:
        """Carry out every plan and record it in its profile; the save errors, if any."""
        account = await self.sign_in()
        token = account.bearer
        await asyncio.gather(
            *(apply_plan(self.client, token, p, self.lang, on_step) for p in plans)
        )
        errors = []
        if self.store is not None:
            at = now()
            for plan in plans:
                try:
                    await asyncio.to_thread(trail.record, self.store, plan, at)
                except StoreError as exc:
                    errors.append(f"{plan.slug}: {exc}")
        return errors

    async def recheck(
        self, profiles: Iterable[Profile], plans: Iterable[ProfilePlan] = ()
    ) -> CheckRun:
        """The check again; the rights as the plans read them back decide the right items."""
        from tui.repair.judge import refiner

        readings = dict(self.readings) | {plan.slug: plan.reading for plan in plans}
        self.checker.refine = refiner(readings, self.admin) if readings else None
        return await self.checker.check_profiles(list(profiles))
