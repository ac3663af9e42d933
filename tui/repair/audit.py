"""Read one profile's NN user by name with the admin's token: no write request here.

Per profile: the employer's users (paged) to find the user by ``userName``, then that user's
authorizations by ``description``. A 403 means the signed-in user is not applicatiebeheerder
of that employer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.checks.probe import EmployerIndex
from tui.loket.admin import AdminClient, EmployerUser, UserRight
from tui.loket.errors import Forbidden, LoketError
from tui.profiles.model import Profile
from tui.repair.names import access_kind
from tui.repair.providers import ProviderDirectory


@dataclass
class Reading:
    """What the admin's sign-in showed about one profile."""

    employer_id: str | None = None
    employer_name: str | None = None
    employer_number: int | None = None
    user: EmployerUser | None = None
    invited: EmployerUser | None = None  # an open invitation for the profile's contact e-mail
    provider_user: EmployerUser | None = None  # the NN user as a user of the provider
    teams: list[str] = field(default_factory=list)  # teams linking that user to the employer
    provider_unreadable: bool = False  # the provider's users could not be read
    rights: list[UserRight] | None = None
    problem: str | None = None  # employer_not_found | not_admin | error
    detail: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def target(self) -> EmployerUser | None:
        """The employer user Koppelaar may change: the NN user, or the invitation sent for it."""
        return self.user or self.invited

    @property
    def holder(self) -> EmployerUser | None:
        """Whoever's rights were read by name: the employer user, or the provider user."""
        return self.user or self.provider_user


def contact(profile: Profile) -> tuple[str | None, str | None, str | None]:
    """The profile's contact name, e-mail and phone (``[contact]`` name, email, phone)."""
    table = profile.raw.get("contact")
    table = table if isinstance(table, dict) else {}
    name, phone = table.get("name"), table.get("phone")
    return (
        name if isinstance(name, str) and name.strip() else None,
        profile.contact_email,
        phone if isinstance(phone, str) and phone.strip() else None,
    )


def resolve(profile: Profile, index: EmployerIndex) -> tuple[str, str, int | None] | None:
    """The employer (id, name, number) the profile means, among those the admin reaches."""
    for typed in (profile.werkgever_id, profile.loket_id):
        if not typed:
            continue
        found = index.by_id(typed)
        if found is not None:
            employer = found[1]
            return employer.id, employer.company_name, employer.employer_number
    return None


async def read_profile(
    admin: AdminClient,
    token: str,
    profile: Profile,
    index: EmployerIndex,
    providers: ProviderDirectory | None = None,
) -> Reading:
    reading = Reading()
    resolved = resolve(profile, index)
    if resolved is None:
        reading.problem = "employer_not_found"
        return reading
    reading.employer_id, reading.employer_name, reading.employer_number = resolved
    try:
        users = await admin.employer_users(token, reading.employer_id)
    except Forbidden:
        reading.problem = "not_admin"
        return reading
    except LoketError as exc:
        reading.problem, reading.detail = "error", exc.message
        return reading
    wanted = profile.username.strip().casefold()
    reading.user = next(
        (u for u in users if u.username and u.username.strip().casefold() == wanted), None
    )
    if reading.user is None:
        _, email, _ = contact(profile)
        if email:
            reading.invited = next(
                (
                    u
                    for u in users
                    if u.username is None
                    and access_kind(u.access_status.value) == "invited"
                    and (u.email or "").casefold() == email.strip().casefold()
                ),
                None,
            )
    target = reading.target
    if target is None:
        if providers is not None:
            await _provider_user(reading, providers, profile.username)
        return reading
    try:
        reading.rights = await admin.user_rights(token, reading.employer_id, target.id)
    except LoketError as exc:
        reading.problem, reading.detail = "error", exc.message
    return reading


async def _provider_user(reading: Reading, providers: ProviderDirectory, username: str) -> None:
    user = await providers.find(username)
    reading.provider_unreadable = not providers.readable
    if user is None:
        return
    reading.provider_user = user
    assert reading.employer_id is not None
    try:
        reading.rights = await providers.rights(user)
        reading.teams = await providers.teams_for(user.id, reading.employer_id)
    except LoketError as exc:
        reading.problem, reading.detail = "error", exc.message
