from __future__ import annotations

import logging
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail, null

from tests.secrets.backends import (
    HangingKeyring,
    LeakyKeyring,
    MemoryKeyring,
    PlaintextKeyring,
    RaisingKeyring,
    denied_keyring,
    locked_keyring,
    no_keyring,
)
from tests.secrets.conftest import FAST_KDF
from tests.secrets.leakscan import assert_no_secret_in_tree
from tui.secrets.store import (
    ProbeStatus,
    SecretKind,
    SecretMissing,
    SecretStore,
    SecretStoreError,
    SecretsUnavailable,
    open_store,
)
from tui.secrets.vault import VaultKeyring

PASSPHRASE = "correct horse battery staple"
LOKET_PASSWORD = "Demo-xs-goudenkorst-2026!"
SECRETS = {
    (SecretKind.LOKET_PASSWORD, "xs-goudenkorst"): LOKET_PASSWORD,
    (SecretKind.LOKET_REFRESH_TOKEN, "xs-goudenkorst"): "rt-0b6f3c0e-refresh-token",
    (SecretKind.LOKET_CLIENT_SECRET, "koppelaar-client"): "cs-9f8e7d6c-client-secret",
    (SecretKind.SMTP_PASSWORD, "mailer@example.nl"): "smtp pass/word+&=",
}


def fill(store: SecretStore) -> None:
    for (kind, name), value in SECRETS.items():
        store.set(kind, name, value)


def assert_holds_all(store: SecretStore) -> None:
    for (kind, name), value in SECRETS.items():
        assert store.get(kind, name) == value


def test_secret_kinds_are_the_design_names() -> None:
    assert [kind.service for kind in SecretKind] == [
        "koppelaar:loket-password",
        "koppelaar:loket-refresh-token",
        "koppelaar:loket-client-secret",
        "koppelaar:smtp-password",
    ]
    assert SecretKind.parse("koppelaar:smtp-password") is SecretKind.SMTP_PASSWORD
    with pytest.raises(ValueError, match="loket-password, loket-refresh-token"):
        SecretKind.parse("password")


# keyring mode


def test_keyring_mode_stores_under_the_design_names(isolated_secrets: MemoryKeyring) -> None:
    store = SecretStore("keyring")
    fill(store)
    assert_holds_all(store)
    assert isolated_secrets.entries[("koppelaar:loket-password", "xs-goudenkorst")] == (
        LOKET_PASSWORD
    )
    assert store.has(SecretKind.LOKET_PASSWORD, "xs-goudenkorst")
    assert store.delete(SecretKind.LOKET_PASSWORD, "xs-goudenkorst") is True
    assert store.delete(SecretKind.LOKET_PASSWORD, "xs-goudenkorst") is False
    assert not store.has(SecretKind.LOKET_PASSWORD, "xs-goudenkorst")
    assert store.mode == "keyring"
    assert store.describe() == "Secrets: keyring (backends.MemoryKeyring)"


def test_auto_uses_a_working_keyring() -> None:
    store = SecretStore("auto")
    result = store.probe()
    assert result.status is ProbeStatus.OK and store.mode == "keyring"
    assert "MemoryKeyring" in result.message("en")


def test_the_probe_runs_once(isolated_secrets: MemoryKeyring) -> None:
    store = SecretStore()
    store.probe()
    store.probe()
    store.get(SecretKind.LOKET_PASSWORD, "x")
    assert isolated_secrets.calls == ["get", "get"]  # one probe, one real read
    store.probe(refresh=True)
    assert isolated_secrets.calls.count("get") == 3


@pytest.mark.parametrize(
    ("backend", "status"),
    [
        (fail.Keyring(), ProbeStatus.NO_BACKEND),
        (no_keyring(), ProbeStatus.NO_BACKEND),
        (null.Keyring(), ProbeStatus.DISABLED),
        (locked_keyring(), ProbeStatus.LOCKED),
        (denied_keyring(), ProbeStatus.DENIED),
        (RaisingKeyring(PermissionError("DBus.Error.AccessDenied")), ProbeStatus.DENIED),
        (RaisingKeyring(RuntimeError("dbus connection broke")), ProbeStatus.ERROR),
    ],
)
def test_unusable_keyrings_are_classified_and_explained(
    backend: keyring.backend.KeyringBackend, status: ProbeStatus
) -> None:
    keyring.set_keyring(backend)
    store = SecretStore("auto")
    result = store.probe()
    assert result.status == status and not result.usable
    for lang in ("en", "nl"):
        assert "koppelaar secrets unlock --vault" in result.message(lang)  # what to do
    with pytest.raises(SecretsUnavailable) as failure:
        store.get(SecretKind.LOKET_PASSWORD, "xs-goudenkorst")
    assert failure.value.status == status
    # Not silently in memory: still the keyring, still saying it does not work.
    assert store.mode == "keyring"
    assert store.describe().startswith("Secrets: unavailable")
    # The header says why in words, not as a status code.
    assert status.value not in store.describe("nl")
    assert store.describe("nl").startswith("Geheimen: niet beschikbaar, ")
    assert store.describe("nl", short=True) == "Geheimen: niet beschikbaar"  # a narrow header


