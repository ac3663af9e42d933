"""The checklist's texts live in the one catalogue; items.toml holds only their structure."""

from __future__ import annotations

import ast
import tomllib
import typing
from pathlib import Path

import pytest

from tui.checks import engine
from tui.checks.engine import Outcome, render
from tui.checks.facts import LoginOutcome, Match, RightStatus
from tui.checks.items import ITEMS_FILE, all_items, item, parse_items
from tui.profiles.fields import IdForm
from tui.text.catalogue import has, text

LANGS = ("nl", "en")
RIGHT_ITEMS = [i.id for i in all_items() if i.id.startswith("account.right.")]


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def engine_outcomes() -> set[tuple[str, str]]:
    """(item, reason) of every ``Outcome(...)`` the engine builds. Where the item or the reason
    is computed, the values it can take are spelled out below and checked to be complete."""
    tree = ast.parse(Path(engine.__file__).read_text(encoding="utf-8"))
    pairs: set[tuple[str, str]] = set()
    computed = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Outcome"):
            continue
        item_id, reason = _literal(node.args[0]), _literal(node.args[2])
        ids = (
            [item_id] if item_id else [*RIGHT_ITEMS, "account.employer_access", "employer.id_found"]
        )
        if reason is None:
            computed.append(ast.unparse(node.args[2]))
            continue
        if item_id is None and reason in ("no_login", "error"):  # _not_checked(item_id, ...)
            pairs.update((i, reason) for i in ids)
        elif item_id is None:  # _right(...)
            pairs.update((i, reason) for i in RIGHT_ITEMS)
        else:
            pairs.add((item_id, reason))
    assert sorted(computed) == [
        "f'admin_{held}'.lower()", "facts.login", "finding.status",
        "reason", "reason", "reason", "resolution.match", "resolution.match",
    ]  # fmt: skip
    pairs.update(("account.dedicated", r) for r in ("confirmed", "confirmed_others"))
    forms = {*typing.get_args(IdForm), "control", "too_long"}
    pairs.update(("employer.id_format", form) for form in forms)
    sent = ("exported_eml", "exported_clipboard", "exported")
    pairs.update(("submission.sent", reason) for reason in sent)
    matches = set(typing.get_args(Match)) - {"none"}  # "none" is said as not_found
    pairs.update(("employer.id_found", match) for match in matches)
    logins = set(typing.get_args(LoginOutcome)) - {"ok", "unchecked"}
    pairs.update(("account.active", login) for login in logins)
    for right in RIGHT_ITEMS:
        pairs.update((right, reason) for reason in ("admin_true", "admin_false"))
        pairs.update((right, status) for status in typing.get_args(RightStatus))
    return pairs


def test_every_finding_the_engine_makes_is_declared_and_worded_in_both_languages() -> None:
    pairs = engine_outcomes()
    assert len(pairs) > 100
    for item_id, reason in sorted(pairs):
        definition = item(item_id)
        assert reason in definition.reasons, (item_id, reason)
        for lang in LANGS:
            assert has(f"item.{definition.texts}.message.{reason}"), (item_id, reason)
            said = definition.message(reason, lang, {"count": 2})
            assert said and not said.startswith("item."), (item_id, reason, lang)


def test_every_item_has_its_texts_in_both_languages() -> None:
    for definition in all_items():
        keys = [f"item.{definition.id}.title"]
        keys += [f"item.{definition.texts}.message.{r}" for r in definition.reasons]
        keys += [f"item.{definition.texts}.hint.{r}" for r in definition.hint_reasons]
        if definition.has_hint:
            keys.append(f"item.{definition.texts}.hint")
        for key in keys:
            assert has(key), key
            nl, en = text(key, "nl"), text(key, "en")
            assert nl and en and nl != key and en != key, key
        assert definition.has_hint  # every item of the manual says how to fix it


def test_findings_read_as_before_the_move() -> None:
    """A few findings rendered from the catalogue, compared with what items.toml said."""
    p = {"username": "xs-koppeling", "profile": "voorbeeld-bv", "company": "Voorbeeld B.V."}
    active = render(Outcome("account.active", "fail", "refresh_refused", p), "nl")
    assert active.title == "Gebruiker actief, niet geblokkeerd"
    assert active.finding == (
        "Loket.nl weigert de opgeslagen toestemming (vernieuwingstoken) van xs-koppeling: "
        "de gebruiker is geblokkeerd of de toestemming is verlopen."
    )
    assert active.hint == (
        "Controleer in Loket.nl dat gebruiker xs-koppeling niet geblokkeerd is en geef opnieuw "
        "toestemming: koppelaar login voorbeeld-bv (of in de app)."
    )
    right = render(
        Outcome(
            "account.right.bsn", "pass", "admin_true", p | {"right": "Beheren en raadplegen BSN"}
        ),
        "en",
    )
    assert right.title == "Right: Beheren en raadplegen BSN"
    assert right.finding == (
        'Right "Beheren en raadplegen BSN" is enabled (read with the applicatiebeheerder\'s '
        "sign-in)."
    )
    assert right.hint == ""  # a pass carries no fix hint
    # "{company}." with a company ending in a full stop does not end in two
    found = render(Outcome("account.employer_access", "pass", "found", p | {"number": 7}), "en")
    assert found.finding == "xs-koppeling reaches Voorbeeld B.V. (werkgever ID 7)."
    unknown = render(Outcome("account.two_factor", "unknown", "no_login", p), "en")
    assert (unknown.finding, unknown.hint) == ("Not checked: signing in failed.", "")


def test_counted_findings_take_the_plural_form_of_the_count() -> None:
    p = {"username": "u", "typed": "123"}
    one = item("account.employer_access").message("not_found", "nl", p | {"count": 1})
    many = item("account.employer_access").message("not_found", "nl", p | {"count": 3})
    assert one == "u bereikt 1 werkgever, maar geen met werkgever ID 123."
    assert many == "u bereikt 3 werkgevers, maar geen met werkgever ID 123."
    assert item("employer.id_found").message("not_found", "en", p | {"count": 1}) == (
        "Werkgever ID 123 does not belong to the 1 employer u reaches."
    )


def test_a_language_is_named_per_call() -> None:
    title = item("account.two_factor").title_in
    assert (title("nl"), title("en")) == ("Tweestapsverificatie", "Two-factor authentication")


def _data() -> dict:
    return tomllib.loads(ITEMS_FILE.read_text(encoding="utf-8"))


def test_an_unknown_key_in_items_toml_is_named() -> None:
    data = _data()
    data["items"]["account.active"]["titel"] = "x"
    with pytest.raises(ValueError, match=r'items\."account\.active"\]: unknown key \'titel\''):
        parse_items(data)
    data = _data()
    data["extra"] = {}
    with pytest.raises(ValueError, match="unknown key 'extra'"):
        parse_items(data)


def test_a_wrong_value_in_items_toml_is_named() -> None:
    data = _data()
    data["items"]["account.active"]["step"] = 5
    with pytest.raises(ValueError, match=r'account\.active"\]: step = 5 is not allowed'):
        parse_items(data)
    data = _data()
    data["items"]["account.right.bsn"]["messages"] = ["own"]
    with pytest.raises(ValueError, match="takes its texts from its template"):
        parse_items(data)
    data = _data()
    data["items"]["account.right.bsn"]["template"] = "nope"
    with pytest.raises(ValueError, match="no template 'nope'"):
        parse_items(data)
