from __future__ import annotations

import base64
import html
import json
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from tests.secrets.leakscan import assert_no_secret_in_tree, find_leaks

SECRET = "Zeer geheim: p@ss/w0rd+€&é"


def test_a_clean_tree_passes_and_counts_files(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "app.log").write_text("login ok for xs-goudenkorst\n")
    (tmp_path / "profile.toml").write_text('username = "xs-goudenkorst"\n')
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 4)
    assert assert_no_secret_in_tree(tmp_path, [SECRET]) == 3


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plain.txt", f"password={SECRET}".encode()),
        ("form.txt", urlencode({"password": SECRET}).encode()),
        ("query.txt", f"?p={quote(SECRET, safe='')}".lower().encode()),
        ("screenshot.svg", html.escape(SECRET).replace(" ", "&#160;").encode()),
        ("export.json", json.dumps({"p": SECRET}).encode()),
        ("ascii.json", json.dumps({"p": SECRET}, ensure_ascii=True).encode()),
        ("windows.txt", SECRET.encode("utf-16-le")),
        ("token.txt", base64.b64encode(SECRET.encode())),
        ("hex.txt", SECRET.encode().hex().upper().encode()),
        ("binary.bin", b"\x00\xff" + SECRET.encode() + b"\x00"),
    ],
)
def test_each_form_is_found(tmp_path: Path, name: str, content: bytes) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / name).write_bytes(content)
    with pytest.raises(AssertionError) as failure:
        assert_no_secret_in_tree(tmp_path, ["unrelated-secret", SECRET])
    report = str(failure.value)
    assert name in report and "secret #1" in report
    assert SECRET not in report


@pytest.mark.parametrize("prefix", ["", "u", "us", "user:", "xs-goudenkorst:"])
@pytest.mark.parametrize("suffix", ["", "x", "xy"])
def test_base64_inside_a_longer_value_is_found(tmp_path: Path, prefix: str, suffix: str) -> None:
    header = (
        "Authorization: Basic " + base64.b64encode(f"{prefix}{SECRET}{suffix}".encode()).decode()
    )
    (tmp_path / "request.log").write_text(header)
    leaks = find_leaks(tmp_path, [SECRET])
    assert leaks and all(leak.form.startswith("base64") for leak in leaks)


def test_excluded_files_may_hold_secrets(tmp_path: Path) -> None:
    eml = tmp_path / "aanvraag.eml"
    eml.write_text(f"X: {SECRET}")
    (tmp_path / "ok.txt").write_text("nothing here")
    assert_no_secret_in_tree(tmp_path, [SECRET], exclude=[eml])


def test_short_secrets_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="shorter"):
        assert_no_secret_in_tree(tmp_path, ["abc"])


def test_a_missing_root_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="not a directory"):
        assert_no_secret_in_tree(tmp_path / "nope", [SECRET])
