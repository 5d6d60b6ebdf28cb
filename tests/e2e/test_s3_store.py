"""The S3 store end to end: the cut/black-segment clip through the whole pipeline with
MEDIA_STORE=s3://..., a real versitygw started by the stack, each worker with its own scratch
directory and no shared MEDIA_ROOT, gives what the file store gives, bit for bit."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path
from typing import Any

import pytest
from media_devtools.devstack.processes import Spec
from media_devtools.devstack.stack import REPO, Stack, worker_commands
from media_devtools.samples import Scene, render
from support.catalog import catalog_rows
from support.httpserver import LoopbackServer
from support.pipeline import run, start
from support.procs import kill9, wait_activity_started, wait_until
from temporalio.client import Client, WorkflowHandle

from media_pipeline.contracts.gen.models import PipelineResult
from media_pipeline.contracts.gen.registry import DOWNLOAD_VIDEO
from media_pipeline.contracts.validation import decode
from media_pipeline.media.s3 import S3Store


def fingerprint(result: PipelineResult) -> dict[str, object]:
    """What must not depend on where the bytes live: scenes, poster frame, every hash."""
    md = result.metadata
    return {
        "source": md.video.sha256,
        "colors": [str(c) for c in md.dominant_colors],
        "scenes": md.scenes.model_dump(mode="json"),
        "black": [b.model_dump(mode="json") for b in md.black_segments],
        "frames": md.frames.count,
        "poster": (md.poster.frame_index, md.poster.timestamp_seconds),
        "thumbnails": sorted((t.image.uri, t.image.sha256) for t in md.poster.thumbnails),
        "storyboard": [(s.uri, s.sha256) for s in md.storyboard.sheets]  # type: ignore[union-attr]
        + [(md.storyboard.vtt.uri, md.storyboard.vtt.sha256)],  # type: ignore[union-attr]
    }


async def test_s3_store_gives_the_file_store_result(
    client: Client, stack: Stack, s3_stack: Stack, http: LoopbackServer
) -> None:
    request = {
        "video_url": http.url("files/cuts.mp4"),
        "strategy": "scene",
        "thumbnail_sizes": [160, 320],
    }
    on_file = await run(client, request, "e2e-store-compare")
    on_s3 = await run(await s3_stack.client(), request, "e2e-store-compare")
    assert fingerprint(on_s3) == fingerprint(on_file)

    # The objects are in the bucket, verified on the way out; none of the run's frames stay.
    store = s3_stack.store()
    assert isinstance(store, S3Store)
    for thumb in on_s3.metadata.poster.thumbnails:
        assert store.open_checked(thumb.image).stat().st_size == thumb.image.size_bytes
    served = s3_stack.data / "s3" / store.bucket / store.prefix
    assert (served / "runs" / "e2e-store-compare").is_dir()
    assert store.list_below("media://runs/e2e-store-compare/frames") == []
    assert store.client.list_multipart_uploads(Bucket=store.bucket).get("Uploads", []) == []
    # Nothing went through a shared directory: the workers' MEDIA_ROOT stayed empty, and the
    # Python and Go workers fetched into scratch directories of their own.
    assert [p for p in s3_stack.media_root.rglob("*") if p.is_file()] == []
    scratch = s3_stack.data / "scratch"
    assert {p.name for p in scratch.iterdir()} >= {"python-worker", "go-worker"}
    rows = catalog_rows(s3_stack, on_s3.workflow_id)
    assert len(rows) == 1 and rows[0]["record_id"] == on_s3.catalog_id


@pytest.mark.parametrize("worker", ["python-worker", "go-worker"])
@pytest.mark.parametrize(
    ("change", "want"),
    [
        ({"MEDIA_STORE": "ftp://host/x"}, "unknown scheme"),
        ({"MEDIA_STORE": "s3://no-such-bucket"}, "does not exist"),
        ({"AWS_SECRET_ACCESS_KEY": "wrong"}, "credentials refused"),
        ({"AWS_ENDPOINT_URL": "http://127.0.0.1:1"}, "cannot reach the endpoint"),
    ],
    ids=["scheme", "bucket", "credentials", "endpoint"],
)
def test_bad_store_configuration_stops_a_worker_with_one_line(
    s3_stack: Stack, worker: str, change: dict[str, str], want: str, tmp_path: Path
) -> None:
    env = s3_stack.worker_env() | {"MEDIA_SCRATCH": str(tmp_path)} | change
    proc = subprocess.run(
        worker_commands(REPO)[worker], env=env, cwd=REPO, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1, proc.stderr
    assert len(lines) == 1 and want in lines[0], proc.stderr


async def failed_attempt(handle: WorkflowHandle[Any, Any], activity: str) -> str:
    """The error type of the first failed attempt of `activity` (it is then retrying)."""
    while True:
        desc = await handle.describe()
        for p in desc.raw_description.pending_activities:
            if p.activity_type.name == activity and p.attempt >= 2:
                return str(p.last_failure.application_failure_info.type)
        await asyncio.sleep(0.05)


async def test_store_outage_is_retried_and_the_run_completes_once_it_is_back(
    s3_stack: Stack, http: LoopbackServer
) -> None:
    server = s3_stack.s3_server()
    assert server is not None
    s3_stack.supervisor.stop(server.name)
    try:
        client = await s3_stack.client()
        request = {"video_url": http.url("files/cuts.mp4"), "storyboard": False}
        handle = await start(client, request, "e2e-store-outage")
        kind = await asyncio.wait_for(failed_attempt(handle, DOWNLOAD_VIDEO.name), 60)
        assert kind == "StoreUnavailable"
    finally:
        server.start(s3_stack.supervisor)
    result = decode(PipelineResult, await handle.result())
    assert result.metadata.video.size_bytes > 0
    assert len(catalog_rows(s3_stack, "e2e-store-outage")) == 1


async def test_second_go_host_takes_over_after_kill_9_during_extraction(
    s3_stack: Stack, media_files: dict[str, Path]
) -> None:
    """Two Go "hosts" (each its own scratch directory, sharing nothing but S3): the one that
    runs extract_frames is killed with kill -9; the other finishes the run, and the killed
    host's scratch leftovers go when a worker starts on that directory again."""
    video = render(
        media_files["cuts"].parent / "hosts.mp4", (Scene("testsrc2", 40),),
        size="1280x720", fps=30, audio=False,
    )  # fmt: skip
    uri = "media://uploads/hosts/hosts.mp4"
    s3_stack.store().put_file(video, uri)
    second = s3_stack.worker_spec("go-worker")
    second = Spec("go-worker-2", second.argv, second.env | {
        "MEDIA_SCRATCH": str(s3_stack.data / "scratch" / "go-worker-2")}, second.cwd)  # fmt: skip
    s3_stack.supervisor.start(second)
    client = await s3_stack.client()
    try:
        request = {
            "video_url": uri,
            "strategy": "scene",
            "extract_segments": 1,
            "storyboard": False,
        }
        handle = await start(client, request, "e2e-hosts-kill9")
        await wait_activity_started(handle, "extract_frames")
        victim = await running_worker(handle, "extract_frames")
        name = next(
            n for n in ("go-worker", "go-worker-2") if s3_stack.supervisor.running(n) == victim
        )
        scratch = s3_stack.data / "scratch" / name
        left = [d for d in scratch.iterdir() if d.name.startswith("w-")]
        kill9(victim)
        s3_stack.supervisor.pidfile(name).unlink(missing_ok=True)
        result = decode(PipelineResult, await handle.result())
        assert result.metadata.frames.count >= 1
        assert len(catalog_rows(s3_stack, "e2e-hosts-kill9")) == 1
        # The dead host's scratch stays until a worker starts there again, then it is swept.
        assert left and all(d.exists() for d in left)
        if name == "go-worker":
            s3_stack.start_worker(name)
        else:
            s3_stack.supervisor.start(second)
        await wait_until(lambda: not any(d.exists() for d in left), 30, "dead scratch swept")
    finally:
        s3_stack.supervisor.stop("go-worker-2")


async def running_worker(handle: WorkflowHandle[Any, Any], activity: str) -> int:
    """Pid of the worker running `activity` (its identity is pid@host)."""
    while True:
        desc = await handle.describe()
        for p in desc.raw_description.pending_activities:
            if p.activity_type.name == activity and p.last_worker_identity:
                return int(p.last_worker_identity.split("@")[0])
        await asyncio.sleep(0.05)
