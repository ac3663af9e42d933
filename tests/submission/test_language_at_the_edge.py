"""Issue 14: the domain says what happened as phrases (key + values); only the UI and the CLI
render text, each with its own language. There is no current language to read or to set.
"""

from __future__ import annotations

import ast
import threading
from pathlib import Path

from keyring.backends import fail
from typer.testing import CliRunner

import tui
import tui.text.i18n as i18n
from tests.submission.conftest import LOKET_PASSWORD, RECIPIENT, SENDER, add_profile, ready_profile
from tests.submission.test_cli import SLUG, write_config
from tui.cli.main import app
from tui.config import Settings, SubmissionSettings
from tui.profiles.store import ProfileStore
from tui.secrets.kinds import ProbeStatus
from tui.secrets.store import SecretKind, SecretStore, SecretStoreError
from tui.submission.batch import deliver
from tui.submission.compose import SubmissionConfigError, SubmissionError, compose_submission
from tui.submission.handover import EmlExporter
from tui.submission.send import read_secret
from tui.text.phrase import Phrase

SETTINGS = Settings(submission=SubmissionSettings(to=RECIPIENT, sender=SENDER))
PACKAGE = Path(tui.__file__).parent
# Where text is rendered for a person (the edges); everything else is domain.
EDGES = ("app.py", "screens", "widgets", "cli")


def domain_modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in EDGES
    ]


def test_no_domain_module_reads_a_current_language() -> None:
    """No contextvars, no ``set_language``/``language()`` import from the catalogue wrappers,
    and every catalogue lookup in the domain names its language (a lookup with the key alone
    would fall back to Dutch wherever it runs)."""
    problems: list[str] = []
    for path in domain_modules():
        where = path.relative_to(PACKAGE)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lookups = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tui.text")
            for alias in node.names
            if alias.name in {"t", "text", "ui"}
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name == "contextvars" for a in node.names):
                problems.append(f"{where}: imports contextvars")
            if isinstance(node, ast.ImportFrom):
                if node.module == "contextvars":
                    problems.append(f"{where}: imports from contextvars")
                if node.module == "tui.text.i18n":
                    names = {a.name for a in node.names} & {"set_language", "language"}
                    problems += [f"{where}: imports {name}" for name in names]
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in lookups
                and len(node.args) < 2
                and not any(k.arg == "lang" for k in node.keywords)
            ):
                problems.append(f"{where}:{node.lineno}: {node.func.id}() without a language")
    assert problems == []
    assert not hasattr(i18n, "set_language") and not hasattr(i18n, "language")


def test_a_nested_phrase_renders_in_the_same_language() -> None:
    reason = SecretStoreError(ProbeStatus.NO_BACKEND, "keyring", {})
    said = Phrase("sub.cli.secrets", {"reason": reason}) + Phrase(
        "sub.smtp.cert", {"server": "mail:587", "reason": Phrase("item.unknown")}
    )
    english, dutch = said.render("en"), said.render("nl")
    assert english.startswith("secret store unavailable: No keyring backend")
    assert "unknown" in english and "onbekend" not in english
    assert dutch.startswith("sleutelbos niet beschikbaar: Geen sleutelbos")
    assert "onbekend" in dutch
    assert str(said) == dutch  # str() is the default language, for logs and tests only


def test_an_error_is_rendered_where_it_is_shown_not_where_it_happened() -> None:
    """Raised in a worker thread that set no language; the edge says it in English."""
    broken = SecretStore("keyring", backend=fail.Keyring())
    caught: list[SubmissionError] = []

    def worker() -> None:
        try:
            read_secret(broken, SecretKind.LOKET_PASSWORD, "xs-goudenkorst")
        except SubmissionConfigError as exc:
            caught.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    (error,) = caught
    assert error.render("en").startswith("secret store unavailable: No keyring backend")
    assert error.render("nl").startswith("sleutelbos niet beschikbaar: Geen sleutelbos")


def test_two_threads_send_at_once_each_in_its_own_language(
    store: ProfileStore, tmp_path: Path
) -> None:
    add_profile(store, ready_profile("tweede", "Tweede B.V.", "20721", "xs-tweede"))
    together = threading.Barrier(2)
    said: dict[str, list[str]] = {}

    def send(slug: str, lang: str) -> None:
        draft = compose_submission(store.load(slug), LOKET_PASSWORD, SETTINGS)
        together.wait()
        result, _ = deliver(store, draft, EmlExporter(tmp_path / f"{slug}.eml"))
        together.wait()
        try:
            deliver(store, draft, EmlExporter(tmp_path / "missing" / "x.eml"), override=True)
        except SubmissionError as exc:
            error = exc.render(lang)
        assert result.note is not None
        said[lang] = [result.note.render(lang), error]

    threads = [
        threading.Thread(target=send, args=("gouden-korst", "nl")),
        threading.Thread(target=send, args=("tweede", "en")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    (nl_note, nl_error), (en_note, en_error) = said["nl"], said["en"]
    assert "nog niet verzonden" in nl_note and "bevat het wachtwoord" in nl_note
    assert "not sent yet" in en_note and "holds the password" in en_note
    assert "kan niet worden geschreven" in nl_error
    assert "cannot be written" in en_error


def test_cli_says_the_result_in_its_own_language(
    store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    """``--lang en`` over Dutch settings: every line of the submission is English."""
    config = write_config(tmp_path / "config.toml", None)
    config.write_text('language = "nl"\n' + config.read_text())
    base = ["--lang", "en", "--profiles", str(store.directory), "--config", str(config)]
    target = tmp_path / "nn.eml"
    result = CliRunner().invoke(app, [*base, "submit", SLUG, "--eml", str(target)])
    assert result.exit_code == 0, result.output
    assert "not sent yet" in result.output and "holds the password" in result.output
    assert "nog niet verzonden" not in result.output
    failed = CliRunner().invoke(
        app, [*base, "submit", SLUG, "--override", "--eml", str(tmp_path / "no" / "x.eml")]
    )
    assert failed.exit_code == 1
    assert "cannot be written" in failed.output and "kan niet" not in failed.output
