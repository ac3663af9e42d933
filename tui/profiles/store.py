"""ProfileStore: one TOML file per employer, read tolerantly and written durably.

- A broken file is reported (file, line, reason) and never rewritten; the others still load.
- Writes are atomic (see ``tui.profiles.fileio``), files 0600, the directory 0700.
- Saving takes a per-profile lock, re-reads the file and merges: fields this writer changed win,
  fields another writer changed meanwhile are kept, and a field both changed differently is a
  ``ConflictError`` that names it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.profiles import tomlio
from tui.profiles.fileio import atomic_write_bytes, ensure_private_dir, read_regular
from tui.profiles.index import INDEX_NAME as INDEX_NAME  # where callers look for it
from tui.profiles.index import (
    checklist_json,
    decode_value,
    index_form,
    read_index,
    stat_key,
    write_index,
)
from tui.profiles.model import SCHEMA_VERSION, Profile, ProfileError
from tui.text.i18n import t

if TYPE_CHECKING:
    from tui.profiles.batch import WriteBatch

SUFFIX = ".toml"
_LOCK_DIR = ".locks"
_TRASH_DIR = ".trash"
_MISSING = object()
_LINE_RE = re.compile(r"at line (\d+)")


class StoreError(Exception):
    """A store operation failed; the message says what to do."""


class StoreIOError(StoreError):
    """The file system refused (read-only, full, no permission): nothing more can be saved."""

    def __init__(self, action: str, exc: OSError) -> None:
        self.errno = exc.errno
        where = f" ({exc.filename})" if exc.filename else ""
        super().__init__(f"{action}: {exc.strerror or type(exc).__name__}{where}")


@contextlib.contextmanager
def _io(action: str) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise StoreIOError(action, exc) from None


class ConflictError(StoreError):
    def __init__(self, slug: str, keys: list[str]) -> None:
        self.slug = slug
        self.keys = keys
        super().__init__(
            f"profile {slug!r} was changed elsewhere at the same time "
            f"({', '.join(keys)}); reload it and make your change again"
        )


class ReadOnlyError(StoreError):
    """A profile written by a newer version: ``str()`` says so in the command's language,
    ``message(lang)`` in the UI's."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        super().__init__(read_only_message(profile))

    def message(self, lang: str) -> str:
        return read_only_message(self.profile, lang)


@dataclass(frozen=True)
class BrokenProfile:
    path: Path
    line: int | None
    reason: str

    @property
    def slug(self) -> str:
        return self.path.stem

    def describe(self) -> str:
        # A name that is not UTF-8 is shown with its odd bytes escaped (\xff).
        shown = os.fsencode(self.path).decode("utf-8", "backslashreplace")
        where = f"{shown}:{self.line}" if self.line else shown
        return f"{where}: {self.reason}"


@dataclass
class LoadResult:
    profiles: list[Profile] = field(default_factory=list)
    broken: list[BrokenProfile] = field(default_factory=list)
    # Profile files others may read (e.g. 0644); the next save writes them 0600.
    exposed: list[Path] = field(default_factory=list)

    @property
    def read_only(self) -> list[Profile]:
        return [p for p in self.profiles if p.read_only]


def read_only_reason(profile: Profile) -> tuple[str, dict[str, object]]:
    """Why ``profile`` is read-only: a message id of the catalogue and its values."""
    values = {"profile": profile.slug, "schema": profile.schema, "known": SCHEMA_VERSION}
    return "profile.read_only", values


def read_only_message(profile: Profile, lang: str | None = None) -> str:
    """``read_only_reason`` in ``lang`` (by default the command's language)."""
    code, values = read_only_reason(profile)
    return t(code, lang).format(**values)


_NOT_UTF8_NAME = "the file name is not UTF-8; rename the file"


def _utf8_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept as surrogates by the file system API
        return False
    return True


def _find_line(text: str, dotted_key: str) -> int | None:
    last = dotted_key.split(".")[-1].strip('"')
    pattern = re.compile(rf"^\s*(\[+\s*)?[\"']?{re.escape(last)}[\"']?\s*(=|\]|\.)")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return None


# A profile nests four levels (checklist.items.<id>.params); the bound leaves room to grow.
MAX_NESTING = 16
_TOO_DEEP = f"nested deeper than {MAX_NESTING} levels; not a Koppelaar profile"


