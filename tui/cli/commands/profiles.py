"""``koppelaar list``, ``import`` and ``export``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tui.profiles.rows import ProfileRow
from tui.profiles.store import read_only_message
from tui.runtime import Runtime
from tui.text.i18n import t
from tui.text.safe import json_text, plain

if TYPE_CHECKING:
    # import and export load it themselves: ``list`` (the common call) need not import csv
    from tui.profiles.csvio import RowError


def row_summary(row: ProfileRow) -> dict[str, object]:
    return {
        "profile": row.slug,
        "employer": row.name,
        "werkgever_id": row.werkgever_id,
        "username": row.username,
        "status": row.status,
        "submission": row.submission,
        # how and when it left: exported (handed over) is not sent
        "submission_method": row.submission_method,
        "exported_at": _iso(row.exported_at),
        "sent_at": _iso(row.sent_at),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def file_name(path: Path | str) -> str:
    """A file name as JSON can hold it: bytes that are not UTF-8 shown escaped (``\\xff``), as
    the broken file's description shows them (JSON cannot encode the surrogates Python keeps
    them as)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def row_error_text(error: RowError, lang: str) -> str:
    """Why a CSV row was not imported, in the command's language (values made printable)."""
    values = {k: plain(v, limit=200) if isinstance(v, str) else v for k, v in error.params.items()}
    reason = t(error.code, lang).format(**values)
    if error.column is None:
        return t("import.row", lang, row=error.row, reason=reason)
    return t("import.row_field", lang, row=error.row, column=error.column, reason=reason)


def register(app: typer.Typer) -> None:
    @app.command("list")
    def list_profiles(
        ctx: typer.Context,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """List the employer profiles and any files that could not be read."""
        runtime: Runtime = ctx.obj
        lang = runtime.language
        # The rows alone (the index's first line), as the dashboard starts: no profile's
        # document is decoded (10,000: 0.09 s against 0.31 s for every profile whole).
        result = runtime.store.load_rows()
        if as_json:
            doc = {
                "profiles": [row_summary(row) for row in result.rows],
                "broken": [
                    {
                        "file": file_name(b.path),
                        "profile": file_name(b.slug),
                        "line": b.line,
                        "reason": b.reason,
                    }
                    for b in result.broken
                ],
            }
            if result.exposed:
                doc["exposed"] = [file_name(path) for path in result.exposed]
            typer.echo(json_text(doc))
            return
        if not result.rows:
            typer.echo(plain(t("list.empty", lang, dir=runtime.paths.profiles_dir)))
        rows = [
            (
                row.slug,
                row.name,
                row.werkgever_id,
                row.username,
                t(f"status.{row.status}", lang),
                t(f"submission.{row.submission}", lang),
            )
            for row in result.rows
        ]
        header = tuple(
            t(k, lang)
            for k in (
                "col.profile",
                "col.employer",
                "col.werkgever_id",
                "col.username",
                "col.status",
                "col.submission",
            )
        )
        if rows:
            typer.echo(format_table(header, rows))
        for broken in result.broken:
            typer.echo(plain(t("list.broken", lang, what=broken.describe())), err=True)
        for row in result.read_only:
            what = read_only_message(row, lang)
            typer.echo(plain(t("list.readonly", lang, what=what)), err=True)
        for path in result.exposed:
            typer.echo(plain(t("list.exposed", lang, file=path)), err=True)

    @app.command("import")
    def import_profiles(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="CSV with name,werkgever_id,username,...")],
    ) -> None:
        """Import employers from CSV (',' or ';', UTF-8 with or without BOM)."""
        from tui.profiles.csvio import CsvError, import_csv

        runtime: Runtime = ctx.obj
        lang = runtime.language
        try:
            result = import_csv(file, runtime.store)
        except CsvError as exc:
            typer.echo(f"koppelaar: {plain(exc.message(lang))}", err=True)
            raise typer.Exit(2) from None
        for error in result.errors:
            typer.echo(plain(row_error_text(error, lang)), err=True)
        if result.ignored_columns:
            columns = ", ".join(plain(c, limit=60) for c in result.ignored_columns)
            typer.echo(t("import.ignored", lang, cols=columns), err=True)
        typer.echo(
            t(
                "import.summary",
                lang,
                n=len(result.errors),
                created=len(result.created),
                updated=len(result.updated),
                errors=len(result.errors),
            )
        )
        if result.failure is not None:
            why = row_error_text(result.failure, lang)
            typer.echo(f"koppelaar: {plain(t('import.stopped', lang, why=why))}", err=True)
            raise typer.Exit(2)
        if result.errors:
            raise typer.Exit(1)

    @app.command("export")
    def export_profiles(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="CSV file to write.")],
        semicolon: Annotated[
            bool, typer.Option("--semicolon", help="Use ';' as Dutch Excel expects.")
        ] = False,
    ) -> None:
        """Export the profiles with their status to CSV."""
        from tui.profiles.csvio import export_csv

        runtime: Runtime = ctx.obj
        lang = runtime.language
        profiles = runtime.store.load_all().profiles
        try:
            count = export_csv(file, profiles, ";" if semicolon else ",")
        except OSError as exc:
            typer.echo(plain(f"koppelaar: {file}: {exc.strerror}"), err=True)
            raise typer.Exit(2) from None
        typer.echo(plain(t("export.done", lang, n=count, count=count, file=file)))


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    cells = [[plain(c) for c in header]] + [[plain(c) for c in r] for r in rows]
    widths = [min(40, max(len(r[i]) for r in cells)) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        fitted = (plain(c, limit=w).ljust(w) for c, w in zip(row, widths, strict=True))
        lines.append("  ".join(fitted).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
