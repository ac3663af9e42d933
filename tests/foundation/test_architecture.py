"""Only tui/app.py, tui/screens/ and tui/widgets/ may import Textual (DESIGN section 4)."""

from __future__ import annotations

import ast
from pathlib import Path

import tui

PACKAGE = Path(tui.__file__).parent
ALLOWED = ("app.py", "screens", "widgets")


def textual_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "textual" or name.startswith("textual.") for name in names):
            lines.append(node.lineno)
    return lines


def is_allowed(path: Path) -> bool:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] in ALLOWED


def test_only_the_ui_imports_textual() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if not is_allowed(path)
        for line in textual_imports(path)
    ]
    assert offenders == [], f"Textual imported outside the UI: {offenders}"


def test_the_rule_catches_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom textual.widgets import Static\nimport textual\n")
    assert textual_imports(bad) == [2, 3]
