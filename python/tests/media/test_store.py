"""The media store: key validation, containment, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from temporalio.exceptions import ApplicationError

from media_pipeline.contracts.gen.models import MediaRef
from media_pipeline.media.files import FileStore


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "media")


@pytest.mark.parametrize(
    "uri",
    [
        "media:///etc/passwd",
        "media://a/../../etc/passwd",
        "media://..",
        "media://a/./b",
        "file:///etc/passwd",
        "media://",
    ],
)
def test_bad_keys_are_invalid_input(store: FileStore, uri: str) -> None:
    with pytest.raises(ApplicationError) as err:
        store.path(uri)
    assert err.value.type == "InvalidInput"


def test_symlink_escape_is_refused(store: FileStore, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("secret")
    os.symlink(outside, store.root / "link")
    with pytest.raises(ApplicationError) as err:
        store.path("media://link/secret")
    assert err.value.type == "IntegrityError"


def test_write_is_atomic_and_hashed(store: FileStore) -> None:
    with store.writer("media://a/b.bin") as out:
        out.write(b"hello ")
        assert not store.path("media://a/b.bin").exists()  # nothing visible before the rename
        out.write(b"world")
    ref = store.ref("media://a/b.bin", "application/octet-stream")
    assert ref.size_bytes == 11
    assert ref.sha256 == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
    assert store.open_checked(ref) == store.path("media://a/b.bin")


def test_failed_write_leaves_nothing(store: FileStore) -> None:
    with pytest.raises(RuntimeError), store.writer("media://a/c.bin") as out:
        out.write(b"partial")
        raise RuntimeError("boom")
    assert list((store.root / "a").iterdir()) == []


def test_reference_mismatch_and_absence_are_typed(store: FileStore) -> None:
    with store.writer("media://x.bin") as out:
        out.write(b"abc")
    good = store.ref("media://x.bin", "application/octet-stream")
    with pytest.raises(ApplicationError) as err:
        store.open_checked(good.model_copy(update={"size_bytes": 4}))
    assert err.value.type == "IntegrityError"
    missing = MediaRef(
        uri="media://nope.bin", sha256=good.sha256, size_bytes=3, content_type="video/mp4"
    )
    with pytest.raises(ApplicationError) as err:
        store.open_checked(missing)
    assert err.value.type == "SourceUnavailable"


def test_remove_counts_and_refuses_the_root(store: FileStore) -> None:
    for name in ("r/f/1", "r/f/2", "r/keep"):
        with store.writer(f"media://{name}") as out:
            out.write(b"12345")
    assert store.remove("media://r/f") == (2, 10)
    assert store.path("media://r/keep").exists()
    assert store.remove("media://r/f") == (0, 0)
