"""How the store reads many profiles: all of them (``load_all``), their rows only
(``load_rows``), some of them (``load_many``), and the index that keeps those reads cheap
(``tui.profiles.index``). ``ProfileStore`` is built on this; its writes are in ``store``."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.profiles.fileio import read_regular
from tui.profiles.index import (
    IndexEntries,
    Packed,
    Parsed,
    Stat,
    index_file,
    read_entries,
    read_head,
    read_index,
    stat_key,
    write_index,
)
from tui.profiles.model import Profile, ProfileError
from tui.profiles.parse import (
    NOT_UTF8_NAME,
    SUFFIX,
    BrokenProfile,
    from_index,
    parse_profile,
    utf8_name,
)
from tui.profiles.rows import RowsResult

WRITE_NOW_AFTER = 100  # files parsed by a load that leaves the index for later


@dataclass
class LoadResult:
    profiles: list[Profile] = field(default_factory=list)
    broken: list[BrokenProfile] = field(default_factory=list)
    # Profile files others may read (e.g. 0644); the next save writes them 0600.
    exposed: list[Path] = field(default_factory=list)


class ProfileReader:
    """``StoreReads.reader``: what an action over thousands of profiles (the dashboard's
    check) reads as it goes, so that its start is one read of the index, not a read of every
    profile (~0.2 s at 10,000, on a thread the UI shares the interpreter lock with)."""

    def __init__(self, store: StoreReads, index: IndexEntries, written: dict[str, Packed]) -> None:
        self._store = store
        self.index = index  # the index as it was read
        self.written = written  # and what the store had written but not yet put in it
        self.broken: list[BrokenProfile] = []
        self.exposed: list[Path] = []

    def read(self, slug: str) -> Profile | None:
        """The profile as it is now; None for a name without a file, or a file that cannot
        be read (then in ``broken``)."""
        store = self._store
        path = store.path_for(slug)
        try:
            stat = os.lstat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.broken.append(BrokenProfile(path, None, f"cannot be read: {exc.strerror}"))
            return None
        if stat.st_mode & 0o077:
            self.exposed.append(path)
        cached = self.written.get(slug) or self.index.get(slug)
        profile = store._from_index(slug, stat_key(stat), cached)
        if profile is None:
            profile = store._parse(path, self.broken)
        return profile


class StoreReads:
    directory: Path
    # What this store wrote, packed as the index keeps it, until the index holds it.
    _written: dict[str, Packed]
    _written_lock: threading.Lock
    _pending_index: dict[str, Packed | Parsed | Stat] | None

    def path_for(self, slug: str) -> Path:
        raise NotImplementedError

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
        on_disk = read_index(self.directory)
        index: dict[str, Packed] = dict(on_disk)
        with self._written_lock:
            index.update(self._written)
        fresh: dict[str, Packed | Parsed | Stat] = {}
        for name, key in self._stats(result.broken, result.exposed):
            slug = name[: -len(SUFFIX)]
            cached = index.get(slug)
            profile = self._from_index(slug, key, cached)
            if profile is not None and cached is not None:
                fresh[slug] = cached
            else:
                profile = self._parse(self.directory / name, result.broken)
                if profile is None:
                    continue
                fresh[slug] = Parsed(key, profile)
            result.profiles.append(profile)
        if fresh.keys() != on_disk.keys() or any(fresh[k] is not on_disk[k] for k in fresh):
            self._index_changed(fresh, index_later)
        return result

    def load_rows(self, *, index_later: bool = False) -> RowsResult:
        """Every profile's row (``tui.profiles.rows``), and every file that could not be read:
        what a list needs, read from the index's header alone. The freshness rule is
        ``load_all``'s: each file is stat-ed, and one whose stat differs from its entry (a
        changed or new file) is parsed and its row made from it; files this store wrote count.
        """
        result = RowsResult()
        head = read_head(self.directory)
        with self._written_lock:
            written = dict(self._written)
        pending: dict[str, Packed | Parsed | Stat] = {}
        changed = False
        for name, key in self._stats(result.broken, result.exposed):
            slug = name[: -len(SUFFIX)]
            mine = written.get(slug)
            if mine is not None and mine.stat == key:
                result.rows.append(mine.row)
                pending[slug] = mine
                changed = True
                continue
            cached = head.get(slug)
            if cached is not None and cached.stat == key:
                result.rows.append(cached.row)
                pending[slug] = key
                continue
            changed = True
            profile = self._parse(self.directory / name, result.broken)
            if profile is not None:
                parsed = Parsed(key, profile)
                result.rows.append(parsed.row)
                pending[slug] = parsed
        if changed or pending.keys() != head.keys():
            # Many files parsed (a first start after copying them in, no index yet): that
            # start took long, the index adds a fraction; written now, a TUI quit right
            # after its first frame does not leave the next start to parse them all again.
            many = sum(1 for item in pending.values() if isinstance(item, Parsed))
            self._index_changed(pending, index_later and many <= WRITE_NOW_AFTER)
        return result

    def load_many(self, slugs: Iterable[str]) -> LoadResult:
        """The profiles named, in that order, as they are now (the index serves a file whose
        stat it has; a changed file is parsed); a name without a file is left out."""
        reader = self.reader()
        result = LoadResult(broken=reader.broken, exposed=reader.exposed)
        for slug in slugs:
            profile = reader.read(slug)
            if profile is not None:
                result.profiles.append(profile)
        return result

    def reader(self) -> ProfileReader:
        """Reads named profiles one at a time, each as it is when it is read; made with one
        read of the index."""
        index = read_entries(self.directory)
        with self._written_lock:
            written = dict(self._written)
        return ProfileReader(self, index, written)

    def _stats(
        self, broken: list[BrokenProfile], exposed: list[Path]
    ) -> Iterator[tuple[str, Stat]]:
        """Each profile file's name and stat, in name order (no file read); what cannot be
        stat-ed is broken. Names and a stat relative to the folder: no path is built for a
        file that needs none (10,000 ``Path`` objects cost a start 60 ms)."""
        try:
            fd = os.open(self.directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):
            return
        try:
            names = sorted(
                name
                for name in os.listdir(fd)
                if name.endswith(SUFFIX) and not name.startswith(".")
            )
            for name in names:
                if not name.isascii() and not utf8_name(name):
                    broken.append(BrokenProfile(self.directory / name, None, NOT_UTF8_NAME))
                    continue
                try:
                    stat = os.stat(name, dir_fd=fd, follow_symlinks=False)
                except OSError as exc:
                    reason = f"cannot be read: {exc.strerror}"
                    broken.append(BrokenProfile(self.directory / name, None, reason))
                    continue
                if stat.st_mode & 0o077:
                    exposed.append(self.directory / name)
                yield name, (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        finally:
            os.close(fd)

    def _from_index(self, slug: str, key: Stat, cached: Packed | None) -> Profile | None:
        """The profile ``cached`` holds when it has the file's stat (and is not damaged)."""
        if cached is None or cached.stat != key:
            return None
        try:
            return from_index(self.directory, slug, cached)
        except (ProfileError, KeyError, TypeError, ValueError, RecursionError):
            return None

    def _parse(self, path: Path, broken: list[BrokenProfile]) -> Profile | None:
        try:
            data = read_regular(path)
        except OSError as exc:
            broken.append(BrokenProfile(path, None, f"cannot be read: {exc.strerror}"))
            return None
        parsed = parse_profile(path, data)
        if isinstance(parsed, Profile):
            return parsed
        broken.append(parsed)
        return None

    def _index_changed(self, files: dict[str, Packed | Parsed | Stat], later: bool) -> None:
        if later:
            self._pending_index = files
        else:
            self._write_pending(files)

    def _write_pending(self, files: dict[str, Packed | Parsed | Stat]) -> None:
        """``files`` into the index; an entry given by its stat alone (a row load read only
        the header) is copied from the index on disk when it still has that stat."""
        disk: dict[str, Packed] = {}
        if any(isinstance(item, tuple) for item in files.values()):
            disk = read_index(self.directory)
        index: dict[str, Packed | Parsed] = {}
        for slug, item in files.items():
            if not isinstance(item, tuple):
                index[slug] = item
            elif slug in disk and disk[slug].stat == item:
                index[slug] = disk[slug]
        self._write_index(index)

    def write_pending_index(self) -> None:
        """The index a load with ``index_later`` left to write (encoding 1,000 documents
        takes 0.1 s: a caller in a hurry shows the profiles first)."""
        pending, self._pending_index = self._pending_index, None
        if pending is not None:
            self._write_pending(pending)

    def flush_index(self, since: ProfileReader | None = None) -> None:
        """Put what this store wrote into the index (after a check or an import): the next
        load reads none of those files again. Writes nothing when nothing was written.

        ``since``: the reader the writes were made with; while the index file is the one it
        read, its entries are the index's and the file is not read again (at 10,000 profiles
        that read holds the interpreter lock ~40 ms, 10 of them in one call)."""
        with self._written_lock:
            written = dict(self._written)
        if not written:
            return
        index: dict[str, Packed | Parsed]
        if since is not None and since.index.file == index_file(self.directory):
            index = {**since.index.packed(skip=written), **since.written}
        else:
            index = dict(read_index(self.directory))
        index.update(written)
        self._write_index(index)

    def _write_index(self, files: dict[str, Packed | Parsed]) -> None:
        if not write_index(self.directory, files):
            return
        with self._written_lock:
            for slug, entry in list(self._written.items()):
                if files.get(slug) is entry:
                    del self._written[slug]
