"""MEDIA_STORE: which backend holds the media, read once at start.

`file:///path` (default: MEDIA_ROOT, else the registry's default root) or
`s3://bucket/prefix`. S3 connection settings are boto3's own (AWS_ENDPOINT_URL[_S3],
AWS_REGION, credentials, profiles); with an endpoint set, addressing is path-style, which
S3-compatible servers expect.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..contracts.gen.registry import MEDIA_ROOT_DEFAULT
from .files import FileStore
from .store import MediaStore

SCRATCH_DEFAULT = ".data/scratch"
SCRATCH_MAX_DEFAULT = 10 * 1024**3


def store_spec(env: Mapping[str, str] = os.environ) -> str:
    spec = env.get("MEDIA_STORE", "").strip()
    if spec:
        return spec
    return "file://" + str(Path(env.get("MEDIA_ROOT", "") or MEDIA_ROOT_DEFAULT).absolute())


def open_store(env: Mapping[str, str] = os.environ) -> MediaStore:
    """The configured store; SystemExit with one line when MEDIA_STORE is malformed."""
    spec = store_spec(env)
    url = urlsplit(spec)
    if url.scheme == "file":
        if url.netloc not in ("", "localhost") or not url.path:
            raise SystemExit(f"MEDIA_STORE={spec!r}: want file:///absolute/path")
        return FileStore(Path(unquote(url.path)))
    if url.scheme == "s3":
        if not url.netloc:
            raise SystemExit(f"MEDIA_STORE={spec!r}: want s3://bucket/prefix")
        from .s3 import S3Store  # boto3 loads only for an S3 store
        from .s3client import s3_client
        from .scratch import Scratch

        scratch = Scratch(
            Path(env.get("MEDIA_SCRATCH", "") or SCRATCH_DEFAULT),
            _size(env, "MEDIA_SCRATCH_MAX_BYTES", SCRATCH_MAX_DEFAULT),
        )
        return S3Store(s3_client(env), url.netloc, url.path, scratch)
    raise SystemExit(
        f"MEDIA_STORE={spec!r}: unknown scheme, want file:///path or s3://bucket/prefix"
    )


def _size(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name}={raw!r}: want a positive number of bytes")
    return int(raw)
