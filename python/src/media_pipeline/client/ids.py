"""Workflow ids and local uploads: the same rules in every client."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..media.store import MediaStore, file_digest


def default_workflow_id(video_url: str) -> str:
    """Stable id from the URL: submitting the same URL while it runs attaches to that run."""
    return "media-" + hashlib.sha256(video_url.encode("utf-8")).hexdigest()[:20]


def upload(store: MediaStore, path: Path) -> str:
    """Put a local file into the media store (content-addressed) and return its media:// URI."""
    digest, _ = file_digest(path)
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", path.name).lstrip("._-") or "video"
    uri = f"media://uploads/{digest[:16]}/{name}"
    if not store.exists(uri):
        store.put_file(path, uri)
    return uri
