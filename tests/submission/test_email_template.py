"""The e-mail to NN is the template file ``tui/submission/email_nl.txt``: Dutch, never cut."""

from __future__ import annotations

import inspect
from dataclasses import replace
from importlib.resources import files

from tests.submission.conftest import LOKET_PASSWORD, RECIPIENT, SENDER, ready_profile
from tui.config import Settings, SubmissionSettings
from tui.profiles.model import ItemRecord, Profile
from tui.submission.compose import compose_submission

SETTINGS = Settings(submission=SubmissionSettings(to=RECIPIENT, sender=SENDER))
TEMPLATE = files("tui.submission").joinpath("email_nl.txt").read_text(encoding="utf-8")


def profile() -> Profile:
    return ready_profile("gouden-korst", "Bakkerij De Gouden Korst B.V.", "20720", "xs-goudenkorst")


def test_every_fixed_line_of_the_template_is_in_the_email() -> None:
    subject_line, body = TEMPLATE.split("\n\n", 1)
    draft = compose_submission(profile(), LOKET_PASSWORD, SETTINGS)
    text = draft.body(masked=False)
    fixed = [line for line in body.splitlines() if line and "$" not in line]
    assert len(fixed) >= 5
    assert all(line in text.splitlines() for line in fixed)
    assert subject_line.startswith("Onderwerp: Koppeling Loket.nl - XpertSuite: $employer")
    assert draft.subject == (
        "Koppeling Loket.nl - XpertSuite: Bakkerij De Gouden Korst B.V. (werkgever ID 20720)"
    )
    assert "$" not in text and "$" not in draft.subject


def test_nothing_in_the_email_is_cut() -> None:
    """Names were cut at 300 characters, the subject at 200, a finding at 4000."""
    long_name = "Stichting " + "Zorg en Welzijn " * 30 + "B.V."
    long_detail = "Loket.nl zegt: " + "lange toelichting " * 300
    p = replace(profile(), name=long_name)
    p.items["account.active"] = ItemRecord("pass", long_detail)
    draft = compose_submission(p, LOKET_PASSWORD, SETTINGS)
    body = draft.body(masked=False)
    assert f"Werkgever:          {long_name}\n" in body
    assert long_detail.strip() in body
    assert draft.subject.endswith(f"{long_name} (werkgever ID 20720)")
    assert "~" not in body and "~" not in draft.subject


def test_the_email_is_dutch_whatever_the_language() -> None:
    # Composing takes no language at all (there is no current language to read): the e-mail
    # to NN is Dutch for a user who reads Koppelaar in English too.
    assert not {"lang", "language"} & set(inspect.signature(compose_submission).parameters)
    draft = compose_submission(profile(), None, SETTINGS)
    body = draft.body(masked=False)
    assert "Wachtwoord:         volgt telefonisch of in een apart bericht" in body
    assert ": gereed" in body and "[in orde]" in body
