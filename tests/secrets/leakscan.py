"""Find secrets in files the app wrote: plain, escaped, url-encoded, base64 (also inside a
longer base64 text such as a Basic auth header), in UTF-8 or UTF-16.

    from tests.secrets.leakscan import assert_no_secret_in_tree
    assert_no_secret_in_tree(tmp_path, ["Demo-xs-goudenkorst-2026!", refresh_token])

Failures name the file, the form and the offset, never the secret itself.
"""

from __future__ import annotations

import base64
import html
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus

# Shorter secrets would match by accident in binary files; tests should use long ones.
MIN_SECRET_LENGTH = 6
# A base64 fragment this long almost never occurs by chance.
MIN_EMBEDDED_BASE64 = 8


@dataclass(frozen=True)
class Leak:
    path: Path
    secret_index: int
    form: str
    offset: int

    def __str__(self) -> str:
        return f"{self.path}: secret #{self.secret_index} as {self.form} at byte {self.offset}"


def _base64_fragments(raw: bytes) -> dict[str, bytes]:
    """The base64 text of `raw` wherever it sits in a longer byte string.

    base64 works in groups of 3 bytes, so `raw` encodes differently at each of the 3 offsets;
    the characters that depend only on `raw` are those away from both group edges.
    """
    fragments: dict[str, bytes] = {}
    for shift in range(3):
        for name, encode in (("base64", base64.b64encode), ("base64url", base64.urlsafe_b64encode)):
            encoded = encode(bytes(shift) + raw + bytes(3))
            # Character c carries bits 6c..6c+5; keep those inside the bits of `raw`.
            start = -(-8 * shift // 6)
            end = 8 * (shift + len(raw)) // 6
            fragment = encoded[start:end]
            if len(fragment) >= MIN_EMBEDDED_BASE64:
                fragments[f"{name} (offset {shift})"] = fragment
    return fragments


def secret_forms(secret: str) -> dict[str, bytes]:
    """Every byte string under which `secret` could sit in a file."""
    raw = secret.encode("utf-8")
    texts = {
        "plain": secret,
        "url-encoded": quote(secret, safe=""),
        "url-encoded (+ for space)": quote_plus(secret, safe=""),
        "url-encoded (path)": quote(secret),
        "html-escaped": html.escape(secret),
        "html (nbsp for space)": html.escape(secret).replace(" ", "&#160;"),
        "json-escaped": json.dumps(secret)[1:-1],
        "json-escaped (ascii)": json.dumps(secret, ensure_ascii=True)[1:-1],
    }
    forms: dict[str, bytes] = {}
    for name, text in texts.items():
        forms[name] = text.encode("utf-8")
    forms["utf-16-le"] = secret.encode("utf-16-le")
    forms["utf-16-be"] = secret.encode("utf-16-be")
    forms["hex"] = raw.hex().encode("ascii")
    forms["base64"] = base64.b64encode(raw).rstrip(b"=")
    forms["base64url"] = base64.urlsafe_b64encode(raw).rstrip(b"=")
    forms.update(_base64_fragments(raw))
    return forms


def find_leaks(root: Path, secrets: Iterable[str], exclude: Iterable[Path] = ()) -> list[Leak]:
    """Every place under `root` (files of any kind, any depth) that holds one of the secrets."""
    needles: list[tuple[int, str, bytes, bool]] = []
    for index, secret in enumerate(secrets):
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"test secret #{index} is shorter than {MIN_SECRET_LENGTH} characters; "
                "use a longer one so a scan is meaningful"
            )
        for form, needle in secret_forms(secret).items():
            # Hex digits and %XX escapes may be written in either case.
            fold = form == "hex" or form.startswith("url")
            needles.append((index, form, needle.lower() if fold else needle, fold))
    skipped = {Path(path).resolve() for path in exclude}
    leaks: list[Leak] = []
    for directory, _dirs, files in os.walk(root):
        for filename in sorted(files):
            path = Path(directory) / filename
            if path.resolve() in skipped or path.is_symlink():
                continue
            data = path.read_bytes()
            folded = data.lower()
            for index, form, needle, fold in needles:
                offset = (folded if fold else data).find(needle)
                if offset >= 0:
                    leaks.append(Leak(path, index, form, offset))
    return leaks


def assert_no_secret_in_tree(
    root: Path | str, secrets: Iterable[str], exclude: Iterable[Path | str] = ()
) -> int:
    """Fail when any file under `root` holds a secret in any form; returns files scanned.

    `exclude` lists files that may hold secrets by design (e.g. an exported .eml).
    """
    root = Path(root)
    if not root.is_dir():
        raise AssertionError(f"{root} is not a directory: nothing to scan")
    secrets = list(secrets)
    leaks = find_leaks(root, secrets, [Path(p) for p in exclude])
    if leaks:
        listing = "\n  ".join(str(leak) for leak in leaks)
        raise AssertionError(f"secrets found in files under {root}:\n  {listing}")
    return sum(len(files) for _d, _s, files in os.walk(root))
