"""Cancelling a run during extract_frames stops ffmpeg within seconds and leaves no files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from media_devtools.devstack.stack import Stack
from support.pipeline import start
from support.procs import ffmpeg_processes, wait_activity_started, wait_until
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import CancelledError

from media_pipeline.media.files import FileStore


async def test_cancel_during_extraction(client: Client, stack: Stack, slow_video: Path) -> None:
    uri = "media://uploads/cancel/slow.mp4"
    FileStore(stack.media_root).put_file(slow_video, uri)
    handle = await start(
        client, {"video_url": uri, "strategy": "scene", "extract_segments": 2}, "cancel-extract"
    )
    await wait_activity_started(handle, "extract_frames")
    await wait_until(lambda: ffmpeg_processes(stack.media_root), 10, "ffmpeg running")
    began = time.monotonic()
    await handle.cancel()
    stopped = await wait_until(
        lambda: not ffmpeg_processes(stack.media_root), 10, "ffmpeg stopped after cancel"
    )
    print(f"ffmpeg stopped {stopped:.2f} s after the cancel request")
    with pytest.raises(WorkflowFailureError) as err:
        await handle.result()
    assert isinstance(err.value.cause, CancelledError)
    assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED
    # Compensation removed the partial frames and everything else the run wrote.
    assert not (stack.media_root / "runs" / "cancel-extract").exists()
    assert time.monotonic() - began < 20
