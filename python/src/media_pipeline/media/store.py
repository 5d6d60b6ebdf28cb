"""The media store interface: objects addressed by media://<key> references.

Two backends implement it, chosen by MEDIA_STORE (media/open.py): a directory (files.py) and
S3-compatible object storage (s3.py). Keys are validated here, the same way for both, so a
reference means the same thing wherever its bytes live.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from ..contracts.gen.models import MediaRef
from ..errors import ErrorType, failure

SCHEME = "media://"
# Same pattern as $defs/MediaUri: no empty, '.' or '..' segments, no absolute paths.
_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
_CHUNK = 1024 * 1024


def key(uri: str) -> str:
    """The relative key of a media:// reference; InvalidInput for anything else."""
    if not uri.startswith(SCHEME) or not _KEY.match(uri[len(SCHEME) :]) or len(uri) > 512:
        raise failure(ErrorType.INVALID_INPUT, f"not a valid media reference: {uri!r}")
    return uri[len(SCHEME) :]


class Sink(Protocol):
    def write(self, data: bytes, /) -> object: ...


class HashingWriter:
    """File-like sink that hashes and counts what passes through it."""

    def __init__(self, sink: Sink) -> None:
        self._sink = sink
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self._sink.write(data)
        self.sha256.update(data)
        self.size += len(data)


class MediaStore(Protocol):
    def check(self) -> None:
        """Reach the store once (workers call it before polling); SystemExit with one line."""

    def locate(self, uri: str) -> str:
        """Where a person finds the object: a path, or an s3:// URL."""

    def exists(self, uri: str) -> bool: ...

    def ref(self, uri: str, content_type: str) -> MediaRef:
        """The reference (sha256, size) of a stored object."""

    def open_checked(self, ref: MediaRef) -> Path:
        """A local file with the reference's bytes, verified against its size and sha256."""

    def local(self, uri: str) -> Path:
        """A local file with the object's current bytes (unverified: manifests)."""

    def read_bytes(self, uri: str) -> bytes: ...

    def list_below(self, prefix: str) -> list[str]:
        """The references below a prefix, sorted."""

    def writer(self, uri: str) -> AbstractContextManager[HashingWriter]:
        """Write `uri` atomically: the object appears whole when the block ends without error."""

    def remove(self, uri: str) -> tuple[int, int]:
        """Delete an object or everything below a prefix; returns (objects, bytes) removed."""

    def put_file(self, source: Path, uri: str) -> None: ...


def copy_into(source: Path, out: HashingWriter) -> None:
    with source.open("rb") as src:
        while chunk := src.read(_CHUNK):
            out.write(chunk)


def file_digest(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size
