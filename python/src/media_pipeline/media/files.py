"""The file store: a directory addressed by media://<key> references.

Every path is resolved (symlinks followed) and must stay inside the root. Writes go to a
temporary file and are renamed into place, so readers never see half a file and retries
rewrite the same key.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..contracts.gen.models import MediaRef
from ..errors import ErrorType, failure
from .store import SCHEME, HashingWriter, copy_into, file_digest, key


class FileStore:
    """A directory (MEDIA_STORE=file:///path, or MEDIA_ROOT): the single-host store."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root.resolve()

    def check(self) -> None:
        """Nothing to reach: the directory exists once the store is built."""

    def locate(self, uri: str) -> str:
        return str(self.path(uri))

    def exists(self, uri: str) -> bool:
        return self.path(uri).is_file()

    def local(self, uri: str) -> Path:
        path = self.path(uri)
        if not path.is_file():
            raise failure(ErrorType.SOURCE_UNAVAILABLE, f"{uri} is not in the media store")
        return path

    def read_bytes(self, uri: str) -> bytes:
        return self.local(uri).read_bytes()

    def list_below(self, prefix: str) -> list[str]:
        root = self.path(prefix)
        if not root.is_dir():
            return []
        rel = (p.relative_to(self.root).as_posix() for p in root.rglob("*") if p.is_file())
        return sorted(SCHEME + r for r in rel if not r.rsplit("/", 1)[-1].startswith("."))

    def path(self, uri: str) -> Path:
        """Real filesystem path of a reference; refuses anything that resolves outside the root."""
        real = (self.root / key(uri)).resolve()
        if not real.is_relative_to(self.root):
            raise failure(ErrorType.INTEGRITY_ERROR, f"{uri} escapes the media store")
        return real

    def ref(self, uri: str, content_type: str) -> MediaRef:
        digest, size = file_digest(self.local(uri))
        return MediaRef(uri=uri, sha256=digest, size_bytes=size, content_type=content_type)

    def open_checked(self, ref: MediaRef) -> Path:
        """Path of an input reference after checking it exists and matches its size and sha256."""
        path = self.path(ref.uri)
        if not path.is_file():
            raise failure(ErrorType.SOURCE_UNAVAILABLE, f"{ref.uri} is not in the media store")
        digest, size = file_digest(path)
        if size != ref.size_bytes or digest != ref.sha256:
            raise failure(ErrorType.INTEGRITY_ERROR, f"{ref.uri} does not match its reference")
        return path

    @contextmanager
    def writer(self, uri: str) -> Iterator[HashingWriter]:
        """Atomically write `uri`: bytes land in a temp file renamed into place on success."""
        final = self.path(uri)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.parent / f".{final.name}.tmp-{uuid.uuid4().hex}"
        try:
            with tmp.open("wb") as sink:
                out = HashingWriter(sink)
                yield out
                sink.flush()
                os.fsync(sink.fileno())
            # Re-check after writing: a symlink planted meanwhile must not redirect the rename.
            if not final.parent.resolve().is_relative_to(self.root):
                raise failure(ErrorType.INTEGRITY_ERROR, f"{uri} escapes the media store")
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)

    def remove(self, uri: str) -> tuple[int, int]:
        """Delete a file or folder below the root; returns (files, bytes) removed."""
        path = self.path(uri)
        if path == self.root:
            raise failure(ErrorType.INVALID_INPUT, "refusing to remove the whole media store")
        if path.is_file():
            size = path.stat().st_size
            path.unlink()
            return 1, size
        if not path.is_dir():
            return 0, 0
        files = total = 0
        for p in path.rglob("*"):
            # Another remover (a retry, compensation) may be deleting the same folder.
            with contextlib.suppress(FileNotFoundError):
                if p.is_file() and not p.is_symlink():
                    total += p.stat().st_size
                    files += 1
        shutil.rmtree(path, onerror=_ignore_missing)
        return files, total

    def put_file(self, source: Path, uri: str) -> None:
        with self.writer(uri) as out:
            copy_into(source, out)


def _ignore_missing(
    function: object, path: str, exc_info: tuple[type, BaseException, object]
) -> None:
    if not isinstance(exc_info[1], FileNotFoundError):
        raise exc_info[1]
