"""``koppelaar submit NAME --eml FILE | --smtp | --clipboard`` and ``--all-ready``.

Exit codes: 0 everything asked for was sent (or, with --eml/--clipboard, handed over), 1
something was not, 2 usage or settings. ``--mark-sent`` records that the person sent it.
The password is never printed: the preview masks it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tui.cli.unlock import open_secrets
from tui.profiles.model import Profile
from tui.profiles.store import StoreError
from tui.runtime import Runtime
from tui.secrets.store import SecretStore, SecretStoreError
from tui.submission.batch import BatchOutcome, deliver, prepare, submit_all_ready
from tui.submission.compose import SubmissionConfigError, SubmissionError
from tui.submission.demo import DemoOutbox, simulator_root
from tui.submission.handover import ClipboardCopier, EmlExporter
from tui.submission.send import Sender
from tui.submission.smtp import SmtpSender
from tui.text.catalogue import text
from tui.text.phrase import Renders, said
from tui.text.safe import plain, plain_multiline

_YES = ("j", "ja", "y", "yes")


def msg(key: str, lang: str, n: int | None = None, **values: object) -> str:
    """The submission's message ``key`` (``sub.``) in the run's language; phrases among the
    values in that language too."""
    return text(f"sub.{key}", lang, n, **{k: said(v, lang) for k, v in values.items()})


def _say(text: str, err: bool = False) -> None:
    typer.echo(plain_multiline(text), err=err)


def _usage(text: str) -> typer.Exit:
    typer.echo(f"koppelaar: {plain(text)}", err=True)
    return typer.Exit(2)


def _not_sent(text: str) -> typer.Exit:
    typer.echo(f"koppelaar: {plain(text)}", err=True)
    return typer.Exit(1)


def _confirm(question: str, assume_yes: bool, lang: str) -> bool:
    if assume_yes:
        return True
    answer = typer.prompt(
        f"{question} {msg('cli.yes_no', lang)}", default="", show_default=False, err=True
    )
    return answer.strip().lower() in _YES


def _make_sender(
    runtime: Runtime,
    secrets: SecretStore,
    *,
    eml: Path | None,
    smtp: bool,
    clipboard: bool,
    batch: bool,
    cafile: Path | None,
) -> Sender:
    lang = runtime.language
    if eml is not None:
        if batch and not eml.is_dir():
            raise _usage(msg("cli.batch_eml_dir", lang, path=eml))
        return EmlExporter(eml, into_directory=batch)
    if clipboard:
        if batch:
            raise _usage(msg("cli.batch_clipboard", lang))
        return ClipboardCopier()
    if runtime.demo:
        return DemoOutbox(simulator_root(runtime.settings.loket.api_url))
    assert smtp
    return SmtpSender(runtime.settings.smtp, secrets, cafile=cafile)


def _submit_one(
    runtime: Runtime,
    name: str,
    sender: Sender,
    secrets: SecretStore,
    *,
    without_password: bool,
    override: bool,
    assume_yes: bool,
) -> None:
    lang = runtime.language
    try:
        profile = runtime.store.load(name)
    except StoreError as exc:
        raise _usage(str(exc)) from None
    try:
        draft = prepare(
            profile,
            runtime.settings,
            secrets,
            without_password=without_password,
            override=override,
        )
    except SubmissionConfigError as exc:
        raise _usage(exc.render(lang)) from None
    except SubmissionError as exc:
        raise _not_sent(exc.render(lang)) from None
    _say(draft.render(masked=True))
    if sender.method == "smtp" and not _confirm(
        msg("cli.confirm", lang, to=draft.to.addr_spec), assume_yes, lang
    ):
        raise _not_sent(msg("cli.declined", lang))
    try:
        result, _ = deliver(runtime.store, draft, sender, override=override)
    except SubmissionConfigError as exc:
        raise _usage(exc.render(lang)) from None
    except SubmissionError as exc:
        raise _not_sent(exc.render(lang)) from None
    if result.note is not None:
        _say(result.note.render(lang))


def _mark_sent(runtime: Runtime, name: str | None, *, other: bool) -> None:
    """``--mark-sent``: the person says they sent it; no message leaves Koppelaar."""
    from tui.submission.compose import mark_sent

    lang = runtime.language
    if name is None or other:
        raise _usage(msg("cli.mark_sent_alone", lang))
    try:
        profile = runtime.store.load(name)
        if profile.submission.status == "connected":
            raise _not_sent(msg("mark_sent_connected", lang, profile=name))
        saved = mark_sent(runtime.store, name)
    except StoreError as exc:
        raise _usage(str(exc)) from None
    when = saved.submission.sent_at.astimezone().strftime("%d-%m-%Y %H:%M")  # type: ignore[union-attr]
    _say(msg("marked_sent", lang, profile=name, when=when))


def _outcome_line(index: int, total: int, outcome: BatchOutcome, lang: str) -> str:
    shown = outcome.outcome not in ("sent", "exported") or not outcome.recorded
    reason = f" ({_render(outcome.reason, lang)})" if outcome.reason and shown else ""
    return msg(
        "cli.progress",
        lang,
        index=index,
        total=total,
        profile=outcome.slug,
        outcome=msg("outcome." + outcome.outcome, lang),
        reason=reason,
    )


def _secrets_reason(exc: SecretStoreError | ValueError, lang: str) -> str:
    return exc.render(lang) if isinstance(exc, SecretStoreError) else str(exc)


def _render(reason: Renders | None, lang: str) -> str:
    return reason.render(lang) if reason is not None else ""


def _submit_all(
    runtime: Runtime,
    sender: Sender,
    secrets: SecretStore,
    *,
    without_password: bool,
    assume_yes: bool,
) -> None:
    lang = runtime.language
    loaded = runtime.store.load_all()
    for broken in loaded.broken:
        _say(broken.describe(), err=True)
    profiles: list[Profile] = loaded.profiles
    ready = [p for p in profiles if p.status == "ready" and p.submission.status == "draft"]
    if not ready:
        raise _not_sent(msg("batch.none", lang))
    count = len(ready)
    to = runtime.settings.submission.to
    question = msg("cli.confirm_batch", lang, n=count, count=count, to=to)
    if sender.method == "smtp" and not _confirm(question, assume_yes, lang):
        raise _not_sent(msg("cli.declined", lang))
    outcomes = submit_all_ready(
        profiles,
        store=runtime.store,
        sender=sender,
        settings=runtime.settings,
        secrets=secrets,
        without_password=without_password,
        on_progress=lambda i, n, o: _say(_outcome_line(i, n, o, lang)),
    )
    counts = {
        kind: sum(1 for o in outcomes if o.outcome == kind)
        for kind in ("sent", "exported", "skipped", "failed")
    }
    for outcome in outcomes:
        if outcome.outcome in ("sent", "exported") and outcome.result and outcome.result.note:
            _say(f"{outcome.slug}: {outcome.result.note.render(lang)}")
    _say(msg("cli.summary_exported" if counts["exported"] else "cli.summary", lang, **counts))
    unrecorded = any(not outcome.recorded for outcome in outcomes)
    if counts["failed"] or not (counts["sent"] or counts["exported"]) or unrecorded:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    @app.command("submit")
    def submit(
        ctx: typer.Context,
        name: Annotated[
            str | None, typer.Argument(metavar="NAME", help="The profile to submit.")
        ] = None,
        eml: Annotated[
            Path | None,
            typer.Option(
                "--eml", metavar="FILE", help="Export an .eml file (a folder with --all-ready)."
            ),
        ] = None,
        smtp: Annotated[
            bool, typer.Option("--smtp", help="Send by SMTP ([smtp] settings).")
        ] = False,
        clipboard: Annotated[
            bool, typer.Option("--clipboard", help="Copy the text to the clipboard (OSC 52).")
        ] = False,
        no_password: Annotated[
            bool,
            typer.Option("--no-password", help="Leave the password out; it follows separately."),
        ] = False,
        override: Annotated[
            bool, typer.Option("--override", help="Send although the profile is not ready.")
        ] = False,
        all_ready: Annotated[
            bool, typer.Option("--all-ready", help="Every ready profile, one email each.")
        ] = False,
        yes: Annotated[
            bool, typer.Option("--yes", help="Do not ask to confirm the recipient.")
        ] = False,
        cafile: Annotated[
            Path | None,
            typer.Option(
                "--cafile",
                metavar="FILE",
                help="Trust the SMTP server's certificate from this CA file.",
            ),
        ] = None,
        mark_sent: Annotated[
            bool,
            typer.Option(
                "--mark-sent",
                help="Record that you sent it yourself (after --eml or --clipboard).",
            ),
        ] = False,
    ) -> None:
        """Step 3: send the user account, password and werkgever ID to NN."""
        runtime: Runtime = ctx.obj
        lang = runtime.language
        if mark_sent:
            _mark_sent(runtime, name, other=bool(eml or smtp or clipboard or all_ready))
            return
        if sum((eml is not None, smtp, clipboard)) != 1:
            raise _usage(msg("cli.one_method", lang))
        if (name is None) == (not all_ready):
            raise _usage(msg("cli.name_or_all", lang))
        if all_ready and override:
            raise _usage(msg("cli.override_batch", lang))
        try:
            secrets = open_secrets(runtime)
        except (SecretStoreError, ValueError) as exc:
            raise _usage(msg("cli.secrets", lang, reason=_secrets_reason(exc, lang))) from None
        sender = _make_sender(
            runtime,
            secrets,
            eml=eml,
            smtp=smtp,
            clipboard=clipboard,
            batch=all_ready,
            cafile=cafile,
        )
        if all_ready:
            _submit_all(runtime, sender, secrets, without_password=no_password, assume_yes=yes)
        else:
            assert name is not None
            _submit_one(
                runtime,
                name,
                sender,
                secrets,
                without_password=no_password,
                override=override,
                assume_yes=yes,
            )
