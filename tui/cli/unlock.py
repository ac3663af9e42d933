"""The vault passphrase for one command: read from the kernel keyring when ``secrets unlock
--vault`` kept it there, otherwise asked once on a terminal (the store then stays open for the
rest of the run). Without a terminal nothing is asked: the command reports the locked vault.
"""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING

from tui.runtime import Runtime
from tui.secrets import keyctl
from tui.text.catalogue import text

if TYPE_CHECKING:  # the store imports keyring: loaded only by commands that use secrets
    from tui.secrets.store import SecretStore

ATTEMPTS = 3


def open_secrets(runtime: Runtime, *, ask: bool = True) -> SecretStore:
    """The run's secret store, its vault unlocked when that can be done."""
    store = runtime.secret_store()
    unlock_for_run(store, ask=ask, lang=runtime.language)
    return store


def on_terminal() -> bool:
    return bool(sys.stdin and sys.stdin.isatty() and sys.stderr and sys.stderr.isatty())


def unlock_for_run(store: SecretStore, *, ask: bool = True, lang: str = "nl") -> None:
    from tui.secrets.store import ProbeStatus, SecretStoreError

    if store.probe().status is not ProbeStatus.VAULT_LOCKED:
        return
    kept = keyctl.recall(store.vault_path)
    if kept is not None:
        try:
            store.unlock_vault(kept)
            return
        except SecretStoreError:
            keyctl.forget(store.vault_path)  # the vault's passphrase changed since
    if not ask or not on_terminal():
        return
    for _ in range(ATTEMPTS):
        try:
            passphrase = getpass.getpass(text("unlock.prompt", lang).format(path=store.vault_path))
        except (EOFError, KeyboardInterrupt):
            return
        try:
            store.unlock_vault(passphrase)
            return
        except SecretStoreError as exc:
            print(exc.render(lang), file=sys.stderr)
