"""The media store: a directory addressed by media://<key> references.

Keys are relative and validated; every path is resolved (symlinks followed) and must stay
inside the root. Writes go to a temporary file and are renamed into place, so readers never
see half a file and retries rewrite the same key.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..contracts.gen.models import MediaRef
from ..errors import ErrorType, failure

SCHEME = "media://"
# Same pattern as $defs/MediaUri: no empty, '.' or '..' segments, no absolute paths.
_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
_CHUNK = 1024 * 1024


class HashingWriter:
    """File-like sink that hashes and counts what passes through it."""

    def __init__(self, sink: BinaryIO) -> None:
        self._sink = sink
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self._sink.write(data)
        self.sha256.update(data)
        self.size += len(data)


class MediaStore:
    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root.resolve()

    def key(self, uri: str) -> str:
        if not uri.startswith(SCHEME) or not _KEY.match(uri[len(SCHEME) :]) or len(uri) > 512:
            raise failure(ErrorType.INVALID_INPUT, f"not a valid media reference: {uri!r}")
        return uri[len(SCHEME) :]

    def path(self, uri: str) -> Path:
        """Real filesystem path of a reference; refuses anything that resolves outside the root."""
        real = (self.root / self.key(uri)).resolve()
        if not real.is_relative_to(self.root):
            raise failure(ErrorType.INTEGRITY_ERROR, f"{uri} escapes the media store")
        return real

    def ref(self, uri: str, content_type: str) -> MediaRef:
        path = self.path(uri)
        digest, size = file_digest(path)
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
        with source.open("rb") as src, self.writer(uri) as out:
            while chunk := src.read(_CHUNK):
                out.write(chunk)


def _ignore_missing(
    function: object, path: str, exc_info: tuple[type, BaseException, object]
) -> None:
    if not isinstance(exc_info[1], FileNotFoundError):
        raise exc_info[1]


def file_digest(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size
