"""Discovery against the in-process simulator: paging, matching, hints, creating profiles."""

from __future__ import annotations

import pytest

from tests.checklist.conftest import session_secrets
from tests.discovery.conftest import (
    BULK,
    PROVIDER,
    CheckerFactory,
    add_profile,
    bulk_name,
    bulk_number,
    provider_scenario,
)
from tui.discovery.create import create_profiles
from tui.discovery.discover import DiscoveryError, discover, match_profiles
from tui.loket.client import Employer, PayrollAdministration
from tui.loket.simulator.app import DEMO_SCENARIO
from tui.loket.simulator.scenario import load_scenario
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretKind, SecretStore


async def test_300_employers_over_two_pages(make_checker: CheckerFactory,
                                            store: ProfileStore) -> None:  # fmt: skip
    checker, transport = make_checker(provider_scenario())
    result = await discover(PROVIDER, checker, store)
    assert len(result.entries) == BULK
    assert len({e.loket_id for e in result.entries}) == BULK
    pages = [u.params.get("pageNumber") for u in transport.seen if u.path.endswith("/employers")]
    assert pages == ["1", "2"]
    first = result.entries[0]
    assert (first.company_name, first.werkgever_id) == (bulk_name(1), str(bulk_number(1)))
    assert first.chamber_of_commerce_number
    assert result.new == result.entries and result.hints == []
    # token, two pages, authorization model, integrations: nothing per employer
    assert result.requests == 5


async def test_create_twice_creates_once(make_checker: CheckerFactory, store: ProfileStore) -> None:
    checker, _ = make_checker(provider_scenario(), store=store)
    first = await discover(PROVIDER, checker, store)
    created = create_profiles(store, first.new, PROVIDER)
    assert len(created) == BULK == len(set(created))
    saved = {p.slug: p for p in store.load_all().profiles}
    one = saved["bulkbedrijf-0007-bv"]
    entry = first.entries[6]
    assert (one.name, one.werkgever_id, one.loket_id, one.username) == (
        bulk_name(7), str(bulk_number(7)), entry.loket_id, PROVIDER,
    )  # fmt: skip

    second = await discover(PROVIDER, checker, store)
    assert second.new == []
    assert {e.match for e in second.entries} == {"loket_id"}
    assert create_profiles(store, first.new, PROVIDER) == []
    assert len(store.load_all().profiles) == BULK


async def test_existing_profile_matched_by_werkgever_id_then_loket_id(
    make_checker: CheckerFactory, store: ProfileStore
) -> None:
    checker, _ = make_checker(provider_scenario(3))
    plain = await discover(PROVIDER, checker, store)
    # typed werkgever ID, no API id yet; and another user's profile holding the API id
    add_profile(store, "eerste", "Eerste", str(bulk_number(1)))
    add_profile(store, "tweede", "Tweede", "999", username="iemand-anders",
                loket_id=plain.entries[1].loket_id)  # fmt: skip
    result = await discover(PROVIDER, checker, store)
    assert [(e.profile, e.match) for e in result.entries] == [
        ("eerste", "werkgever_id"), ("tweede", "loket_id"), (None, None),
    ]  # fmt: skip
    assert result.hints == []  # the other user's profile is not this user's to advise on
    assert create_profiles(store, result.entries, PROVIDER) == ["bulkbedrijf-0003-bv"]


async def test_client_number_typed_is_matched_with_a_hint(
    make_checker: CheckerFactory, store: ProfileStore
) -> None:
    client_number = bulk_number(42) + 900000
    add_profile(store, "bulk-42", "Bulkbedrijf 0042 BV", str(client_number))
    checker, transport = make_checker(provider_scenario())
    result = await discover(PROVIDER, checker, store)
    entry = next(e for e in result.entries if e.profile == "bulk-42")
    assert (entry.werkgever_id, entry.match) == (str(bulk_number(42)), "client_number")
    [hint] = result.hints
    assert (hint.kind, hint.werkgever_id) == ("client_number", str(bulk_number(42)))
    assert hint.text("nl") == (
        f"Profiel bulk-42: {client_number} is het cliëntnummer van {bulk_name(42)}; "
        f"het werkgever ID is {bulk_number(42)}."
    )
    # only a few employers with similar names were searched, not all 300
    administrations = [u for u in transport.seen if u.path.endswith("/payrolladministrations")]
    assert 1 <= len(administrations) <= 3
    assert len(result.new) == BULK - 1
    assert "bulk-42" not in create_profiles(store, result.new, PROVIDER)
    assert len(store.load_all().profiles) == BULK


