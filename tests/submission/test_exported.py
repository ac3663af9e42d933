"""Issue 17: only an SMTP server's acceptance or the person makes a submission ``sent``.

An .eml file and the clipboard hand the message over (``exported``, Dutch ``klaargezet``) with
method and time; ``--mark-sent`` records the person's word. ``list --json`` and ``export`` say
so. The clipboard note says what was emitted and how to verify, never that it arrived. The .eml
warns inside a git work tree. The e-mail to NN is never cut.
"""

from __future__ import annotations

import csv
import json
import os
import stat
from datetime import UTC
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.submission.conftest import LOKET_PASSWORD, RECIPIENT, add_profile, ready_profile
from tests.submission.test_cli import SLUG, run, write_config
from tui.cli.main import app
from tui.config import Settings, SubmissionSettings
from tui.profiles.model import ItemRecord
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretStore
from tui.submission.compose import NotSendableError, compose_submission, ensure_sendable
from tui.submission.handover import ClipboardCopier, EmlExporter, git_work_tree

runner = CliRunner()


def test_eml_export_is_exported_not_sent(
    store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.toml", None)
    target = tmp_path / "nn.eml"
    result = run(store, config, SLUG, "--eml", str(target))
    assert result.exit_code == 0, result.output
    sub = store.load(SLUG).submission
    assert (sub.status, sub.method) == ("exported", "eml")
    assert sub.sent_at is None and sub.exported_at is not None
    assert sub.exported_file == str(target)
    assert "nog niet verzonden" in result.output
    assert str(target) in result.output  # the full path


def test_export_then_resubmit_is_refused_until_marked(
    store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.toml", None)
    run(store, config, SLUG, "--eml", str(tmp_path / "a.eml"))
    again = run(store, config, SLUG, "--eml", str(tmp_path / "b.eml"))
    assert again.exit_code == 1
    assert "klaargezet op" in again.output and "als .eml-bestand" in again.output
    assert "(eml)" not in again.output  # words, never the method code
    marked = run(store, config, SLUG, "--mark-sent")
    assert marked.exit_code == 0, marked.output
    assert "als verzonden vastgelegd" in marked.output
    sub = store.load(SLUG).submission
    assert (sub.status, sub.sent_source, sub.method) == ("sent", "person", "eml")
    assert sub.sent_at is not None
    with pytest.raises(NotSendableError, match=r"al verzonden op .* \(door u gemeld\)"):
        ensure_sendable(store.load(SLUG))


def test_mark_sent_usage(store: ProfileStore, tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.toml", None)
    result = run(store, config, "--mark-sent", "--eml", "x.eml", SLUG)
    assert result.exit_code == 2
    assert "--mark-sent" in result.output


def test_list_json_and_export_show_exported(
    store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.toml", None)
    run(store, config, SLUG, "--eml", str(tmp_path / "a.eml"))
    base = ["--profiles", str(store.directory), "--config", str(config)]
    listed = runner.invoke(app, [*base, "list", "--json"])
    row = next(p for p in json.loads(listed.output)["profiles"] if p["profile"] == SLUG)
    assert row["submission"] == "exported"
    assert row["submission_method"] == "eml"
    assert row["exported_at"] and row["sent_at"] is None
    table = runner.invoke(app, [*base, "list"])
    assert "klaargezet" in table.output
    out = tmp_path / "out.csv"
    runner.invoke(app, [*base, "export", str(out)])
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    row = next(r for r in rows if r["werkgever_id"] == "20720")
    assert row["submission"] == "exported"
    assert row["submission_method"] == "eml"
    assert row["exported_at"] and not row["sent_at"]


def test_clipboard_says_what_was_emitted_and_records_exported(
    store: ProfileStore, secrets: SecretStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(
        "tui.cli.commands.submit.ClipboardCopier", lambda: ClipboardCopier(copied.append)
    )
    monkeypatch.setenv("TMUX", "/tmp/tmux-1/default,1,0")
    config = write_config(tmp_path / "config.toml", None)
    result = run(store, config, SLUG, "--clipboard")
    assert result.exit_code == 0, result.output
    assert LOKET_PASSWORD in copied[0]
    assert "OSC 52" in result.output and "plak" in result.output
    assert "Niets verzonden" in result.output
    assert "staat op het klembord" not in result.output
    assert "allow-passthrough" in result.output  # inside tmux: how it can arrive
    assert store.load(SLUG).submission.status == "exported"


def test_eml_in_a_git_work_tree_is_warned(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "sub").mkdir()
    assert git_work_tree(tmp_path / "repo" / "sub") == tmp_path / "repo"
    assert git_work_tree(tmp_path) is None
    profile = ready_profile(SLUG, "Bakkerij De Gouden Korst B.V.", "20720", "xs-goudenkorst")
    settings = Settings(submission=SubmissionSettings(to=RECIPIENT, sender="a@b.nl"))
    draft = compose_submission(profile, LOKET_PASSWORD, settings)
    result = EmlExporter(tmp_path / "repo" / "sub" / "x.eml").send(draft)
    assert "git-werkmap" in str(result.note) and str(tmp_path / "repo") in str(result.note)
    assert not result.delivered and result.file == str(tmp_path / "repo" / "sub" / "x.eml")
    plain = EmlExporter(tmp_path / "x.eml").send(draft)
    assert "git-werkmap" not in str(plain.note)


def test_private_outbox_is_0700(tmp_path: Path) -> None:
    from tui.submission.handover import private_outbox

    outbox = private_outbox(tmp_path / "data")
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o700
    os.chmod(outbox, 0o755)
    assert stat.S_IMODE(private_outbox(tmp_path / "data").stat().st_mode) == 0o700


def test_nn_email_is_never_cut_and_names_no_ids() -> None:
    profile = ready_profile(SLUG, "Bakkerij De Gouden Korst B.V.", "20720", "xs-goudenkorst")
    long_detail = "Lange bevinding " + " ".join(f"woord{n}" for n in range(60)) + " einde."
    profile.items["account.active"] = ItemRecord("pass", long_detail)
    settings = Settings(submission=SubmissionSettings(to=RECIPIENT, sender="a@b.nl"))
    body = compose_submission(profile, LOKET_PASSWORD, settings).body(masked=True)
    assert long_detail in body
    assert "~" not in body
    assert "account.active" not in body
    # paragraphs are single lines: a mail program or the preview wraps them
    assert "voor de onderstaande werkgever. Hierbij" in body


def test_not_ready_names_items_by_title(store: ProfileStore) -> None:
    profile = ready_profile("x", "X B.V.", "20720", "xs-x")
    profile.status = "problems"
    profile.items["account.active"] = ItemRecord("fail", "geblokkeerd")
    add_profile(store, profile)
    with pytest.raises(NotSendableError) as caught:
        ensure_sendable(store.load("x"))
    assert "account.active" not in str(caught.value)
    assert "Gebruiker actief, niet geblokkeerd: fout" in str(caught.value)


def test_checklist_step3_says_exported_not_sent() -> None:
    from datetime import datetime

    from tui.checks.engine import render, sent_outcome

    profile = ready_profile(SLUG, "Bakkerij De Gouden Korst B.V.", "20720", "xs-goudenkorst")
    profile.submission.status = "exported"
    profile.submission.method = "clipboard"
    profile.submission.exported_at = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    outcome = sent_outcome(profile)
    assert (outcome.status, outcome.reason) == ("manual", "exported_clipboard")
    assert "via het klembord klaargezet" in render(outcome, "nl").detail
    assert "not reported as sent" in render(outcome, "en").detail
    profile.submission.status = "sent"
    profile.submission.sent_at = profile.submission.exported_at
    assert sent_outcome(profile).status == "pass"
