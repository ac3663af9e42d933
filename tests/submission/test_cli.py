"""``koppelaar submit`` end to end: the real CLI, a real SMTP server on 127.0.0.1, the keyring."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.submission.conftest import (
    LOKET_PASSWORD,
    RECIPIENT,
    SENDER,
    SMTP_PASSWORD,
    SMTP_USER,
    SmtpServer,
    StartServer,
    Tls,
    add_profile,
    ready_profile,
)
from tui.cli.main import app
from tui.profiles.model import ItemRecord
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretStore

runner = CliRunner()
SLUG = "gouden-korst"


def write_config(path: Path, server: SmtpServer | None) -> Path:
    smtp = (
        f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "{server.security}"\n'
        f'username = "{SMTP_USER}"\n'
        if server
        else ""
    )
    path.write_text(f'[submission]\nto = "{RECIPIENT}"\nfrom = "{SENDER}"\n{smtp}')
    return path


def run(store: ProfileStore, config: Path, *args: str, input: str | None = None) -> Result:
    return runner.invoke(
        app,
        ["--profiles", str(store.directory), "--config", str(config), "submit", *args],
        input=input,
    )


@pytest.fixture
def starttls(smtp_server: StartServer) -> SmtpServer:
    return smtp_server("starttls")


def assert_no_secret(result: Result) -> None:
    assert LOKET_PASSWORD not in result.output
    assert SMTP_PASSWORD not in result.output


def test_smtp_after_confirming_the_recipient(
    starttls: SmtpServer, tls: Tls, store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.toml", starttls)
    result = run(store, config, SLUG, "--smtp", "--cafile", str(tls.ca_file), input="j\n")
    assert result.exit_code == 0, result.output
    assert f"Verzenden naar {RECIPIENT}? [j/N]" in result.output
    assert "Wachtwoord:         ********" in result.output
    assert_no_secret(result)
    [envelope] = starttls.mailbox.envelopes
    assert envelope.rcpt_tos == [RECIPIENT]
    sub = store.load(SLUG).submission
    assert sub.status == "sent" and sub.method == "smtp" and sub.to == RECIPIENT
    assert sub.message_id is not None and sub.message_id in result.output


def test_declining_sends_nothing(
    starttls: SmtpServer, tls: Tls, store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.toml", starttls)
    result = run(store, config, SLUG, "--smtp", "--cafile", str(tls.ca_file), input="n\n")
    assert result.exit_code == 1
    assert "Niet verzonden." in result.output
    assert starttls.mailbox.envelopes == []
    assert store.load(SLUG).submission.status == "draft"


def test_server_without_tls_is_refused(
    smtp_server: StartServer, store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    plain = smtp_server("plain")
    config = write_config(tmp_path / "config.toml", plain)
    result = run(store, config, SLUG, "--smtp", "--yes")
    assert result.exit_code == 1
    assert "biedt geen STARTTLS aan; niet verzonden" in result.output
    assert plain.mailbox.envelopes == []
    assert store.load(SLUG).submission.status == "draft"
    assert_no_secret(result)


def test_not_ready_needs_override(
    starttls: SmtpServer, tls: Tls, store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    store.update(SLUG, lambda p: setattr(p, "status", "problems"))
    store.update(SLUG, lambda p: p.items.__setitem__("account.rights", ItemRecord("fail")))
    config = write_config(tmp_path / "config.toml", starttls)
    refused = run(store, config, SLUG, "--smtp", "--yes", "--cafile", str(tls.ca_file))
    assert refused.exit_code == 1
    assert "niet gereed (status: problemen)" in refused.output
    assert "account.rights: fout" in refused.output
    assert starttls.mailbox.envelopes == []
    forced = run(store, config, SLUG, "--smtp", "--yes", "--override", "--cafile", str(tls.ca_file))
    assert forced.exit_code == 0, forced.output
    assert len(starttls.mailbox.envelopes) == 1


def test_eml_export_warns_and_is_private(
    store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.toml", None)
    target = tmp_path / "nn.eml"
    result = run(store, config, SLUG, "--eml", str(target))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "bevat het wachtwoord van xs-goudenkorst" in result.output
    assert LOKET_PASSWORD.encode() in target.read_bytes()
    assert_no_secret(result)
    assert store.load(SLUG).submission.method == "eml"


def test_eml_no_password(store: ProfileStore, tmp_path: Path) -> None:
    """No Loket password stored at all: --no-password still works."""
    config = write_config(tmp_path / "config.toml", None)
    target = tmp_path / "nn.eml"
    result = run(store, config, SLUG, "--eml", str(target), "--no-password")
    assert result.exit_code == 0, result.output
    assert b"volgt telefonisch" in target.read_bytes().replace(b"=\r\n", b"")
    assert store.load(SLUG).submission.without_password is True


def test_missing_loket_password_is_not_sent(store: ProfileStore, tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.toml", None)
    result = run(store, config, SLUG, "--eml", str(tmp_path / "nn.eml"))
    assert result.exit_code == 1
    assert "geen Loket.nl-wachtwoord voor xs-goudenkorst" in result.output
    assert not (tmp_path / "nn.eml").exists()


@pytest.mark.parametrize(
    "args",
    [
        [SLUG],
        [SLUG, "--smtp", "--eml", "x.eml"],
        ["--smtp"],
        [SLUG, "--all-ready", "--smtp"],
        ["--all-ready", "--smtp", "--override"],
        ["--all-ready", "--clipboard"],
        ["bestaat-niet", "--eml", "x.eml"],
    ],
)
def test_usage_errors_exit_2(store: ProfileStore, tmp_path: Path, args: list[str]) -> None:
    config = write_config(tmp_path / "config.toml", None)
    assert run(store, config, *args).exit_code == 2


def test_smtp_without_settings_exits_2(
    store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.toml", None)
    result = run(store, config, SLUG, "--smtp", "--yes")
    assert result.exit_code == 2
    assert "[smtp] host" in result.output


def test_all_ready_by_smtp(
    starttls: SmtpServer, tls: Tls, store: ProfileStore, secrets: SecretStore, tmp_path: Path
) -> None:
    add_profile(store, ready_profile("tweede", "Tweede B.V.", "31544", "xs-tweede"))
    not_ready = ready_profile("derde", "Derde B.V.", "27301", "xs-derde")
    not_ready.status = "unverified"
    add_profile(store, not_ready)
    config = write_config(tmp_path / "config.toml", starttls)
    result = run(store, config, "--all-ready", "--smtp", "--cafile", str(tls.ca_file), input="j\n")
    assert result.exit_code == 0, result.output
    assert f"2 e-mails verzenden naar {RECIPIENT}" in result.output
    assert "[1/3] derde: overgeslagen (derde: niet gereed" in result.output
    assert "2 verzonden, 1 overgeslagen, 0 mislukt." in result.output
    assert len(starttls.mailbox.envelopes) == 2
    assert_no_secret(result)


def test_all_ready_to_eml_folder(store: ProfileStore, secrets: SecretStore, tmp_path: Path) -> None:
    add_profile(store, ready_profile("tweede", "Tweede B.V.", "31544", "xs-tweede"))
    config = write_config(tmp_path / "config.toml", None)
    folder = tmp_path / "uit"
    folder.mkdir()
    result = run(store, config, "--all-ready", "--eml", str(folder))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["gouden-korst.eml", "tweede.eml"]
    again = run(store, config, "--all-ready", "--eml", str(folder))
    assert again.exit_code == 1
    assert "geen gereed profiel om te versturen" in again.output
