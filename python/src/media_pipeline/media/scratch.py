"""A bounded, per-worker directory of local copies of objects (MEDIA_SCRATCH).

ffmpeg, PIL and the models read local files; with an object store each worker fetches an
object here once, verifies its sha256, and reuses it for the rest of the run. Each worker
process owns a subdirectory it holds a flock on; a worker that starts removes every sibling
whose lock is free, so what a `kill -9` left behind goes at the next start. Past the size cap
the least recently used copies are evicted.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from ..errors import ErrorType, failure
from .store import file_digest

OWNED = "w-"  # subdirectories held by a live (or dead) worker
LOCK = ".lock"


class Scratch:
    def __init__(self, base: Path, max_bytes: int) -> None:
        base.mkdir(parents=True, exist_ok=True)
        sweep(base)
        # Lock before the directory gets its final name: a sweep never sees it unlocked.
        fresh = base / f".new-{uuid.uuid4().hex}"
        fresh.mkdir()
        self._lock_fd = os.open(fresh / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.dir = base / f"{OWNED}{fresh.name.removeprefix('.new-')}"
        fresh.rename(self.dir)
        self.max_bytes = max_bytes
        self._guard = threading.Lock()
        self._fetching: dict[str, threading.Lock] = {}
        self.peak_bytes = 0

    def get(
        self, name: str, size: int, fetch: Callable[[Path], None], sha256: str | None = None
    ) -> Path:
        """The local copy called `name`, fetched once with `fetch(tmp)`; with `sha256` the
        bytes are verified before they are visible under `name`."""
        path = self.dir / name
        with self._guard:
            lock = self._fetching.setdefault(name, threading.Lock())
        with lock:  # concurrent readers of one object wait for a single fetch
            if path.is_file() and path.stat().st_size == size:
                os.utime(path)  # most recently used
                return path
            if size > self.max_bytes:
                raise failure(
                    ErrorType.MEDIA_TOO_LARGE,
                    f"{size} bytes do not fit the {self.max_bytes} byte scratch directory "
                    "(MEDIA_SCRATCH_MAX_BYTES)",
                )
            self._evict(size, keep=path)
            tmp = self.dir / f".{name}.tmp-{uuid.uuid4().hex}"
            try:
                fetch(tmp)
                if sha256 is not None:
                    got, got_size = file_digest(tmp)
                    if got != sha256 or got_size != size:
                        raise failure(
                            ErrorType.INTEGRITY_ERROR,
                            f"fetched {got_size} bytes with sha256 {got}, "
                            f"the reference says {size} bytes with {sha256}",
                        )
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
            self.peak_bytes = max(self.peak_bytes, self.used())
            return path

    def used(self) -> int:
        return sum(p.stat().st_size for p in self._entries())

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        os.close(self._lock_fd)

    def _entries(self) -> list[Path]:
        out = []
        for p in self.dir.iterdir():
            with contextlib.suppress(FileNotFoundError):
                if p.name != LOCK and p.is_file():
                    out.append(p)
        return out

    def _evict(self, incoming: int, keep: Path) -> None:
        # Oldest use first; an open file survives unlinking, so a reader mid-way keeps its bytes.
        entries = sorted(self._entries(), key=lambda p: p.stat().st_mtime)
        total = sum(p.stat().st_size for p in entries)
        for p in entries:
            if total + incoming <= self.max_bytes:
                break
            if p != keep and not p.name.startswith("."):
                total -= p.stat().st_size
                p.unlink(missing_ok=True)


def sweep(base: Path) -> list[Path]:
    """Remove the subdirectories of workers that are gone (their lock is free)."""
    removed = []
    for d in base.iterdir():
        if not d.name.startswith(OWNED) or not d.is_dir():
            continue
        try:
            fd = os.open(d / LOCK, os.O_RDWR)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # a live worker owns it
        shutil.rmtree(d, ignore_errors=True)
        os.close(fd)
        removed.append(d)
    return removed
