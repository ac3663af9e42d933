"""The ways that hand a submission to the person instead of sending it: exported, not sent.

- ``EmlExporter``: an ``.eml`` file, written atomically with mode 0600 (by default into the
  private outbox in the data directory);
- ``ClipboardCopier``: the text emitted as OSC 52 (works over SSH).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path

from tui.profiles.fileio import atomic_write_bytes, ensure_private_dir
from tui.submission.clipboard import ClipboardError, copy_to_clipboard
from tui.submission.compose import SendResult, SubmissionDraft, SubmissionError
from tui.submission.send import result_of
from tui.submission.text import msg
from tui.text.phrase import Phrase

OUTBOX_DIR = "outbox"


def private_outbox(data_dir: Path) -> Path:
    """The default place for ``.eml`` files: ``<data dir>/outbox``, made 0700."""
    outbox = data_dir / OUTBOX_DIR
    ensure_private_dir(outbox)
    # Koppelaar's own folder of password files (not a shared one it was pointed at): it is
    # tightened again if someone opened it.
    with contextlib.suppress(OSError):
        if outbox.stat().st_mode & 0o077:
            outbox.chmod(0o700)
    return outbox


def git_work_tree(path: Path) -> Path | None:
    """The git work tree ``path`` lies in (a password file there is one commit from leaking)."""
    for folder in (path.expanduser().absolute(), *path.expanduser().absolute().parents):
        if (folder / ".git").exists():
            return folder
    return None


def eml_note(path: Path, draft: SubmissionDraft) -> Phrase:
    """What the person needs to know about a written ``.eml``: where, and what it holds."""
    note = msg("eml.written", path=path)
    if not draft.without_password:
        note += msg("eml.warning", path=path, user=draft.username)
        tree = git_work_tree(path.parent)
        if tree is not None:
            note += msg("eml.in_git", tree=tree)
    return note


class EmlExporter:
    """Writes the message to ``target`` (a file), or into ``target/<slug>.eml`` for a folder.

    ``private`` (the default outbox) keeps the folder 0700; every file is 0600.
    """

    method = "eml"
    delivers = False  # hands the message to the person: exported, not sent

    def __init__(
        self, target: str | Path, *, into_directory: bool = False, private: bool = False
    ) -> None:
        self.target = Path(target)
        self.into_directory = into_directory
        self.private = private
        self.written: list[Path] = []

    def path_for(self, draft: SubmissionDraft) -> Path:
        path = self.target / f"{draft.slug}.eml" if self.into_directory else self.target
        return path.expanduser().absolute()

    def send(self, draft: SubmissionDraft) -> SendResult:
        message = draft.to_email_message()
        path = self.path_for(draft)
        try:
            atomic_write_bytes(path, message.as_bytes(policy=SMTP_POLICY), private_dir=self.private)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise SubmissionError(msg("eml.failed", path=path, reason=reason)) from None
        self.written.append(path)
        return dataclasses.replace(
            result_of(draft, self.method, eml_note(path, draft)), file=str(path)
        )


class ClipboardCopier:
    """Emits recipient, subject and body (with the password) as OSC 52.

    Whether the text reached a clipboard is up to the terminal (and tmux, screen, SSH in
    between): the note says what was emitted and how to verify, never that it arrived.
    """

    method = "clipboard"
    delivers = False

    def __init__(self, copy: Callable[[str], object] = copy_to_clipboard) -> None:
        self._copy = copy

    def send(self, draft: SubmissionDraft) -> SendResult:
        try:
            self._copy(draft.text(masked=False))
        except ClipboardError:
            reason = msg("clipboard.no_terminal")
            raise SubmissionError(msg("clipboard.failed", reason=reason)) from None
        note = msg("clipboard.done", to=draft.to.addr_spec)
        if os.environ.get("TMUX"):
            note += msg("clipboard.tmux")
        return result_of(draft, self.method, note, with_id=False)