async def test_demo_de_wit_profile_typed_with_its_client_number(
    make_checker: CheckerFactory, store: ProfileStore
) -> None:
    add_profile(store, "transportbedrijf-de-wit-en-zonen-bv",
                "Transportbedrijf De Wit & Zonen B.V.", "100482", username="xs-dewit")  # fmt: skip
    scenario = load_scenario(DEMO_SCENARIO)
    checker, _ = make_checker(scenario)
    result = await discover("xs-dewit", checker, store)
    [entry] = result.entries
    assert (entry.profile, entry.match, entry.werkgever_id) == (
        "transportbedrijf-de-wit-en-zonen-bv", "client_number", "41877",
    )  # fmt: skip
    [hint] = result.hints
    assert "100482 is het cliëntnummer" in hint.text("nl")
    assert hint.text("nl").endswith("het werkgever ID is 41877.")
    assert "the werkgever ID is 41877" in hint.text("en")


async def test_unmatched_profile_gets_the_closest_name(
    make_checker: CheckerFactory, store: ProfileStore
) -> None:
    add_profile(store, "typo", "Bulkbedrijf 0120 B.V", "31337")
    checker, _ = make_checker(provider_scenario(150))
    result = await discover(PROVIDER, checker, store)
    assert all(e.profile is None for e in result.entries)
    [hint] = result.hints
    assert (hint.kind, hint.werkgever_id, hint.employer) == (
        "closest", str(bulk_number(120)), bulk_name(120),
    )  # fmt: skip
    assert "31337" in hint.text("nl") and bulk_name(120) in hint.text("nl")


def test_matching_by_administration_numbers_and_differing_id() -> None:
    employers = [
        Employer("11111111-1111-1111-1111-111111111111", 20720, "Voorbeeld B.V.", None, "DEB1047"),
        Employer("22222222-2222-2222-2222-222222222222", 30100, "Ander B.V.", None, None),
    ]
    administrations = {
        employers[1].id: [PayrollAdministration("a", "Ander salaris", 108813, "30100-01")],
    }
    profiles = [
        Profile("debiteur", "Voorbeeld", "DEB1047", "u"),
        Profile("admin", "Ander", "30100-01", "u"),
        Profile("stale", "Ander", "108813", "u", loket_id=employers[1].id.upper()),
    ]
    entries, hints = match_profiles(employers, profiles, "u", administrations)
    assert [(e.profile, e.match) for e in entries] == [
        ("debiteur", "administration_number"), ("stale", "loket_id"),
    ]  # fmt: skip
    assert [(h.profile, h.kind, h.werkgever_id) for h in hints] == [
        ("debiteur", "administration_number", "20720"),
        ("admin", "administration_number", "30100"),
        ("stale", "client_number", "30100"),
    ]


@pytest.mark.parametrize(
    ("password", "grant", "expected"),
    [
        ("wrong", "password", "koppelaar secrets set loket-password xs-provider"),
        (None, "password", "Geen wachtwoord opgeslagen voor Loket.nl-gebruiker xs-provider"),
        (None, "authorization_code", "koppelaar login --user xs-provider"),
    ],
)
async def test_sign_in_failure_says_what_to_do(
    make_checker: CheckerFactory, store: ProfileStore, password: str | None, grant: str,
    expected: str,
) -> None:  # fmt: skip
    secrets = SecretStore("session")
    if password is not None:
        secrets.set(SecretKind.LOKET_PASSWORD, PROVIDER, password)
    checker, _ = make_checker(provider_scenario(2), secrets=secrets, grant=grant)
    with pytest.raises(DiscoveryError) as caught:
        await discover(PROVIDER, checker, store)
    assert expected in caught.value.message
    assert "Provider-pw" not in caught.value.message


async def test_blocked_user(make_checker: CheckerFactory, store: ProfileStore) -> None:
    scenario = load_scenario(DEMO_SCENARIO)
    checker, _ = make_checker(scenario, secrets=session_secrets(scenario))
    with pytest.raises(DiscoveryError) as caught:
        await discover("xs-groenrijk", checker, store)
    assert "geblokkeerd" in caught.value.message