def test_no_backend_message_names_both_ways_out() -> None:
    keyring.set_keyring(fail.Keyring())
    message = SecretStore().probe().message("en")
    assert message.startswith("No keyring backend on this machine")
    assert "KOPPELAAR_SECRETS=session" in message


def test_a_hanging_keyring_times_out_within_the_timeout() -> None:
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    try:
        started = time.perf_counter()
        result = SecretStore("auto").probe(timeout=0.3)
        elapsed = time.perf_counter() - started
    finally:
        backend.release.set()
    assert result.status is ProbeStatus.TIMED_OUT
    assert 0.3 <= elapsed < 1.0
    assert "did not answer within 0.3 s" in result.message("en")


def test_an_operation_that_hangs_after_a_good_probe_times_out_too() -> None:
    backend = HangingKeyring(hang_on=("set",))
    keyring.set_keyring(backend)
    store = SecretStore("keyring", operation_timeout=0.3)
    try:
        with pytest.raises(SecretsUnavailable) as failure:
            store.set(SecretKind.LOKET_PASSWORD, "xs-a", LOKET_PASSWORD)
    finally:
        backend.release.set()
    assert failure.value.status is ProbeStatus.TIMED_OUT
    assert LOKET_PASSWORD not in str(failure.value)


@pytest.mark.parametrize("module", ["tests.secrets.backends", "keyrings.alt.file"])
def test_plaintext_backends_work_but_warn(module: str) -> None:
    fake = type("PlaintextKeyring", (PlaintextKeyring,), {"__module__": module})
    keyring.set_keyring(fake())
    store = SecretStore("auto")
    result = store.probe()
    assert result.status is ProbeStatus.PLAINTEXT and result.usable
    assert "plain text" in result.message("en")
    assert "PLAIN TEXT" in store.describe()
    assert store.status().warnings("nl")
    store.set(SecretKind.LOKET_PASSWORD, "xs-a", LOKET_PASSWORD)
    assert store.get(SecretKind.LOKET_PASSWORD, "xs-a") == LOKET_PASSWORD


