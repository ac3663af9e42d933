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
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.profiles import locks, tomlio
from tui.profiles.errors import ConflictError as ConflictError
from tui.profiles.errors import ExistsError, ReadOnlyError, StoreError, os_errors
from tui.profiles.errors import StoreIOError as StoreIOError
from tui.profiles.errors import read_only_message as read_only_message
from tui.profiles.errors import read_only_reason as read_only_reason
from tui.profiles.fileio import atomic_write_bytes, ensure_private_dir, links_work, read_regular
from tui.profiles.index import INDEX_NAME as INDEX_NAME  # where callers look for it
from tui.profiles.index import Packed, Parsed, Stat, pack, stat_key
from tui.profiles.merge import merge_docs as merge_docs
from tui.profiles.model import Profile
from tui.profiles.parse import BrokenProfile, parse_profile
from tui.profiles.reads import SUFFIX, StoreReads
from tui.profiles.reads import LoadResult as LoadResult
from tui.profiles.rows import RowsResult as RowsResult

if TYPE_CHECKING:
    from tui.profiles.batch import WriteBatch

_LOCK_DIR = ".locks"
_TRASH_DIR = ".trash"


def _toml_bytes(doc: dict[str, Any]) -> bytes:
    return tomlio.dumps(doc).encode()


class ProfileStore(StoreReads):
    def __init__(self, directory: Path, lock_timeout: float = 10.0) -> None:
        self.directory = Path(directory)
        self.lock_timeout = lock_timeout
        # Documents this store wrote, keyed like the index, until the index holds them: the
        # next load after a check of 1,000 profiles reads none of them again.
        self._written: dict[str, Packed] = {}
        self._written_lock = threading.Lock()
        self._pending_index: dict[str, Packed | Parsed | Stat] | None = None
        self._ready_dirs: set[Path] = set()
        self._local = threading.local()  # .batch: a WriteBatch of this thread, see batched()
        self._links: bool | None = None  # whether the folder's file system makes hard links

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
        """Commit ``batch``; a new profile whose name another writer took first meanwhile is
        in ``batch.taken`` (not written, and not remembered as this store's)."""
        with os_errors("profiles not saved"):
            batch.commit()
        if batch.taken:
            with self._written_lock:
                for path in batch.taken:
                    self._written.pop(path.name.removesuffix(SUFFIX), None)

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

    def _remember(self, written: os.stat_result, profile: Profile) -> None:
        # Kept as the index keeps it (checklist as compressed JSON), not as the document: a
        # check of 10,000 profiles would otherwise hold every checklist's dicts until the end.
        packed = pack(stat_key(written), profile)
        with self._written_lock:
            self._written[profile.slug] = packed

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
        lock_dir = self.directory / _LOCK_DIR
        batch = self._batch()
        if batch is not None and (batch.full() or self.path_for(slug) in batch.targets):
            batch.commit()  # a file read again must be the one written
        self._ensure_dir(lock_dir)
        release = locks.take(lock_dir / f"{slug}.lock", self.lock_timeout)
        if release is None:
            raise StoreError(f"profile {slug!r} is locked by another Koppelaar; try again")
        if batch is None:
            try:
                yield
            finally:
                release()
            return
        try:
            yield
        except BaseException:
            release()
            raise
        batch.releases.append(release)  # held until the batch puts the file in place

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

    def _write(self, slug: str, doc: dict[str, Any], *, new: bool = False) -> os.stat_result:
        data = _toml_bytes(doc)
        batch = self._batch()
        if batch is not None:
            return batch.write(self.path_for(slug), data, new=new)
        try:
            return atomic_write_bytes(self.path_for(slug), data, private_dir=False, new=new)
        except FileNotFoundError:
            self._ready_dirs.clear()
            self._ensure_dir(self.directory)
            return atomic_write_bytes(self.path_for(slug), data, private_dir=False, new=new)

    def save(self, profile: Profile, *, create: bool = False) -> Profile:
        """Write ``profile``, merging with changes made on disk since it was loaded."""
        if profile.read_only:
            raise ReadOnlyError(profile)
        with os_errors(f"profile {profile.slug!r} not saved"):
            return self._save(profile, create)

    def _save(self, profile: Profile, create: bool) -> Profile:
        self._ensure_dir(self.directory)
        if create and self._links_work():
            return self._create(profile)
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
                raise ExistsError(profile.slug)
            else:
                doc = merge_docs(profile.slug, profile.raw, mine, current)
            written = self._write(profile.slug, doc)
            saved = Profile.from_doc(profile.slug, doc)
            self._remember(written, saved)
        return saved

    def _create(self, profile: Profile) -> Profile:
        """A new profile, written only where no file has its name: no lock file to make (an
        import of 10,000 creates half the files), and a writer creating the same name at the
        same moment cannot be overwritten, nor overwrite this one. Whatever has the name (a
        profile, a broken file, a folder) is left as it is: in a batch the name is found taken
        when it commits (``WriteBatch.taken``), else here."""
        slug = profile.slug
        batch = self._batch()
        if batch is not None and batch.full():
            batch.commit()
        doc = profile.to_doc()
        try:
            written = self._write(slug, doc, new=True)
        except FileExistsError:
            raise ExistsError(slug) from None
        saved = Profile.from_doc(slug, doc)
        self._remember(written, saved)
        return saved

    def _links_work(self) -> bool:
        if self._links is None:
            with os_errors("profiles not saved"):
                self._links = links_work(self.directory)
        return self._links

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
            saved = Profile.from_doc(slug, doc)
            self._remember(written, saved)
        return saved

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
            self._written.pop(slug, None)
        return target


def unique_slug(store: ProfileStore, base: str) -> str:
    slug, n = base, 2
    while store.exists(slug):
        slug = f"{base}-{n}"
        n += 1
    return slug


def now() -> datetime:
    return datetime.now(UTC).astimezone().replace(microsecond=0)
