"""What Koppelaar reads from Loket's answers: small typed records and their parsers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.loket.errors import MalformedResponse

JsonObject = dict[str, Any]


@dataclass(frozen=True)
class User:
    first_name: str | None
    prefix: str | None
    last_name: str | None
    initials: str | None
    email: str | None
    role: str | None

    @property
    def display_name(self) -> str:
        parts = (self.first_name or self.initials, self.prefix, self.last_name)
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Employer:
    id: str
    employer_number: int | None
    company_name: str
    chamber_of_commerce_number: str | None
    administration_number: str | None


@dataclass(frozen=True)
class AuthorizationModelEntry:
    """One activity and the rechten, modules and roles that grant it (any one of each)."""

    activity: str
    functional_description: str | None
    authorizations: tuple[str, ...]
    modules: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Integration:
    application_id: str | None
    application_name: str | None
    created_on: str | None
    last_login: str | None
    is_blocked: bool
    application_blocked: bool


@dataclass(frozen=True)
class PayrollAdministration:
    id: str
    name: str | None
    client_number: int | None
    administration_number: str | None


@dataclass(frozen=True)
class ApplicationAuthorization:
    """An activity this API client (application) may perform, and what the user needs for it."""

    activity: str
    display_name: str | None
    required_user_authorizations: tuple[str, ...]
    required_employer_modules: tuple[str, ...]
    allowed_roles: tuple[str, ...]


def shape(detail: str) -> MalformedResponse:
    return MalformedResponse("shape", status=200, detail=detail)


def as_object(value: Any) -> JsonObject:
    return value if isinstance(value, dict) else {}


def as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def descriptions(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        d for d in (as_str(as_object(entry).get("description")) for entry in value) if d is not None
    )


def parse_employer(item: JsonObject) -> Employer:
    employer_id = as_str(item.get("id"))
    if employer_id is None:
        raise shape("an employer without an id")
    return Employer(
        id=employer_id,
        employer_number=as_int(item.get("employerNumber")),
        company_name=as_str(item.get("companyName")) or "",
        chamber_of_commerce_number=as_str(item.get("chamberOfCommerceNumber")),
        administration_number=as_str(
            as_object(item.get("providerSettings")).get("administrationNumber")
        ),
    )
