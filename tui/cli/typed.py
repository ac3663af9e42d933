"""What a person typed on the command line about an employer, judged by the rules the form
and CSV import use (``tui.profiles.fields``) and said in the command's language."""

from __future__ import annotations

from tui.profiles.fields import Problem, username_problem
from tui.text.i18n import t
from tui.text.safe import plain


def problem_text(problem: Problem, lang: str | None = None) -> str:
    return t(problem.code, lang).format(**problem.params)


def username_error(value: str, lang: str | None = None) -> str | None:
    """Why ``value`` is not a Loket.nl username, or None when it is one."""
    problem = username_problem(value)
    if problem is None:
        return None
    reason = problem_text(problem, lang)
    return t("cli.bad_username", lang, username=plain(repr(value), limit=80), reason=reason)
