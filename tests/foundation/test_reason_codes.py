"""Reason codes the domain hands to the UI and CLI (validation problems, CSV import errors, the
readiness rule's refusals) are message ids of the catalogue, in both languages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import tui
from tui.submission.readiness import Code
from tui.text.catalogue import has, text

PACKAGE = Path(tui.__file__).parent
SOURCES = ("profiles/fields.py", "profiles/csvio.py", "profiles/store.py")


def codes_in(relative: str) -> set[str]:
    source = (PACKAGE / relative).read_text(encoding="utf-8")
    return set(re.findall(r"\"((?:val|import|csv|profile)\.[a-z_.]+)\"", source))


def test_every_code_of_validation_and_import_is_a_message() -> None:
    codes = set().union(*(codes_in(path) for path in SOURCES))
    assert {"val.id_letters", "val.too_long", "import.err.same_name", "csv.empty"} <= codes
    assert sorted(code for code in codes if not has(code)) == []


def test_every_refusal_of_the_readiness_rule_has_a_cli_and_a_ui_message() -> None:
    for code in get_args(Code):
        if code == "read_only":
            assert has("profile.read_only")
            continue
        assert has(f"sub.{code}") and has(f"submit.{code}"), code
        assert text(f"sub.{code}", "nl") != text(f"sub.{code}", "en")
