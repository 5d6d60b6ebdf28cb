"""The S3 store against a real versitygw on loopback (installed by `make setup`)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from media_devtools.devstack.processes import Supervisor, free_port
from media_devtools.devstack.s3server import S3Server
from media_devtools.devstack.stack import REPO
from temporalio.exceptions import ApplicationError

from media_pipeline.contracts.gen.models import MediaRef
from media_pipeline.media import s3 as s3module
from media_pipeline.media.open import open_store
from media_pipeline.media.s3 import S3Store


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[S3Server, Supervisor]]:
    sup = Supervisor(tmp_path / "run", tmp_path / "logs")
    srv = S3Server(REPO, tmp_path / "s3", free_port())
    srv.start(sup, ("media",))
    try:
        yield srv, sup
    finally:
        sup.stop(srv.name)


def store_for(server: S3Server, tmp_path: Path, name: str, **extra: str) -> S3Store:
    env = server.env() | {
        "MEDIA_STORE": "s3://media/env1",
        "MEDIA_SCRATCH": str(tmp_path / "scratch" / name),
        "MEDIA_SCRATCH_MAX_BYTES": str(64 * 1024 * 1024),
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-credentials"),
    }
    store = open_store(env | extra)
    assert isinstance(store, S3Store)
    return store


def error_type(fn: object, *args: object) -> str:
    with pytest.raises(ApplicationError) as err:
        fn(*args)  # type: ignore[operator]
    return str(err.value.type)


def test_write_read_list_remove(server: tuple[S3Server, Supervisor], tmp_path: Path) -> None:
    srv, _ = server
    a, b = store_for(srv, tmp_path, "a"), store_for(srv, tmp_path, "b")
    a.check()
    with a.writer("media://runs/r1/frames/t1.jpg") as out:
        out.write(b"frame one")
    # On the server's disk under bucket/prefix/key: the bytes really went through S3.
    assert (srv.root / "media/env1/runs/r1/frames/t1.jpg").read_bytes() == b"frame one"
    ref = b.ref("media://runs/r1/frames/t1.jpg", "image/jpeg")
    assert ref.sha256 == hashlib.sha256(b"frame one").hexdigest() and ref.size_bytes == 9
    local = b.open_checked(ref)  # another worker: its own scratch, fetched and verified
    assert local.read_bytes() == b"frame one" and local.is_relative_to(b.scratch.dir)
    assert b.list_below("media://runs/r1") == ["media://runs/r1/frames/t1.jpg"]
    assert b.exists("media://runs/r1/frames/t1.jpg") and not b.exists("media://runs/r1/x")
    wrong = MediaRef(uri=ref.uri, sha256="0" * 64, size_bytes=9, content_type="image/jpeg")
    assert error_type(store_for(srv, tmp_path, "c").open_checked, wrong) == "IntegrityError"
    assert a.remove("media://runs/r1") == (1, 9)
    assert b.list_below("media://runs/r1") == []
    assert error_type(a.ref, "media://runs/r1/frames/t1.jpg", "image/jpeg") == "SourceUnavailable"
    assert error_type(a.exists, "media://../etc/passwd") == "InvalidInput"


def test_large_writes_are_multipart_and_aborted_on_failure(
    server: tuple[S3Server, Supervisor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srv, _ = server
    monkeypatch.setattr(s3module, "PART_BYTES", 5 * 1024 * 1024)  # S3's smallest part
    store = store_for(srv, tmp_path, "a")
    body = bytes(range(256)) * (12 * 1024 * 1024 // 256)  # three parts
    with store.writer("media://runs/r2/source.mp4") as out:
        for i in range(0, len(body), 1024 * 1024):
            out.write(body[i : i + 1024 * 1024])
    assert store.ref("media://runs/r2/source.mp4", "video/mp4").sha256 == (
        hashlib.sha256(body).hexdigest()
    )
    # A write that fails after two parts: no object, no incomplete upload left behind.
    with pytest.raises(RuntimeError), store.writer("media://runs/r2/broken.mp4") as out:
        out.write(body)
        raise RuntimeError("the source went away")
    assert not store.exists("media://runs/r2/broken.mp4")
    assert store.client.list_multipart_uploads(Bucket="media").get("Uploads", []) == []


def test_cleanup_pages_batches_and_aborts_orphaned_uploads(
    server: tuple[S3Server, Supervisor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srv, _ = server
    monkeypatch.setattr(s3module, "BATCH", 3)  # several DeleteObjects batches
    store = store_for(srv, tmp_path, "a")
    for i in range(7):
        with store.writer(f"media://runs/r3/frames/t{i}.jpg") as out:
            out.write(b"x" * i)
    with store.writer("media://runs/r33/keep.jpg") as out:  # a sibling prefix stays
        out.write(b"keep")
    # What a worker killed mid-download leaves: an incomplete multipart upload.
    store.client.create_multipart_upload(Bucket="media", Key="env1/runs/r3/source.mp4")
    paginator = store.client.get_paginator("list_objects_v2")
    pages = list(
        paginator.paginate(Bucket="media", Prefix="env1/runs/r3/", PaginationConfig={"PageSize": 2})
    )
    assert len(pages) >= 4  # the listing is paged, and remove walks every page
    assert store.remove("media://runs/r3") == (7, sum(range(7)))
    assert store.list_below("media://runs") == ["media://runs/r33/keep.jpg"]
    assert store.client.list_multipart_uploads(Bucket="media").get("Uploads", []) == []


@pytest.mark.parametrize(
    ("change", "want"),
    [
        ({"MEDIA_STORE": "s3://missing"}, "bucket 'missing' does not exist"),
        ({"AWS_SECRET_ACCESS_KEY": "wrong"}, "credentials refused"),
        ({"AWS_ENDPOINT_URL": "http://127.0.0.1:1"}, "cannot reach the endpoint"),
    ],
)
def test_bad_configuration_is_one_line(
    server: tuple[S3Server, Supervisor], tmp_path: Path, change: dict[str, str], want: str
) -> None:
    srv, _ = server
    with pytest.raises(SystemExit) as stop:
        store_for(srv, tmp_path, "a", **change).check()
    line = str(stop.value.code)
    assert want in line and "\n" not in line


def test_unknown_scheme_is_one_line() -> None:
    with pytest.raises(SystemExit, match="unknown scheme"):
        open_store({"MEDIA_STORE": "ftp://host/x"})


def test_outage_is_retryable_and_passes_once_back(
    server: tuple[S3Server, Supervisor], tmp_path: Path
) -> None:
    srv, sup = server
    store = store_for(srv, tmp_path, "a")
    sup.stop(srv.name)
    with pytest.raises(ApplicationError) as err, store.writer("media://runs/r4/a.json") as out:
        out.write(b"{}")
    assert err.value.type == "StoreUnavailable" and not err.value.non_retryable
    srv.start(sup)
    with store.writer("media://runs/r4/a.json") as out:
        out.write(b"{}")
    assert store.exists("media://runs/r4/a.json")
