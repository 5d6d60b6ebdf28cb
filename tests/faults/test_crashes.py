"""Crashes: kill -9 of each worker while its activity runs, and of the dev server mid-run.
The pipeline completes after a restart and the catalog holds exactly one record."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from media_devtools.devstack.stack import Stack
from support.catalog import catalog_rows
from support.pipeline import start
from support.procs import ffmpeg_processes, kill9, wait_activity_started, wait_until
from temporalio.client import Client
from temporalio.service import RPCError

from media_pipeline.contracts.gen.models import PipelineResult
from media_pipeline.contracts.validation import decode
from media_pipeline.media.files import FileStore


@pytest.fixture(scope="module")
def slow_uri(stack: Stack, slow_video: Path) -> str:
    uri = "media://uploads/crash/slow.mp4"
    FileStore(stack.media_root).put_file(slow_video, uri)
    return uri


async def finish(stack: Stack, workflow_id: str, limit: float = 180) -> PipelineResult:
    """Wait for the result, reconnecting while the server is down."""
    async with asyncio.timeout(limit):
        while True:
            try:
                client = await stack.client()
                return decode(
                    PipelineResult, await client.get_workflow_handle(workflow_id).result()
                )
            except (RPCError, RuntimeError, ConnectionError):
                await asyncio.sleep(0.5)


def crash(stack: Stack, name: str) -> None:
    """kill -9 one of the stack's processes and forget it, as a machine losing it would."""
    pid = stack.supervisor.running(name)
    assert pid is not None, f"{name} is not running"
    kill9(pid)
    stack.supervisor.pidfile(name).unlink(missing_ok=True)


def restart(stack: Stack, name: str) -> None:
    crash(stack, name)
    stack.start_worker(name)


async def test_go_worker_killed_during_extract_frames(
    client: Client, stack: Stack, slow_uri: str
) -> None:
    request = {
        "video_url": slow_uri,
        "strategy": "scene",
        "extract_segments": 1,
        "storyboard": False,
    }
    handle = await start(client, request, "crash-go")
    await wait_activity_started(handle, "extract_frames")
    await wait_until(lambda: ffmpeg_processes(stack.media_root), 10, "ffmpeg running")
    restart(stack, "go-worker")
    # ffmpeg dies with its worker: nothing is left decoding for nobody.
    await wait_until(lambda: not ffmpeg_processes(stack.media_root), 5, "orphaned ffmpeg gone")
    await stack.wait_polling(client, "go-worker")
    result = await finish(stack, "crash-go")
    assert result.metadata.frames.count >= 1
    assert len(catalog_rows(stack, "crash-go")) == 1


async def test_python_worker_killed_during_analyze_frames(
    client: Client, stack: Stack, slow_uri: str
) -> None:
    # No content detectors: at 1280 px, OCR and faces on up to 400 frames would take the run
    # past finish()'s bound on a busy machine; the image metrics alone keep analyze_frames
    # long enough to be killed mid-way, which is what this test is about.
    request = {
        "video_url": slow_uri, "strategy": "keyframes", "max_frames": 400,
        "analysis_batch_size": 4, "analysis_parallelism": 1, "frame_width": 1280,
        "detectors": [],
    }  # fmt: skip
    handle = await start(client, request, "crash-python")
    await wait_activity_started(handle, "analyze_frames")
    restart(stack, "python-worker")
    await stack.wait_polling(client, "python-worker")
    result = await finish(stack, "crash-python")
    assert result.metadata.frames.count >= 1
    assert len(catalog_rows(stack, "crash-python")) == 1


async def test_ts_worker_killed_during_store_metadata(
    client: Client, stack: Stack, slow_uri: str
) -> None:
    # Hold the catalog's write lock so store_metadata is caught mid-write, as a busy database would.
    db = sqlite3.connect(stack.data / "catalog.db", timeout=0, isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")
    try:
        request = {"video_url": slow_uri, "strategy": "keyframes", "storyboard": False}
        handle = await start(client, request, "crash-ts")
        await wait_activity_started(handle, "store_metadata", limit=120)
        restart(stack, "ts-worker")
    finally:
        db.execute("ROLLBACK")
        db.close()
    await stack.wait_polling(client, "ts-worker")
    await finish(stack, "crash-ts")
    assert len(catalog_rows(stack, "crash-ts")) == 1


async def test_dev_server_killed_and_restarted_mid_run(
    client: Client, stack: Stack, slow_uri: str
) -> None:
    request = {
        "video_url": slow_uri,
        "strategy": "scene",
        "extract_segments": 2,
        "storyboard": False,
    }
    handle = await start(client, request, "crash-server")
    await wait_activity_started(handle, "extract_frames")
    crash(stack, "temporal")
    stack.supervisor.start(stack.server_spec())  # same SQLite file: the history survives
    await stack.wait_server()
    result = await finish(stack, "crash-server")
    assert result.metadata.frames.count >= 1
    assert len(catalog_rows(stack, "crash-server")) == 1