def test_an_encrypted_keyrings_alt_backend_is_not_called_plaintext() -> None:
    fake = type("EncryptedKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})
    keyring.set_keyring(fake())
    assert SecretStore().probe().status is ProbeStatus.OK


def test_require_says_how_to_store_a_missing_secret() -> None:
    store = SecretStore("keyring")
    with pytest.raises(SecretMissing) as failure:
        store.require(SecretKind.LOKET_PASSWORD, "xs-vandermeer")
    assert failure.value.message("en") == (
        "No Loket.nl password stored for xs-vandermeer: "
        "run `koppelaar secrets set loket-password xs-vandermeer`."
    )
    assert failure.value.message("nl").startswith("Geen Loket.nl-wachtwoord opgeslagen")


# session mode


def test_session_mode_keeps_secrets_in_memory_only(tmp_path: Path) -> None:
    store = SecretStore("session", tmp_path / "vault.bin")
    fill(store)
    assert_holds_all(store)
    assert store.mode == "session"
    assert "memory" in store.describe() and "this run" in store.describe()
    assert "gone when Koppelaar stops" in store.probe().message("en")
    assert store.status().warnings("en")
    assert list(tmp_path.iterdir()) == []
    assert SecretStore("session").get(SecretKind.LOKET_PASSWORD, "xs-goudenkorst") is None


def test_the_user_can_choose_session_after_a_failed_probe() -> None:
    keyring.set_keyring(fail.Keyring())
    store = SecretStore("auto")
    assert not store.probe().usable
    store.use_session()
    fill(store)
    assert_holds_all(store)
    assert store.mode == "session"


# vault mode


def test_vault_mode_with_a_passphrase_creates_and_reopens(vault_path: Path) -> None:
    store = SecretStore("vault", vault_path, vault_passphrase=PASSPHRASE, vault_kdf=FAST_KDF)
    assert store.probe().usable and store.mode == "vault"
    fill(store)
    assert vault_path.exists()
    assert_no_secret_in_tree(vault_path.parent, [*SECRETS.values(), PASSPHRASE])
    again = SecretStore("vault", vault_path, vault_passphrase=PASSPHRASE)
    assert_holds_all(again)
    assert again.describe("nl") == "Geheimen: kluis, ontgrendeld"


def test_a_locked_vault_says_how_to_unlock(vault_path: Path) -> None:
    SecretStore("vault", vault_path, vault_passphrase=PASSPHRASE, vault_kdf=FAST_KDF).set(
        SecretKind.LOKET_PASSWORD, "xs-a", LOKET_PASSWORD
    )
    store = SecretStore("vault", vault_path)
    result = store.probe()
    assert result.status is ProbeStatus.VAULT_LOCKED
    assert "KOPPELAAR_VAULT_PASSPHRASE" in result.message("en")
    assert store.describe() == "Secrets: vault, locked"
    with pytest.raises(SecretsUnavailable):
        store.get(SecretKind.LOKET_PASSWORD, "xs-a")
    store.unlock_vault(PASSPHRASE)
    assert store.get(SecretKind.LOKET_PASSWORD, "xs-a") == LOKET_PASSWORD


def test_a_new_vault_needs_unlock_with_create(vault_path: Path) -> None:
    store = SecretStore("vault", vault_path, vault_kdf=FAST_KDF)
    assert store.probe().status is ProbeStatus.VAULT_NEW
    with pytest.raises(SecretStoreError) as failure:
        store.unlock_vault(PASSPHRASE)
    assert failure.value.status is ProbeStatus.VAULT_NEW
    assert store.unlock_vault(PASSPHRASE, create=True) is True
    assert vault_path.exists()


def test_a_wrong_environment_passphrase_is_reported(vault_path: Path) -> None:
    VaultKeyring(vault_path, PASSPHRASE, kdf=FAST_KDF).unlock(create=True)
    before = vault_path.read_bytes()
    store = SecretStore("vault", vault_path, vault_passphrase="not-the-passphrase-42")
    result = store.probe()
    assert result.status is ProbeStatus.VAULT_PASSPHRASE
    assert result.message("en").startswith("Wrong passphrase for the vault")
    assert "not-the-passphrase-42" not in result.message("en") + repr(result)
    with pytest.raises(SecretsUnavailable):
        store.set(SecretKind.LOKET_PASSWORD, "xs-a", LOKET_PASSWORD)
    assert vault_path.read_bytes() == before


def test_a_corrupt_vault_is_reported_and_kept(vault_path: Path) -> None:
    VaultKeyring(vault_path, PASSPHRASE, kdf=FAST_KDF).unlock(create=True)
    damaged = vault_path.read_bytes()[:-7]
    vault_path.write_bytes(damaged)
    store = SecretStore("vault", vault_path, vault_passphrase=PASSPHRASE)
    result = store.probe()
    assert result.status is ProbeStatus.VAULT_CORRUPT
    assert "left untouched" in result.message("en") and "checksum" in result.message("en")
    with pytest.raises(SecretStoreError):
        store.unlock_vault(PASSPHRASE, create=True)
    assert vault_path.read_bytes() == damaged


def test_auto_falls_to_an_existing_vault_never_to_memory(vault_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    assert SecretStore("auto", vault_path).probe().status is ProbeStatus.NO_BACKEND
    VaultKeyring(vault_path, PASSPHRASE, kdf=FAST_KDF).unlock(create=True)
    store = SecretStore("auto", vault_path, vault_passphrase=PASSPHRASE)
    assert store.probe().usable and store.mode == "vault"
    status = store.status()
    assert status.keyring_probe is not None
    assert status.keyring_probe.status is ProbeStatus.NO_BACKEND
    # An explicit "keyring" does not move to the vault.
    assert not SecretStore("keyring", vault_path, vault_passphrase=PASSPHRASE).probe().usable


# switching from session to vault


def test_session_secrets_move_into_a_new_vault_without_retyping(vault_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    store = SecretStore("auto", vault_path, vault_kdf=FAST_KDF)
    assert not store.probe().usable
    store.use_session()
    fill(store)
    assert store.unlock_vault(PASSPHRASE, create=True) is True
    assert store.mode == "vault"
    assert_holds_all(store)
    reopened = VaultKeyring(vault_path, PASSPHRASE)
    assert len(reopened.names()) == len(SECRETS)
    assert_no_secret_in_tree(vault_path.parent, [*SECRETS.values(), PASSPHRASE])


def test_a_wrong_passphrase_keeps_the_session_secrets(vault_path: Path) -> None:
    VaultKeyring(vault_path, PASSPHRASE, kdf=FAST_KDF).unlock(create=True)
    store = SecretStore("session", vault_path)
    fill(store)
    with pytest.raises(SecretStoreError) as failure:
        store.unlock_vault("not it at all")
    assert failure.value.status is ProbeStatus.VAULT_PASSPHRASE
    assert store.mode == "session"
    assert_holds_all(store)


def test_migrate_to_copies_into_another_store(vault_path: Path) -> None:
    session = SecretStore("session")
    fill(session)
    vault = SecretStore("vault", vault_path, vault_passphrase=PASSPHRASE, vault_kdf=FAST_KDF)
    assert session.migrate_to(vault) == len(SECRETS)
    assert_holds_all(vault)


# no secret in errors, reprs or logs


def test_no_secret_in_reprs_errors_or_logs(
    vault_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = SecretStore("session", vault_path, vault_kdf=FAST_KDF)
    fill(store)
    store.unlock_vault(PASSPHRASE, create=True)
    texts = [repr(store), str(store.status()), repr(store.probe()), caplog.text]
    with pytest.raises(SecretStoreError) as wrong:
        SecretStore("vault", vault_path).unlock_vault(LOKET_PASSWORD)
    texts += [str(wrong.value), repr(wrong.value), wrong.value.message("nl")]
    keyring.set_keyring(LeakyKeyring())
    with pytest.raises(SecretStoreError) as leaky:
        SecretStore("keyring").set(SecretKind.LOKET_PASSWORD, "xs-a", LOKET_PASSWORD)
    texts += [str(leaky.value), repr(leaky.value)]
    assert leaky.value.__cause__ is None and leaky.value.__suppress_context__
    assert "••••••" in str(leaky.value)
    joined = "\n".join(texts)
    for secret in [*SECRETS.values(), PASSPHRASE]:
        assert secret not in joined


def test_values_read_or_written_are_registered_for_redaction() -> None:
    from tui.secrets.redact import redact

    store = SecretStore("session")
    store.set(SecretKind.LOKET_REFRESH_TOKEN, "xs-a", "rt-written-value")
    other = SecretStore("keyring")
    keyring.get_keyring().set_password("koppelaar:smtp-password", "mailer", "read-only-value")
    assert other.get(SecretKind.SMTP_PASSWORD, "mailer") == "read-only-value"
    assert redact("rt-written-value / read-only-value") == "•••••• / ••••••"


# configuration


def test_open_store_lets_the_environment_win(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = open_store("keyring", tmp_path / "a.bin")
    assert store.requested_mode == "keyring" and store.vault_path == tmp_path / "a.bin"
    monkeypatch.setenv("KOPPELAAR_SECRETS", "session")
    monkeypatch.setenv("KOPPELAAR_VAULT_PATH", str(tmp_path / "b.bin"))
    store = open_store("keyring", tmp_path / "a.bin")
    assert store.mode == "session" and store.vault_path == tmp_path / "b.bin"
    monkeypatch.setenv("KOPPELAAR_SECRETS", "plaintext")
    with pytest.raises(ValueError, match="auto, keyring, vault, session"):
        open_store()


def test_default_vault_path_is_in_the_user_data_dir(tmp_path: Path) -> None:
    assert open_store().vault_path == tmp_path / "xdg-data" / "koppelaar" / "vault.bin"


def test_describe_never_blocks_the_caller() -> None:
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    try:
        store = SecretStore("auto")
        started = time.perf_counter()
        line = store.describe("nl")
        assert time.perf_counter() - started < 0.1
        assert line == "Geheimen: sleutelbos wordt gecontroleerd..."
        assert backend.calls == []
    finally:
        backend.release.set()
