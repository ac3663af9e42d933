"""CSV import and export of employer profiles (Dutch Excel writes ';', others ',')."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from tui.profiles.batch import BATCH_FILES, WriteBatch
from tui.profiles.errors import ExistsError
from tui.profiles.fields import Problem, employer_problems
from tui.profiles.fileio import atomic_write_bytes
from tui.profiles.model import Profile, slugify
from tui.profiles.reads import SUFFIX
from tui.profiles.store import ProfileStore, StoreError, StoreIOError
from tui.text.i18n import t

REQUIRED = ("name", "werkgever_id", "username")
OPTIONAL = ("client_number", "administration_number", "contact_email", "notes")
COLUMNS = REQUIRED + OPTIONAL
STATUS_COLUMNS = (
    "status",
    "checked_at",
    "loket_id",
    "submission",
    "submission_method",
    "exported_at",
    "sent_at",
    "connected_at",
)


class CsvError(Exception):
    """The file as a whole cannot be imported (no header, missing columns, not text).

    ``code`` is a message id of the catalogue, ``params`` its values; ``str()`` says it in
    the command's language, ``message(lang)`` in another."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        return t(self.code, lang).format(**self.params)


@dataclass(frozen=True)
class RowError:
    """Why a row was not imported: ``code`` is a message id of the catalogue, ``params`` its
    values, ``column`` the column it concerns (when one does). The CLI renders it."""

    row: int
    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    column: str | None = None

    @classmethod
    def of(cls, row: int, column: str, problem: Problem) -> RowError:
        return cls(row, problem.code, dict(problem.params), column)


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # Set when the file system stopped the import: the rows after it were not imported.
    failure: RowError | None = None

    @property
    def imported(self) -> int:
        return len(self.created) + len(self.updated)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvError("csv.not_utf8", source=source, line=line) from None


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _validate(row: int, values: dict[str, str]) -> RowError | None:
    """The first column (in the order of ``COLUMNS``) whose value the form would refuse."""
    problems = employer_problems(values)
    for column in COLUMNS:
        if column in problems:
            return RowError.of(row, column, problems[column])
    return None


Rows = list[tuple[int, dict[str, str]]]


def read_rows(text: str, source: str) -> tuple[Rows, list[RowError], list[str]]:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise CsvError("csv.empty", source=source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise CsvError("csv.header_unreadable", source=source, error=str(exc)) from None
    twice = sorted({h for h in header if h in COLUMNS and header.count(h) > 1})
    if twice:
        raise CsvError("csv.header_twice", source=source, columns=", ".join(twice))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CsvError(
            "csv.header_missing",
            source=source,
            missing=", ".join(missing),
            required=", ".join(REQUIRED),
        )
    ignored = [h for h in header if h not in COLUMNS]
    # Koppelaar's own export (it has the status columns) guards cells against formulas.
    guarded = all(c in header for c in STATUS_COLUMNS)
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(reader.line_num, "import.err.unreadable", {"error": str(exc)}))
            continue
        row = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            errors.append(
                RowError(row, "import.err.fields", {"fields": len(record), "header": len(header)})
            )
            continue
        values = {
            h: _unguard(record[i].strip(), guarded) if i < len(record) else ""
            for i, h in enumerate(header)
            if h in COLUMNS
        }
        problem = _validate(row, values)
        if problem:
            errors.append(problem)
        else:
            rows.append((row, values))
    return rows, errors, ignored


def _unguard(value: str, guarded: bool) -> str:
    """Undo ``_cell`` on a value from Koppelaar's own export."""
    if guarded and value[:1] == "'" and value[1:2] in (*_GUARDED, "'"):
        return value[1:]
    return value


def _apply(profile: Profile, values: dict[str, str]) -> None:
    profile.name = values["name"]
    if profile.werkgever_id != values["werkgever_id"]:
        profile.werkgever_id = values["werkgever_id"]
        profile.loket_id = None
    profile.username = values["username"]
    profile.client_number = values.get("client_number") or profile.client_number
    profile.administration_number = (
        values.get("administration_number") or profile.administration_number
    )
    profile.contact_email = values.get("contact_email") or profile.contact_email
    profile.notes = values.get("notes") or profile.notes


