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


DOMAIN_PACKAGES = [
    "tui.profiles",
    "tui.loket",
    "tui.loket.simulator",
    "tui.checks",
    "tui.secrets",
    "tui.submission",
    "tui.discovery",
    "tui.text",
    "tui.cli",
    "tui.config",
    "tui.runtime",
    "tui.runner",
    "tui.gcpolicy",
    "tui.typed_data",
]


def domain_modules() -> list[str]:
    """Every module of the domain packages, by file."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if is_allowed(path) or path.name == "__main__.py":
            continue
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_importing_each_domain_module_loads_no_textual() -> None:
    """In a fresh interpreter (import hygiene: the CLI and the tests never pay for Textual)."""
    import subprocess
    import sys

    modules = domain_modules()
    assert {"tui.runner", "tui.checks.checker", "tui.profiles.store"} <= set(modules)
    script = (
        "import importlib, sys\n"
        "bad = []\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    if any(m == 'textual' or m.startswith('textual.') for m in sys.modules):\n"
        "        bad.append(name); break\n"
        "print(bad)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_import_linter_contract_names_every_domain_package() -> None:
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = config["tool"]["importlinter"]["contracts"]
    named = set(contract["source_modules"])
    top = {name for name in DOMAIN_PACKAGES if name.count(".") == 1}
    assert top <= named, top - named
    on_disk = {
        f"tui.{path.name if path.is_dir() else path.stem}"
        for path in PACKAGE.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and path.stem not in ("__init__", "__main__", "app"))
    } - {"tui.screens", "tui.widgets"}
    assert on_disk <= named, f"not in the import-linter contract: {sorted(on_disk - named)}"


def test_every_worker_reports_its_errors_to_the_app() -> None:
    """``@work`` with ``exit_on_error=False`` everywhere: one handler shows the error, the app
    never exits on it (tui.app.KoppelaarApp.worker_failed)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for deco in node.decorator_list:
                call = deco if isinstance(deco, ast.Call) else None
                name = call.func if call else deco
                if isinstance(name, ast.Name) and name.id == "work":
                    keywords = {k.arg: k.value for k in (call.keywords if call else [])}
                    value = keywords.get("exit_on_error")
                    if not (isinstance(value, ast.Constant) and value.value is False):
                        offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == [], offenders


def test_internals_names_every_package_and_no_module_that_is_gone() -> None:
    """docs/internals.md says only what is true of the tree: every package of ``tui`` is in its
    layout table, and every ``tui/...`` path it names exists."""
    import re

    doc = (PACKAGE.parent / "docs" / "internals.md").read_text(encoding="utf-8")
    packages = {
        f"tui/{p.relative_to(PACKAGE).as_posix()}/"
        for p in PACKAGE.rglob("__init__.py")
        for p in [p.parent]
        if p != PACKAGE
    }
    missing = sorted(p for p in packages if f"`{p}`" not in doc)
    assert missing == [], f"packages not in docs/internals.md: {missing}"
    named = set(re.findall(r"`(tui/[\w/.]+?\.(?:py|toml|tcss|json))`", doc))
    gone = sorted(p for p in named if not (PACKAGE.parent / p).exists())
    assert gone == [], f"docs/internals.md names files that do not exist: {gone}"
