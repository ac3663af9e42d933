"""Creating profiles for discovered employers: one per employer that has none yet, never twice
(matched by API id and werkgever ID, also against a Koppelaar racing this one)."""

from __future__ import annotations

from collections.abc import Iterable

from tui.checks.werkgever_id import as_number, id_form
from tui.discovery.discover import CreateProfilesError, Entry
from tui.discovery.text import say
from tui.profiles.model import Profile, slugify
from tui.profiles.store import ProfileStore, StoreError, unique_slug
from tui.text.safe import plain


def _known_ids(profiles: Iterable[Profile]) -> tuple[set[str], set[int]]:
    guids: set[str] = set()
    numbers: set[int] = set()
    for profile in profiles:
        if profile.loket_id:
            guids.add(profile.loket_id.strip().lower())
        if id_form(profile.werkgever_id) == "guid":
            guids.add(profile.werkgever_id.strip().lower())
        number = as_number(profile.werkgever_id)
        if number is not None:
            numbers.add(number)
    return guids, numbers


def new_profile(entry: Entry, username: str, slug: str) -> Profile:
    name = entry.company_name.strip() or f"Werkgever {entry.werkgever_id}"
    return Profile(
        slug=slug,
        name=name,
        werkgever_id=entry.werkgever_id,
        username=username,
        loket_id=entry.loket_id,
    )


def _base_slug(entry: Entry) -> str:
    return slugify(entry.company_name) or f"werkgever-{slugify(entry.werkgever_id)}"


def create_profiles(store: ProfileStore, entries: Iterable[Entry], username: str,
                    lang: str = "nl") -> list[str]:  # fmt: skip
    """Make a profile for each entry that has none yet; returns the new slugs, in order.

    Blocking (file writes); the TUI runs it in a thread. The store is read again first, so a
    second run, or one racing another Koppelaar, creates nothing twice (matched by API id and
    werkgever ID). A slug taken by another employer gets a suffix (``-2``, ``-3``...).
    """
    guids, numbers = _known_ids(store.load_all().profiles)
    created: list[str] = []
    for entry in entries:
        if entry.loket_id.lower() in guids or (
            entry.employer_number is not None and entry.employer_number in numbers
        ):
            continue
        base = _base_slug(entry)
        for _attempt in range(5):
            profile = new_profile(entry, username, unique_slug(store, base))
            try:
                store.save(profile, create=True)
                break
            except StoreError as exc:
                if not store.exists(profile.slug):  # not a slug taken meanwhile: give up
                    why = str(exc)
                    raise CreateProfilesError(
                        say("error.create", lang, employer=plain(entry.company_name, 80), why=why),
                        created,
                    ) from None
        else:
            raise CreateProfilesError(
                say("error.create", lang, employer=plain(entry.company_name, 80), why=base),
                created,
            )
        created.append(profile.slug)
        guids.add(entry.loket_id.lower())
        if entry.employer_number is not None:
            numbers.add(entry.employer_number)
    store.flush_index()  # a provider may have added hundreds: the next start reads none
    return created