def import_csv(path: Path, store: ProfileStore) -> ImportResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvError("csv.unreadable", source=str(path), error=exc.strerror or exc) from None
    rows, errors, ignored = read_rows(_decode(data, str(path)), str(path))
    result = ImportResult(errors=errors, ignored_columns=ignored)
    seen: dict[str, int] = {}
    # One batch is made durable in a thread while the next one is written: the import waits
    # for the disk about as long as it computes, so this halves its time.
    with ThreadPoolExecutor(1, thread_name_prefix="koppelaar-import") as committer:
        previous: _Commit | None = None
        for at in range(0, len(rows), BATCH_FILES):
            chunk = rows[at : at + BATCH_FILES]
            start = (len(result.created), len(result.updated), chunk[0][0])
            try:
                with store.batched(commit=False) as batch:
                    _import_rows(chunk, store, result, seen)
            except StoreIOError as exc:
                del result.created[start[0] :], result.updated[start[1] :]
                result.failure = RowError(start[2], "import.err.store", {"error": str(exc)})
                break
            if previous is not None and not _settled(previous, result, seen):
                batch.discard()  # nothing after a batch that failed is put in place
                del result.created[start[0] :], result.updated[start[1] :]
                previous = None
                break
            previous = _Commit(committer.submit(store.commit_batch, batch), batch, *start)
            if result.failure:
                break
        if previous is not None:
            _settled(previous, result, seen)
    result.errors.sort(key=lambda e: e.row)
    with contextlib.suppress(OSError):
        store.flush_index()
    return result


class _Commit(NamedTuple):
    future: Future[None]
    batch: WriteBatch
    created: int  # how many rows counted as created and updated before this batch
    updated: int
    first_row: int


def _settled(commit: _Commit, result: ImportResult, seen: dict[str, int]) -> bool:
    """Wait for a batch's commit; when it failed, its rows do not count as imported, and a
    new profile whose name another writer took meanwhile is that row's error."""
    try:
        commit.future.result()
    except StoreIOError as exc:
        # nothing of this batch was put in place (and no later batch is)
        del result.created[commit.created :], result.updated[commit.updated :]
        result.failure = RowError(commit.first_row, "import.err.store", {"error": str(exc)})
        return False
    for path in commit.batch.taken:
        slug = path.name.removesuffix(SUFFIX)
        result.created.remove(slug)
        error = str(ExistsError(slug))
        result.errors.append(RowError(seen[slug], "import.err.store", {"error": error}))
    return True


def _import_rows(
    rows: Rows, store: ProfileStore, result: ImportResult, seen: dict[str, int]
) -> None:
    for row, values in rows:
        slug = slugify(values["name"])
        if slug in seen:
            result.errors.append(
                RowError(row, "import.err.same_name", {"other": seen[slug], "profile": slug})
            )
            continue
        seen[slug] = row
        try:
            if store.exists(slug):
                store.update(slug, lambda p, v=values: _apply(p, v))  # type: ignore[misc]
                result.updated.append(slug)
            else:
                profile = Profile(slug=slug, name="", werkgever_id="", username="")
                _apply(profile, values)
                store.save(profile, create=True)
                result.created.append(slug)
        except StoreIOError as exc:
            result.failure = RowError(row, "import.err.store", {"error": str(exc)})
            return
        except StoreError as exc:
            result.errors.append(RowError(row, "import.err.store", {"error": str(exc)}))


_GUARDED = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (a leading quote is doubled,
    so that the import can tell a guard from a value)."""
    return "'" + value if value[:1] in (*_GUARDED, "'") else value


def _iso(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ""


def export_csv(path: Path, profiles: list[Profile], delimiter: str = ",") -> int:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS + STATUS_COLUMNS)
    for p in profiles:
        writer.writerow(
            [
                _cell(v)
                for v in (
                    p.name,
                    p.werkgever_id,
                    p.username,
                    p.client_number or "",
                    p.administration_number or "",
                    p.contact_email or "",
                    p.notes or "",
                    p.status,
                    _iso(p.checked_at),
                    p.loket_id or "",
                    p.submission.status,
                    p.submission.method or "",
                    _iso(p.submission.exported_at),
                    _iso(p.submission.sent_at),
                    _iso(p.submission.connected_at),
                )
            ]
        )
    atomic_write_bytes(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"), private_dir=False)
    return len(profiles)
