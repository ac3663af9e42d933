"""ProfileStore: one TOML file per employer, read tolerantly and written durably.

- A broken file is reported (file, line, reason) and never rewritten; the others still load.
- Writes are atomic (see ``tui.profiles.fileio``), files 0600, the directory 0700.
- Saving takes a per-profile lock, re-reads the file and merges: fields this writer changed win,
  fields another writer changed meanwhile are kept, and a field both changed differently is a
  ``ConflictError`` that names it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.profiles import tomlio
from tui.profiles.errors import ConflictError as ConflictError
from tui.profiles.errors import ReadOnlyError, StoreError, os_errors
from tui.profiles.errors import StoreIOError as StoreIOError
from tui.profiles.errors import read_only_message as read_only_message
from tui.profiles.errors import read_only_reason as read_only_reason
from tui.profiles.fileio import atomic_write_bytes, ensure_private_dir, read_regular
from tui.profiles.index import INDEX_NAME as INDEX_NAME  # where callers look for it
from tui.profiles.index import index_form, read_index, stat_key, write_index
from tui.profiles.merge import merge_docs as merge_docs
from tui.profiles.model import Profile, ProfileError
from tui.profiles.parse import NOT_UTF8_NAME, BrokenProfile, from_index, utf8_name
from tui.profiles.parse import parse_profile as parse_profile  # tests count its calls

if TYPE_CHECKING:
    from tui.profiles.batch import WriteBatch

SUFFIX = ".toml"
_LOCK_DIR = ".locks"
_TRASH_DIR = ".trash"


@dataclass
class LoadResult:
    profiles: list[Profile] = field(default_factory=list)
    broken: list[BrokenProfile] = field(default_factory=list)
    # Profile files others may read (e.g. 0644); the next save writes them 0600.
    exposed: list[Path] = field(default_factory=list)

    @property
    def read_only(self) -> list[Profile]:
        return [p for p in self.profiles if p.read_only]


def _toml_bytes(doc: dict[str, Any]) -> bytes:
    return tomlio.dumps(doc).encode()


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
        with os_errors("profiles not saved"):
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
            if not utf8_name(entry.name):
                result.broken.append(BrokenProfile(path, None, NOT_UTF8_NAME))
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
                    profile = from_index(path, cached)
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
        with os_errors(f"profile {profile.slug!r} not saved"):
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
        with os_errors(f"profile {slug!r} not saved"):
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
        with os_errors(f"profile {slug!r} not deleted"):
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
