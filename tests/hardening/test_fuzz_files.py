"""Generated broken or odd profile files, settings files and CSV imports (hypothesis).

Each must be loaded or rejected with the file (or row) and a reason; nothing crashes and no
other file changes.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.config import ConfigError, load_settings
from tui.profiles.csvio import CsvError, import_csv
from tui.profiles.model import Profile
from tui.profiles.store import ProfileStore
from tui.text.catalogue import has

EXAMPLES = 1000
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)

VALID = tomli_w.dumps(
    {
        "schema": 1,
        "employer": {"name": "Voorbeeld B.V.", "werkgever_id": "20720"},
        "account": {"username": "xs-voorbeeld"},
        "submission": {"status": "sent"},
    }
).encode()

toml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.datetimes(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(min_size=1, max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def profile_bytes(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["truncate", "splice", "random", "structured"]))
    if kind == "truncate":
        return VALID[: draw(st.integers(0, len(VALID)))]
    if kind == "splice":
        at = draw(st.integers(0, len(VALID)))
        return VALID[:at] + draw(st.binary(max_size=20)) + VALID[at:]
    if kind == "random":
        return draw(st.binary(max_size=200))
    doc = draw(
        st.dictionaries(
            st.sampled_from(
                ["schema", "employer", "account", "checklist", "submission", "check", "notes", "x"]
            ),
            toml_values,
            max_size=6,
        )
    )
    doc = {k: v for k, v in doc.items() if v is not None}
    try:
        return tomli_w.dumps(_drop_none(doc)).encode()
    except (TypeError, ValueError):
        return repr(doc).encode()


def _drop_none(value: object) -> object:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value if v is not None]
    return value


def _digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in directory.glob("*.toml")}


@FUZZ
@given(data=profile_bytes())
def test_odd_profile_files(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        store = ProfileStore(directory)
        store.save(Profile("anker", "Anker B.V.", "52093", "xs-anker"), create=True)
        (directory / "fuzz.toml").write_bytes(data)
        before = _digest(directory)
        result = store.load_all()
        assert "anker" in {p.slug for p in result.profiles}
        slugs = {p.slug for p in result.profiles} | {b.slug for b in result.broken}
        assert "fuzz" in slugs
        for broken in result.broken:
            assert broken.path == directory / "fuzz.toml"
            assert broken.reason
            assert broken.line is None or broken.line >= 1
        assert _digest(directory) == before


@FUZZ
@given(
    doc=st.dictionaries(
        st.sampled_from(["language", "glyphs", "loket", "smtp", "submission", "secrets", "zzz"]),
        toml_values,
        max_size=5,
    ),
    raw=st.booleans(),
    junk=st.binary(max_size=60),
)
def test_odd_settings_files(doc: dict[str, object], raw: bool, junk: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.toml"
        try:
            text = junk if raw else tomli_w.dumps(_drop_none(doc)).encode()  # type: ignore[arg-type]
        except (TypeError, ValueError):
            text = junk
        path.write_bytes(text)
        try:
            load_settings(path, env={})
        except ConfigError as exc:
            assert str(path) in str(exc) or "KOPPELAAR" in str(exc)
        assert path.read_bytes() == text


csv_cell = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@FUZZ
@given(
    header=st.lists(
        st.sampled_from(["name", "werkgever_id", "username", "notes", "client_number", "??"]),
        min_size=0,
        max_size=6,
    ),
    rows=st.lists(st.lists(csv_cell, max_size=7), max_size=6),
    delimiter=st.sampled_from([",", ";"]),
    tail=st.binary(max_size=8),
)
def test_odd_csv_imports(
    header: list[str], rows: list[list[str]], delimiter: str, tail: bytes
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "profiles"
        store = ProfileStore(directory)
        store.save(Profile("anker", "Anker B.V.", "52093", "xs-anker"), create=True)
        before = _digest(directory)
        text = "\n".join(delimiter.join(r) for r in [header, *rows]).encode() + tail
        source = Path(tmp) / "in.csv"
        source.write_bytes(text)
        try:
            result = import_csv(source, store)
        except CsvError as exc:
            assert str(source) in str(exc)
            assert _digest(directory) == before
            return
        for error in result.errors:
            assert error.row >= 2 and has(error.code)
        if "anker" not in result.updated:
            assert _digest(directory)["anker.toml"] == before["anker.toml"]
        loaded = store.load_all()
        assert loaded.broken == []
        assert {p.slug for p in loaded.profiles} >= set(result.created)