def nesting(value: object) -> int:
    """How deep tables and arrays nest in ``value`` (without recursion)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_NESTING:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_profile(path: Path, data: bytes) -> Profile | BrokenProfile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return BrokenProfile(path, line, "not UTF-8 text; save the file as UTF-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        doc = tomlio.loads(text)
    except RecursionError:
        return BrokenProfile(path, None, _TOO_DEEP)
    except tomlio.TOMLDecodeError as exc:
        message = str(exc)
        match = _LINE_RE.search(message)
        at: int | None = int(match.group(1)) if match else None
        if at is None and "end of document" in message:
            at = text.count("\n") + 1
        return BrokenProfile(path, at, f"not valid TOML: {message}")
    if nesting(doc) > MAX_NESTING:
        return BrokenProfile(path, None, _TOO_DEEP)
    try:
        return Profile.from_doc(path.stem, doc)
    except ProfileError as exc:
        return BrokenProfile(path, _find_line(text, exc.key), str(exc))


def _from_index(path: Path, entry: dict[str, Any]) -> Profile:
    if "doc" in entry:  # written by this store, not in the index on disk yet
        return Profile.from_doc(path.stem, entry["doc"])
    top, text = entry["top"], entry["text"]
    if not isinstance(top, dict) or "checklist" in top:
        raise ValueError("not an index entry")
    if text is None:
        return Profile.from_doc(path.stem, top)

    def checklist() -> dict[str, Any]:
        try:
            table = json.loads(checklist_json(text), object_hook=decode_value)
            Profile.from_doc(path.stem, {**top, "checklist": table})
        except (ProfileError, TypeError, ValueError):
            # a damaged index: the file says it (or, if that fails too, no findings)
            try:
                parsed = parse_profile(path, read_regular(path))
            except OSError:
                return {}
            return parsed.raw.get("checklist", {}) if isinstance(parsed, Profile) else {}
        return table if isinstance(table, dict) else {}

    return Profile.deferred(path.stem, top, checklist)


def _toml_bytes(doc: dict[str, Any]) -> bytes:
    return tomlio.dumps(doc).encode()


def _flatten(doc: dict[str, Any], prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    out: dict[tuple[str, ...], Any] = {}
    for key, value in doc.items():
        path = (*prefix, key)
        if isinstance(value, dict) and value:
            out.update(_flatten(value, path))
        else:
            out[path] = value
    return out


def _unflatten(flat: dict[tuple[str, ...], Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for path, value in flat.items():
        node = doc
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    return doc


def merge_docs(
    slug: str, base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]
) -> dict[str, Any]:
    """Three-way merge of TOML documents, key by key."""
    fb, fm, ft = _flatten(base), _flatten(mine), _flatten(theirs)
    merged: dict[tuple[str, ...], Any] = {}
    conflicts: list[str] = []
    for key in {**fb, **fm, **ft}:
        b, m, t = fb.get(key, _MISSING), fm.get(key, _MISSING), ft.get(key, _MISSING)
        if m == b:
            value = t
        elif t in (b, m):
            value = m
        else:
            conflicts.append(".".join(key))
            continue
        if value is not _MISSING:
            merged[key] = value
    if conflicts:
        raise ConflictError(slug, sorted(conflicts))
    return _unflatten(merged)


class ProfileStore:
    def __init__(self, directory: Path, lock_timeout: float = 10.0) -> None:
        self.directory = Path(directory)
        self.lock_timeout = lock_timeout
        # Documents this store wrote, keyed like the index, until the index holds them: the
        # next load after a check of 1,000 profiles reads none of them again.
        self._written: dict[str, dict[str, Any]] = {}
        self._written_lock = threading.Lock()
        self._pending_index: dict[str, Any] | None = None
        self._ready_dirs: set[Path] = set()
        self._local = threading.local()  # .batch: a WriteBatch of this thread, see batched()

    @contextlib.contextmanager
    def batched(self, *, commit: bool = True) -> Iterator[WriteBatch]:
        """Writes of this thread inside are made durable in batches (``tui.profiles.batch``):
        on leaving, every write is in place; on an exception, the writes not yet committed
        are dropped and those profiles keep their old content. With ``commit=False`` the
        caller commits the batch it was given (``commit_batch``), e.g. in another thread
        while it writes the next one."""
        from tui.profiles.batch import WriteBatch

        batch = WriteBatch()
        self._local.batch = batch
        try:
            yield batch
            if commit:
                self.commit_batch(batch)
        except BaseException:
            batch.discard()
            raise
        finally:
            self._local.batch = None

    def commit_batch(self, batch: WriteBatch) -> None:
        with _io("profiles not saved"):
            batch.commit()

    def _batch(self) -> Any:
        return getattr(self._local, "batch", None)

    def path_for(self, slug: str) -> Path:
        if not slug or "/" in slug or slug.startswith("."):
            raise StoreError(f"{slug!r} is not a valid profile name")
        return self.directory / f"{slug}{SUFFIX}"

    def _files(self) -> Iterator[Path]:
        if not self.directory.is_dir():
            return
        for path in sorted(self.directory.iterdir()):
            if path.suffix == SUFFIX and not path.name.startswith(".") and path.is_file():
                yield path

    def load_all(self, *, index_later: bool = False) -> LoadResult:
        """Every profile, and every file that could not be read.

        Parsing TOML is most of the cost, so parsed documents are kept in ``.index.json``,
        keyed by each file's (mtime_ns, size, inode); a file whose stat differs is parsed
        again. Each file is stat-ed before it is read, so a file replaced in between is
        cached under its old stat and parsed again next time, never served stale. Files this
        store wrote count as indexed (``flush_index`` puts them on disk). ``index_later``
        leaves writing a changed index to ``write_pending_index``.
        """
        result = LoadResult()
        on_disk = self._read_index()
        index = dict(on_disk)
        with self._written_lock:
            index.update(self._written)
        fresh: dict[str, Any] = {}
        for entry in self._entries():
            path = Path(entry.path)
            if not _utf8_name(entry.name):
                result.broken.append(BrokenProfile(path, None, _NOT_UTF8_NAME))
                continue
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError as exc:
                result.broken.append(BrokenProfile(path, None, f"cannot be read: {exc.strerror}"))
                continue
            if stat.st_mode & 0o077:
                result.exposed.append(path)
            key = stat_key(stat)
            cached = index.get(entry.name)
            if isinstance(cached, dict) and cached.get("stat") == key:
                try:
                    profile = _from_index(path, cached)
                except (ProfileError, KeyError, TypeError, ValueError):
                    pass
                else:
                    result.profiles.append(profile)
                    fresh[entry.name] = cached
                    continue
            try:
                data = read_regular(path)
            except OSError as exc:
                result.broken.append(BrokenProfile(path, None, f"cannot be read: {exc.strerror}"))
                continue
            parsed = parse_profile(path, data)
            if isinstance(parsed, Profile):
                result.profiles.append(parsed)
                fresh[entry.name] = {"stat": key, "doc": parsed.raw}
            else:
                result.broken.append(parsed)
        if fresh.keys() != on_disk.keys() or any(fresh[k] is not on_disk[k] for k in fresh):
            if index_later:
                self._pending_index = fresh
            else:
                self._write_index(fresh)
        return result

    def write_pending_index(self) -> None:
        """The index a ``load_all(index_later=True)`` left to write (encoding 1,000 documents
        takes 0.1 s: a caller in a hurry shows the profiles first)."""
        pending, self._pending_index = self._pending_index, None
        if pending is not None:
            self._write_index(pending)

    def flush_index(self) -> None:
        """Put what this store wrote into the index (after a check or an import): the next
        load reads none of those files again. Writes nothing when nothing was written."""
        with self._written_lock:
            if not self._written:
                return
        index = self._read_index()
        with self._written_lock:
            index.update(self._written)
        self._write_index(index)

    def _remember(self, slug: str, written: os.stat_result, doc: dict[str, Any]) -> None:
        # Kept as the index keeps it (checklist as JSON bytes), not as the document: a check
        # of 10,000 profiles would otherwise hold every checklist's dicts until the end.
        stat, top, text = index_form({"stat": stat_key(written), "doc": doc})
        with self._written_lock:
            self._written[f"{slug}{SUFFIX}"] = {"stat": stat, "top": top, "text": text}

    def _entries(self) -> list[os.DirEntry[str]]:
        try:
            entries = list(os.scandir(self.directory))
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(
            (e for e in entries if e.name.endswith(SUFFIX) and not e.name.startswith(".")),
            key=lambda e: e.name,
        )

    def _read_index(self) -> dict[str, Any]:
        return read_index(self.directory)

    def _write_index(self, files: dict[str, Any]) -> None:
        if not write_index(self.directory, files):
            return
        with self._written_lock:
            for name, entry in list(self._written.items()):
                if files.get(name) is entry:
                    del self._written[name]

    def exists(self, slug: str) -> bool:
        return self.path_for(slug).exists()

    def load(self, slug: str) -> Profile:
        path = self.path_for(slug)
        try:
            data = read_regular(path)
        except FileNotFoundError:
            raise StoreError(f"no profile named {slug!r} in {self.directory}") from None
        except OSError as exc:
            raise StoreError(f"{path}: {exc.strerror}") from None
        parsed = parse_profile(path, data)
        if isinstance(parsed, BrokenProfile):
            raise StoreError(f"{parsed.describe()}; fix the file by hand, it is left untouched")
        return parsed

    @contextlib.contextmanager
    def _locked(self, slug: str) -> Iterator[None]:
        from filelock import FileLock, Timeout  # only writers need it: kept out of start-up

        lock_dir = self.directory / _LOCK_DIR
        batch = self._batch()
        if batch is not None:
            if batch.full() or self.path_for(slug) in batch.targets:
                batch.commit()  # a file read again must be the one written
            self._ensure_dir(lock_dir)
            release = batch.lock(lock_dir / f"{slug}.lock", self.lock_timeout)
            if release is None:
                raise StoreError(f"profile {slug!r} is locked by another Koppelaar; try again")
            try:
                yield
            except BaseException:
                release()
                raise
            batch.releases.append(release)  # held until the batch puts the file in place
            return
        self._ensure_dir(lock_dir)
        lock = FileLock(str(lock_dir / f"{slug}.lock"), timeout=self.lock_timeout)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(
                f"profile {slug!r} is locked by another Koppelaar; try again"
            ) from None
        try:
            yield
        finally:
            lock.release()

    def _current_doc(self, slug: str) -> dict[str, Any] | None:
        path = self.path_for(slug)
        try:
            data = read_regular(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{path}: {exc.strerror}") from None
        parsed = parse_profile(path, data)
        if isinstance(parsed, BrokenProfile):
            raise StoreError(
                f"{parsed.describe()}; the file is left untouched: fix it by hand first"
            )
        if parsed.read_only:
            raise ReadOnlyError(parsed)
        return parsed.raw

    def _ensure_dir(self, path: Path) -> None:
        """``ensure_private_dir`` once per folder and store: three system calls less for each
        of a check's hundreds of saves. ``_write`` makes it again if it disappeared."""
        if path not in self._ready_dirs:
            ensure_private_dir(path)
            self._ready_dirs.add(path)

    def _write(self, slug: str, doc: dict[str, Any]) -> os.stat_result:
        data = _toml_bytes(doc)
        batch = self._batch()
        if batch is not None:
            return batch.write(self.path_for(slug), data)
        try:
            return atomic_write_bytes(self.path_for(slug), data, private_dir=False)
        except FileNotFoundError:
            self._ready_dirs.clear()
            self._ensure_dir(self.directory)
            return atomic_write_bytes(self.path_for(slug), data, private_dir=False)

    def save(self, profile: Profile, *, create: bool = False) -> Profile:
        """Write ``profile``, merging with changes made on disk since it was loaded."""
        if profile.read_only:
            raise ReadOnlyError(profile)
        with _io(f"profile {profile.slug!r} not saved"):
            return self._save(profile, create)

    def _save(self, profile: Profile, create: bool) -> Profile:
        self._ensure_dir(self.directory)
        with self._locked(profile.slug):
            current = self._current_doc(profile.slug)
            mine = profile.to_doc()
            if current is None:
                if profile.raw and not create:
                    raise StoreError(
                        f"profile {profile.slug!r} was deleted elsewhere; "
                        "add it again if you still need it"
                    )
                doc = mine
            elif create:
                raise StoreError(f"a profile named {profile.slug!r} already exists")
            else:
                doc = merge_docs(profile.slug, profile.raw, mine, current)
            written = self._write(profile.slug, doc)
            self._remember(profile.slug, written, doc)
        return Profile.from_doc(profile.slug, doc)

    def update(self, slug: str, change: Callable[[Profile], None]) -> Profile:
        """Load, change and save one profile under its lock (no merge needed)."""
        with _io(f"profile {slug!r} not saved"):
            return self._update(slug, change)

    def _update(self, slug: str, change: Callable[[Profile], None]) -> Profile:
        self._ensure_dir(self.directory)
        with self._locked(slug):
            profile = self.load(slug)
            if profile.read_only:
                raise ReadOnlyError(profile)
            change(profile)
            doc = profile.to_doc()
            written = self._write(slug, doc)
            self._remember(slug, written, doc)
        return Profile.from_doc(slug, doc)

    def delete(self, slug: str) -> Path:
        """Move the profile to ``.trash/`` (0700) rather than destroy it; returns where it went."""
        with _io(f"profile {slug!r} not deleted"):
            return self._delete(slug)

    def _delete(self, slug: str) -> Path:
        path = self.path_for(slug)
        trash = self.directory / _TRASH_DIR
        ensure_private_dir(trash)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = trash / f"{slug}.{stamp}{SUFFIX}"
        with self._locked(slug):
            if not path.exists():
                raise StoreError(f"no profile named {slug!r} in {self.directory}")
            path.replace(target)
        with self._written_lock:
            self._written.pop(path.name, None)
        return target


def unique_slug(store: ProfileStore, base: str) -> str:
    slug, n = base, 2
    while store.exists(slug):
        slug = f"{base}-{n}"
        n += 1
    return slug


def now() -> datetime:
    return datetime.now(UTC).astimezone().replace(microsecond=0)
