"""The checklist as data: ids, texts in both languages, the manual's facts, the status rules."""

from __future__ import annotations

from tui.checks.engine import Outcome, profile_status
from tui.checks.items import all_items, item
from tui.checks.rights import all_rights

DESIGN_IDS = [
    "admin.rights", "account.standard_user", "account.active", "account.password",
    "account.two_factor",
    "account.dedicated", "account.employer_access", "account.right.bsn",
    "account.right.beloningen", "account.right.dienstverbanden", "account.right.hrm",
    "account.right.loonoutput", "account.right.variabele_gegevens", "account.rights_exact",
    "employer.id_format",
    "employer.id_found", "employer.name_matches", "submission.sent", "submission.connected",
]  # fmt: skip


def test_items_are_the_designed_ones_in_order() -> None:
    assert [i.id for i in all_items()] == DESIGN_IDS


def test_right_items_name_the_rights_verbatim() -> None:
    for right in all_rights():
        assert item(right.item_id).title_in("nl").endswith(right.name)
        assert item(right.item_id).title_in("en").endswith(right.name)
        assert right.activities and right.deep in right.activities


def test_hints_quote_the_manual() -> None:
    def hint(item_id: str, lang: str) -> str:
        return item(item_id).hint_for("", "fail", lang, {})

    found = hint("employer.id_found", "nl")
    assert "Werkgever > tab Bedrijfsinformatie > veld Werkgever ID" in found
    assert "Ga naar de nieuwe versie van Loket.nl > zoek het bedrijf" in found
    assert "niet het cliëntnummer en ook niet het administratienummer" in found
    assert "not the cliëntnummer nor the administratienummer" in hint("employer.id_found", "en")
    admin = hint("admin.rights", "nl")
    assert "applicatiebeheerder" in admin and "api@loket.nl" in admin
    assert "administratiekantoor" in hint("admin.rights", "en")
    assert "spa.inkomen@nn.nl" in hint("submission.sent", "nl")


def test_status_rules() -> None:
    def outcomes(**statuses: str) -> list[Outcome]:
        base = {i.id: "pass" for i in all_items()} | {"submission.sent": "manual"}
        base.update({k.replace("__", "."): v for k, v in statuses.items()})
        return [Outcome(i, s, "x") for i, s in base.items()]

    assert profile_status(outcomes(), None) == "ready"
    assert profile_status(outcomes(account__two_factor="warn"), None) == "ready"
    assert profile_status(outcomes(account__active="fail"), None) == "problems"
    assert profile_status(outcomes(admin__rights="manual"), None) == "unverified"
    assert profile_status(outcomes(employer__id_found="unknown"), None) == "unverified"
    assert profile_status(outcomes(), "network down") == "error"
