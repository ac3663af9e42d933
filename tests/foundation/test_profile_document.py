"""The profile TOML document as typed structures: each wrong value named by its key, the
keys this version does not know kept through a rewrite."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tui.profiles.model import Profile, ProfileError

NOW = datetime(2026, 11, 29, 10, tzinfo=UTC)


def doc(**tables: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema": 1,
        "employer": {"name": "Voorbeeld B.V.", "werkgever_id": "20720"},
        "account": {"username": "xs-koppeling"},
    }
    for name, value in tables.items():
        if isinstance(value, dict) and isinstance(base.get(name), dict):
            base[name] = base[name] | value
        else:
            base[name] = value
    return base


@pytest.mark.parametrize(
    ("document", "key", "reason"),
    [
        ({"employer": {"name": "A", "werkgever_id": "1"}}, "account.username", "is missing"),
        (doc(account={"username": "  "}), "account.username", "is missing"),
        (doc(employer={"werkgever_id": True}), "employer.werkgever_id", "must be text, got True"),
        (doc(employer="A"), "employer", "must be a table"),
        (doc(schema=True), "schema", "must be a whole number from 1, got True"),
        (doc(schema=0), "schema", "must be a whole number from 1, got 0"),
        (doc(check={"status": "fine"}), "check.status", "'fine' is not one of ready, problems"),
        (doc(check={"checked_at": "gisteren"}), "check.checked_at", "must be a date and time"),
        (doc(submission={"without_password": "ja"}), "submission.without_password", "true or"),
        (doc(notes=3), "notes", "must be text, got 3"),
        (doc(checklist=[]), "checklist", "must be a table"),
        (doc(checklist={"account.active": "pass"}), 'checklist."account.active"', "a table"),
        (
            doc(checklist={"admin.rights": {"status": "pass"}, "account.active": {"status": "ok"}}),
            'checklist."account.active".status',
            "'ok' is not one of pass, fail",
        ),
    ],
)
def test_a_wrong_value_is_named_by_its_key(document: dict, key: str, reason: str) -> None:
    with pytest.raises(ProfileError) as caught:
        Profile.from_doc("voorbeeld-bv", document)
    assert caught.value.key == key
    assert reason in caught.value.reason


def test_values_read_as_the_profile_has_them() -> None:
    profile = Profile.from_doc(
        "voorbeeld-bv",
        doc(
            employer={"werkgever_id": 20720, "client_number": 12, "administration_number": "A1"},
            check={"status": "ready", "checked_at": "2026-11-29T10:00:00+00:00"},
            checklist={
                "account.active": {"status": "pass", "checked_at": NOW, "params": {"n": 2}},
                "admin.rights": {"params": {"ok": "x", "odd": [1], "nested": {"a": 1}}},
                "account.dedicated": {"params": "not a table"},
            },
        ),
    )
    assert (profile.werkgever_id, profile.client_number) == ("20720", "12")
    assert profile.administration_number == "A1"
    assert (profile.status, profile.checked_at) == ("ready", NOW)
    assert profile.items["account.active"].params == {"n": 2}
    assert profile.items["admin.rights"].status == "manual"  # the default of a record
    assert profile.items["admin.rights"].params == {"ok": "x"}  # what a finding cannot use: out
    assert profile.items["account.dedicated"].params == {}
    assert profile.submission.status == "draft" and profile.schema == 1


def test_unknown_keys_survive_a_rewrite() -> None:
    original = doc(
        future={"flag": True},
        employer={"sector": "horeca"},
        checklist={"account.active": {"status": "pass", "by": "someone"}},
    )
    profile = Profile.from_doc("voorbeeld-bv", original)
    profile.name = "Nieuw B.V."
    written = profile.to_doc()
    assert written["future"] == {"flag": True}
    assert written["employer"]["sector"] == "horeca"
    assert written["checklist"]["account.active"]["by"] == "someone"
    assert Profile.from_doc("voorbeeld-bv", written).name == "Nieuw B.V."


def test_a_written_document_shares_nothing_changeable_with_the_profile() -> None:
    """``to_doc`` copies the checklist table by table rather than deeply: a change to what it
    returns (a merge, the next save) never reaches the profile it came from."""
    original = doc(
        future={"list": [1, 2]},
        checklist={
            "account.active": {"status": "pass", "params": {"n": 2}, "extra": {"k": [1]}},
            "gone.item": {"status": "fail"},
        },
    )
    profile = Profile.from_doc("voorbeeld-bv", original)
    del profile.items["gone.item"]
    written = profile.to_doc()
    assert "gone.item" not in written["checklist"]
    written["future"]["list"].append(3)
    written["checklist"]["account.active"]["status"] = "fail"
    written["checklist"]["account.active"]["params"]["n"] = 9
    written["checklist"]["account.active"]["extra"]["k"].append(2)
    written["checklist"]["new.item"] = {"status": "pass"}
    assert profile.raw["future"] == {"list": [1, 2]}
    assert profile.raw["checklist"]["account.active"]["status"] == "pass"
    assert profile.raw["checklist"]["account.active"]["params"] == {"n": 2}
    assert profile.raw["checklist"]["account.active"]["extra"] == {"k": [1]}
    assert set(profile.raw["checklist"]) == {"account.active", "gone.item"}
    assert profile.to_doc()["checklist"]["account.active"]["params"] == {"n": 2}


def test_a_deferred_profile_reads_its_checklist_on_first_use() -> None:
    full = doc(checklist={"account.active": {"status": "fail", "reason": "invalid_grant"}})
    top = {key: value for key, value in full.items() if key != "checklist"}
    reads: list[int] = []

    def checklist() -> dict[str, Any]:
        reads.append(1)
        return full["checklist"]

    profile = Profile.deferred("voorbeeld-bv", top, checklist)
    assert reads == []
    assert profile.items["account.active"].reason == "invalid_grant"
    assert profile.raw["checklist"] == full["checklist"] and reads == [1]
    assert profile == Profile.from_doc("voorbeeld-bv", full)
