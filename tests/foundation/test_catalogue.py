"""The one message catalogue: complete in both languages, compiled as written, each language
in its own words, plurals where counts are shown, every message id used in the code known."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import tui
from tui.text.catalogue import LOCALE_DIR, has, text, translations

PACKAGE = Path(tui.__file__).parent


def po(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "koppelaar.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def entries(lang: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for message in po(lang):
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        value = message.string if isinstance(message.string, tuple) else (message.string,)
        out[key] = value
    return out


NL, EN = entries("nl"), entries("en")


def test_every_message_exists_in_both_languages_with_the_same_shape() -> None:
    assert set(NL) == set(EN)
    for key in NL:
        assert len(NL[key]) == len(EN[key]), key
        assert all(NL[key]) and all(EN[key]), f"{key}: an empty translation"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_fill_in_the_same_values() -> None:
    for key in NL:
        assert {f for form in NL[key] for f in fields(form)} == {
            f for form in EN[key] for f in fields(form)
        }, key


def test_the_compiled_catalogues_match_their_sources() -> None:
    for lang, source in (("nl", NL), ("en", EN)):
        compiled = translations(lang)._catalog  # type: ignore[attr-defined]
        for key, forms in source.items():
            if len(forms) == 1:
                assert compiled.get(key) == forms[0], f"{lang} {key}: run scripts/catalogue.py"
            else:
                got = tuple(compiled.get((key, index)) for index in range(len(forms)))
                assert got == forms, f"{lang} {key}: run scripts/catalogue.py"
        assert len({k if isinstance(k, str) else k[0] for k in compiled if k}) == len(source)


# Loket.nl's and NN's own words, quoted verbatim in both languages, and names.
VERBATIM = re.compile(
    r"Beheren en raadplegen BSN|Raadplegen [a-zA-Z ]+?gegevens|Raadplegen \w+|"
    r"Werkgever ID|werkgever ID|Bedrijfsinformatie|Bedrijfsgegevens|blok Algemeen|"
    r"Ga naar de nieuwe versie van Loket\.nl|applicatiebeheerder\w*|administratiekantoor\w*|"
    r"webservicegebruiker|cliëntnummer|administratienummer|Werkgever|XpertSuite|Loket\.nl|"
    r"\{[a-z_!r]+\}|\[[a-z]+\] [a-z_]+|'[^']*'|\"[^\"]*\"|koppelaar [a-z-]+( [a-z-]+)?|[A-Z_]{3,}"
)
ENGLISH = re.compile(
    r"\b(the|and|with|not|please|should|could|which|from|your|this|for|to|are|will|cannot)\b", re.I
)
DUTCH = re.compile(
    r"\b(de|het|een|niet|voor|van|met|wordt|zijn|uw|geen|naar|en|ook|bij|maar)\b", re.I
)


@pytest.mark.parametrize(("lang", "source", "other"), [("nl", NL, ENGLISH), ("en", EN, DUTCH)])
def test_no_text_of_the_other_language(lang: str, source: dict, other: re.Pattern[str]) -> None:
    offenders = []
    for key, forms in source.items():
        for form in forms:
            words = VERBATIM.sub(" ", form)
            if other.search(words):
                offenders.append(f"{key}: {form}")
    assert offenders == [], "\n".join(offenders)


def test_plurals_follow_the_count_in_both_languages() -> None:
    assert text("export.done", "nl", n=1, count=1, file="x") == "1 profiel geschreven naar x."
    assert text("export.done", "nl", n=2, count=2, file="x") == "2 profielen geschreven naar x."
    assert text("export.done", "en", n=1, count=1, file="x") == "1 profile written to x."
    assert text("export.done", "en", n=3, count=3, file="x") == "3 profiles written to x."
    assert text("dash.summary", "nl", n=1, shown=1, total=1) == "1 van 1 werkgever"
    assert text("dash.summary", "en", n=9, shown=2, total=9) == "2 of 9 employers"
    one = text("import.summary", "en", n=1, created=0, updated=0, errors=1)
    assert one.endswith("1 row skipped.")


def used_ids() -> set[tuple[str, str]]:
    """(message id, where) for every lookup with a literal id, found by Babel's extractor."""
    keywords = {"ui": None, "t": None, "text": None, "say": None, "msg": None, "Phrase": None}
    prefixes = {"say": "disc.", "msg": "sub."}
    say_from = {"tui.repair.text": "fix.", "tui.discovery.text": "disc."}
    found = set()
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=keywords,
        comment_tags=(),
    ):
        found.add((message if isinstance(message, str) else message[0], f"{filename}:{lineno}"))
    # the extractor does not say which keyword matched: read it from the line
    out = set()
    for message, where in found:
        path, _, line = where.rpartition(":")
        source = (PACKAGE / path).read_text(encoding="utf-8").splitlines()[int(line) - 1 :]
        joined = " ".join(source[:3])
        match = re.search(r"\b(ui|t|text|say|msg|Phrase)\(\s*[\"']" + re.escape(message), joined)
        if match:  # not another function of the same name (e.g. ``text(...)`` of a widget)
            prefix = prefixes.get(match.group(1), "")
            if match.group(1) == "say":  # whose say(): read the file's import of it
                whole = (PACKAGE / path).read_text(encoding="utf-8")
                origin = re.search(r"from (tui\.[\w.]+) import [^\n]*\bsay\b", whole)
                prefix = say_from.get(origin.group(1), prefix) if origin else prefix
            out.add((prefix + message, where))
    return out


def test_every_message_id_the_code_uses_is_in_the_catalogue() -> None:
    used = used_ids()
    assert len(used) > 150  # the extractor really found the lookups
    # f"item.{status}" comes out as "item.": some message must begin with it
    missing = sorted(
        f"{key} ({where})"
        for key, where in used
        if not (has(key) or (key.endswith(".") and any(k.startswith(key) for k in NL)))
    )
    assert missing == [], missing


def test_counts_use_plural_forms_not_brackets() -> None:
    """ "1 werkgever(s)" reads as a form, not a sentence: counts take ngettext plural forms."""
    bracketed = re.compile(r"\w\((en|s)\)")
    offenders = [
        f"{key}: {form}"
        for source in (NL, EN)
        for key, forms in source.items()
        for form in forms
        if bracketed.search(form)
    ]
    assert offenders == [], offenders


def test_the_checklist_items_keys_are_the_ones_items_toml_declares() -> None:
    """The item texts are looked up by keys made from items.toml (``item.<id>.title``, ...),
    which the extractor cannot see: each such key must be declared there, and the reverse."""
    from tui.checks.items import all_items
    from tui.profiles.model import ITEM_STATUSES

    declared = {f"item.{status}" for status in ITEM_STATUSES}  # the status words
    for definition in all_items():
        declared.add(f"item.{definition.id}.title")
        base = f"item.{definition.texts}"
        declared.update(f"{base}.message.{reason}" for reason in definition.reasons)
        declared.update(f"{base}.hint.{reason}" for reason in definition.hint_reasons)
        if definition.has_hint:
            declared.add(f"{base}.hint")
    in_catalogue = {key for key in NL if key.startswith("item.")}
    assert sorted(in_catalogue - declared) == []  # texts no item uses
    assert sorted(declared - in_catalogue) == []  # items without their texts
