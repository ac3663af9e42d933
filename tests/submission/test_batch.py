"""Every ready profile in one action: one email per employer, and what was not sent and why."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from email.policy import default as default_policy

from tests.submission.conftest import StartServer, Tls, add_profile, ready_profile
from tui.profiles.model import ItemRecord, Submission
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretStore
from tui.submission.batch import BatchOutcome, submit_all_ready
from tui.submission.smtp import SmtpSender


def fill(store: ProfileStore) -> None:
    add_profile(store, ready_profile("tweede", "Tweede B.V.", "31544", "xs-tweede"))
    add_profile(store, ready_profile("derde", "Derde B.V.", "27301", "xs-derde"))
    problems = ready_profile("problemen", "Problemen B.V.", "41877", "xs-problemen")
    problems.status = "problems"
    problems.items["employer.id"] = ItemRecord("fail", "dit is het cliëntnummer")
    add_profile(store, problems)
    sent = ready_profile("verzonden", "Verzonden B.V.", "60418", "xs-helder")
    sent.submission = Submission(
        status="sent", sent_at=dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC), method="smtp"
    )
    add_profile(store, sent)
    add_profile(store, ready_profile("zonder-wachtwoord", "Zonder B.V.", "35210", "xs-onbekend"))


def test_batch_sends_one_email_per_ready_employer(
    smtp_server: StartServer, tls: Tls, store: ProfileStore, secrets: SecretStore
) -> None:
    fill(store)
    server = smtp_server("starttls")
    settings = server.settings()
    progress: list[tuple[int, int, str]] = []

    def on_progress(index: int, total: int, outcome: BatchOutcome) -> None:
        progress.append((index, total, outcome.slug))

    outcomes = submit_all_ready(
        store.load_all().profiles,
        store=store,
        sender=SmtpSender(settings.smtp, secrets, cafile=tls.ca_file),
        settings=settings,
        secrets=secrets,
        on_progress=on_progress,
    )

    by_slug = {o.slug: o for o in outcomes}
    assert {slug: o.outcome for slug, o in by_slug.items()} == {
        "derde": "sent",
        "gouden-korst": "sent",
        "tweede": "sent",
        "problemen": "skipped",
        "verzonden": "skipped",
        "zonder-wachtwoord": "failed",
    }
    assert "employer.id: fout" in str(by_slug["problemen"].reason)
    assert "al verzonden" in str(by_slug["verzonden"].reason)
    assert "geen Loket.nl-wachtwoord voor xs-onbekend" in str(by_slug["zonder-wachtwoord"].reason)
    assert [p[0] for p in progress] == [1, 2, 3, 4, 5, 6] and {p[1] for p in progress} == {6}

    subjects = sorted(
        message_from_bytes(e.content, policy=default_policy)["Subject"]  # type: ignore[arg-type]
        for e in server.mailbox.envelopes
    )
    assert len(subjects) == 3
    assert [s.rsplit("(", 1)[1] for s in subjects] == [
        "werkgever ID 20720)",
        "werkgever ID 27301)",
        "werkgever ID 31544)",
    ]
    for slug in ("derde", "gouden-korst", "tweede"):
        sub = store.load(slug).submission
        assert sub.status == "sent" and sub.message_id == by_slug[slug].result.message_id  # type: ignore[union-attr]
    assert store.load("zonder-wachtwoord").submission.status == "draft"
    assert store.load("problemen").submission.status == "draft"


def test_batch_without_password_and_a_settings_error_fails_the_rest_untried(
    smtp_server: StartServer, store: ProfileStore, secrets: SecretStore
) -> None:
    fill(store)
    settings = smtp_server("starttls").settings(host="")
    outcomes = submit_all_ready(
        store.load_all().profiles,
        store=store,
        sender=SmtpSender(settings.smtp, secrets),
        settings=settings,
        secrets=secrets,
        without_password=True,
    )
    failed = [o for o in outcomes if o.outcome == "failed"]
    assert len(failed) == 4
    assert all("[smtp] host" in str(o.reason) for o in failed)
    assert sum(o.outcome == "skipped" for o in outcomes) == 2
