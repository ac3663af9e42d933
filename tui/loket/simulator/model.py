"""The simulator's authorization model: activities and what grants them.

The data is ``authorization_model.toml`` beside this module (see its header: written from
Loket's OpenAPI document, independent of the checker's own rights data). An activity passes for
a user and employer when the client is linked to it, the user holds one of its rights (an empty
list: any user who reaches the employer), the user's role is one of its roles (empty: any), and
the employer has one of its modules (empty, or employer modules not modelled: any). Names of
activities and rights compare case-insensitively, as a client must compare them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

import msgspec

from tui.typed_data import convert

MODEL_FILE = Path(__file__).with_name("authorization_model.toml")
DEFAULT_ROLES = ("Provider", "Werkgever")


class Activity(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One activity, as ``authorization_model.toml`` and a scenario's ``[[activities]]`` give it."""

    name: str  # as the authorization model spells it
    rights: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # in the model file, empty means DEFAULT_ROLES
    scope: Literal["employer", "user"] = "employer"
    functional_description: str = ""
    listed_as: str = ""  # as the employer's authorizations list spells it, when it differs

    @property
    def key(self) -> str:
        return self.name.casefold()

    @property
    def listed_name(self) -> str:
        return self.listed_as or self.name

    def granted_by(self, rights: frozenset[str]) -> bool:
        """``rights`` casefolded: the user holds one of this activity's rights (or none needed)."""
        return not self.rights or any(r.casefold() in rights for r in self.rights)


class _ModelFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    activities: tuple[Activity, ...]


def activity_key(name: str) -> str:
    return name.casefold()


def load_model(path: Path = MODEL_FILE) -> dict[str, Activity]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    activities: dict[str, Activity] = {}
    for activity in convert(data, _ModelFile, str(path)).activities:
        if not activity.roles:
            activity = msgspec.structs.replace(activity, roles=DEFAULT_ROLES)
        activities[activity.key] = activity
    return activities


BUILTIN_ACTIVITIES: dict[str, Activity] = load_model()
