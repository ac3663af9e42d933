"""The provider's users and teams, read once per admin session and only when needed.

A profile's NN user who is not among the employer's users may be a provider user who reaches
the employer through a team (authorization group). Koppelaar then reads that user's rights by
name and names the teams linked to both the user and the employer; it changes nothing there
(a team's rights are shared by every user and employer in it).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from tui.loket.admin import AdminClient, EmployerUser, UserRight
from tui.loket.errors import LoketError


@dataclass
class ProviderDirectory:
    admin: AdminClient
    token: str
    # False when the provider's users could not be read (403, error) or no provider was
    # listed (an employer's own admin sees none): then a user missing here may still exist
    readable: bool = True
    _providers: list[tuple[str, str]] = field(default_factory=list)
    _users: dict[str, EmployerUser] = field(default_factory=dict)
    _teams: list[tuple[str, set[str], set[str]]] = field(default_factory=list)
    _loaded: asyncio.Task[None] | None = None
    _teams_loaded: asyncio.Task[None] | None = None

    async def find(self, username: str) -> EmployerUser | None:
        if self._loaded is None:
            self._loaded = asyncio.ensure_future(self._load_users())
        await asyncio.shield(self._loaded)
        return self._users.get(username.strip().casefold())

    async def _load_users(self) -> None:
        try:
            self._providers = await self.admin.providers(self.token)
            if not self._providers:
                self.readable = False
            for provider_id, _ in self._providers:
                for user in await self.admin.provider_users(self.token, provider_id):
                    if user.username:
                        self._users[user.username.strip().casefold()] = user
        except LoketError:
            self.readable = False

    async def rights(self, user: EmployerUser) -> list[UserRight]:
        return await self.admin.provider_user_rights(self.token, user.id)

    async def teams_for(self, user_id: str, employer_id: str) -> list[str]:
        """The names of the teams linking this user to this employer."""
        if self._teams_loaded is None:
            self._teams_loaded = asyncio.ensure_future(self._load_teams())
        await asyncio.shield(self._teams_loaded)
        user, employer = user_id.lower(), employer_id.lower()
        return [
            name
            for name, users, employers in self._teams
            if user in users and employer in employers
        ]

    async def _load_teams(self) -> None:
        try:
            for provider_id, _ in self._providers:
                for team_id, name in await self.admin.teams(self.token, provider_id):
                    users, employers = await self.admin.team_links(self.token, team_id)
                    self._teams.append((name, users, employers))
        except LoketError:
            self._teams.clear()
