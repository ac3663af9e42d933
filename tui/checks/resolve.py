"""The typed werkgever ID resolved among the employers an account reaches.

An ``employerNumber`` (what the Loket UI shows as Werkgever ID) or the employer's GUID (Loket's
API id) resolves it. A number that is one employer's employerNumber and also the clientNumber
of another employer's payroll administration is ambiguous: both are named, neither is picked.
A clientNumber, administrationNumber or the provider's administration number typed by mistake is
recognised and named.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Literal

from tui.checks.facts import EmployerInfo, Resolution
from tui.checks.werkgever_id import as_number, canonical_guid, id_form, same_number
from tui.loket.client import Employer, PayrollAdministration
from tui.profiles.model import slugify

# Without a name match, the payroll administrations of at most this many employers are searched
# for a client or administration number typed as the werkgever ID (and for a clientNumber that
# makes a werkgever ID ambiguous).
MAX_ADMINISTRATION_SCAN = 25

Administrations = Callable[[str], Awaitable[list[PayrollAdministration]]]


def employer_info(employer: Employer) -> EmployerInfo:
    return EmployerInfo(employer.id, employer.employer_number, employer.company_name)


class EmployerIndex:
    """The account's employers by werkgever ID, GUID, provider number and name, built once."""

    def __init__(self, employers: list[Employer]) -> None:
        self._by_number: dict[int, Employer] = {}
        self._by_guid: dict[str, Employer] = {}
        self._by_provider: dict[str, Employer] = {}
        self._by_name: dict[str, list[Employer]] = {}
        for employer in employers:
            if employer.employer_number is not None:
                self._by_number.setdefault(employer.employer_number, employer)
            self._by_guid.setdefault(canonical_guid(employer.id) or employer.id.lower(), employer)
            if employer.administration_number:
                key = employer.administration_number.strip().casefold()
                self._by_provider.setdefault(key, employer)
            self._by_name.setdefault(slugify(employer.company_name), []).append(employer)

    def by_id(self, typed: str) -> tuple[Literal["employer_number", "guid"], Employer] | None:
        form = id_form(typed)
        if form == "number":
            number = as_number(typed)
            found = self._by_number.get(number) if number is not None else None
            return ("employer_number", found) if found is not None else None
        if form == "guid":
            found = self._by_guid.get(canonical_guid(typed) or "")
            return ("guid", found) if found is not None else None
        return None

    def by_provider_number(self, typed: str) -> Employer | None:
        return self._by_provider.get(typed.strip().casefold()) if typed.strip() else None

    def by_name(self, name: str) -> list[Employer]:
        return self._by_name.get(slugify(name), [])


def _label(administration: PayrollAdministration) -> str:
    return administration.name or administration.administration_number or "?"


async def resolve(
    employers: list[Employer],
    index: EmployerIndex,
    typed: str,
    profile_name: str,
    administrations: Administrations,
) -> Resolution:
    count = len(employers)
    if not employers:
        return Resolution("none", count=0)
    found = index.by_id(typed)
    if found is not None:
        match, employer = found
        if match == "employer_number":
            clash = await _client_number_elsewhere(employers, employer, typed, administrations)
            if clash is not None:
                other, label = clash
                return Resolution(
                    "ambiguous", employer_info(employer), label, count, employer_info(other)
                )
        return Resolution(match, employer_info(employer), count=count)
    mistaken = index.by_provider_number(typed)
    if mistaken is not None:
        return Resolution("provider_number", employer_info(mistaken), count=count)
    named = index.by_name(profile_name)
    if named:
        candidates = named
    elif count <= MAX_ADMINISTRATION_SCAN:
        candidates = list(employers)
    else:
        candidates = []
    lists = await asyncio.gather(*(administrations(e.id) for e in candidates))
    for employer, found_administrations in zip(candidates, lists, strict=True):
        for administration in found_administrations:
            info = employer_info(employer)
            if same_number(typed, administration.client_number):
                return Resolution("client_number", info, _label(administration), count)
            if same_number(typed, administration.administration_number):
                return Resolution("administration_number", info, _label(administration), count)
    if named:
        return Resolution("name_only", employer_info(named[0]), count=count)
    return Resolution("not_found", count=count)


async def _client_number_elsewhere(
    employers: list[Employer], matched: Employer, typed: str, administrations: Administrations
) -> tuple[Employer, str] | None:
    """Another reachable employer whose payroll administration has ``typed`` as clientNumber.

    Only searched where the account reaches few employers (a provider's thousands would cost a
    request each); beyond that an employerNumber match is taken as it is.
    """
    if len(employers) > MAX_ADMINISTRATION_SCAN:
        return None
    others = [e for e in employers if e.id != matched.id]
    lists = await asyncio.gather(*(administrations(e.id) for e in others))
    for employer, found in zip(others, lists, strict=True):
        for administration in found:
            if same_number(typed, administration.client_number):
                return employer, _label(administration)
    return None
