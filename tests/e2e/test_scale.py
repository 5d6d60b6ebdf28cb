"""Scale: analysis split into child workflows gives the same answer as one workflow, and
MediaBatchWorkflow runs many videos, survives a failing one and continues as new."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from media_devtools.devstack.stack import Stack
from support.clients import cli
from support.httpserver import LoopbackServer
from support.pipeline import run
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowExecutionStatus

from media_pipeline.contracts.gen.models import BatchResult
from media_pipeline.contracts.gen.registry import (
    ANALYZE_FRAMES,
    MEDIA_BATCH_WORKFLOW,
    MEDIA_BATCH_WORKFLOW_TASK_QUEUE,
)
from media_pipeline.contracts.validation import decode


async def event_types(client: Client, workflow_id: str, run_id: str | None = None) -> list[int]:
    handle = client.get_workflow_handle(workflow_id, run_id=run_id)
    return [e.event_type async for e in handle.fetch_history_events()]


async def scheduled_activities(client: Client, workflow_id: str) -> list[str]:
    handle = client.get_workflow_handle(workflow_id)
    return [
        e.activity_task_scheduled_event_attributes.activity_type.name
        async for e in handle.fetch_history_events()
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    ]


async def test_child_workflows_give_the_same_answer(client: Client, http: LoopbackServer) -> None:
    request = {
        "video_url": http.url("files/cuts.mp4"),
        "interval_seconds": 0.5,
        "storyboard": False,
    }
    single = (await run(client, request, "scale-single")).metadata
    split = (await run(client, {**request, "child_workflow_frames": 8}, "scale-children")).metadata

    assert split.frames.count == single.frames.count == 24
    # Sums add up in another order across groups: equal up to float rounding.
    assert split.frames.model_dump(
        exclude={"mean_brightness", "mean_sharpness"}
    ) == single.frames.model_dump(exclude={"mean_brightness", "mean_sharpness"})
    assert split.frames.mean_brightness == pytest.approx(single.frames.mean_brightness, rel=1e-12)
    assert split.frames.mean_sharpness == pytest.approx(single.frames.mean_sharpness, rel=1e-12)
    assert split.black_segments == single.black_segments
    assert split.scenes == single.scenes
    assert split.dominant_colors == single.dominant_colors
    assert split.poster.frame_index == single.poster.frame_index
    for i in range(3):
        child = await client.get_workflow_handle(f"scale-children-analysis-{i}").describe()
        assert child.status == WorkflowExecutionStatus.COMPLETED
    parent = await event_types(client, "scale-children")
    assert parent.count(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) == 3
    # The parent's history holds three children, not 24 frames' worth of batches: the frames
    # are analysed in the children only.
    scheduled = await scheduled_activities(client, "scale-children")
    assert ANALYZE_FRAMES.name not in scheduled, scheduled


async def test_batch_survives_a_failing_video_and_continues_as_new(
    client: Client, stack: Stack, http: LoopbackServer, tmp_path: Path
) -> None:
    listing = tmp_path / "videos.txt"
    listing.write_text(
        "# two good videos and one missing\n"
        f"{http.url('files/short.mp4')}\n"
        f"{json.dumps({'video_url': http.url('files/missing.mp4')})}\n"
        f"{json.dumps({'video_url': http.url('files/short.mp4'), 'strategy': 'keyframes'})}\n"
    )
    proc = cli(
        "python",
        ["batch", str(listing), "--id", "batch-e2e", "--continue-every", "2", "--json"],
        stack,
    )
    assert proc.returncode == 0, proc.stderr
    result = decode(BatchResult, json.loads(proc.stdout))
    assert (result.total, result.succeeded, result.failed, result.runs) == (3, 2, 1, 2)
    [failure] = result.failures
    assert (failure.index, failure.error_type, failure.workflow_id) == (
        1,
        "SourceUnavailable",
        "batch-e2e-1",
    )

    # The first run continued as new after two children; the second ran the third.
    first = (await client.get_workflow_handle("batch-e2e").describe()).raw_description
    runs = [w async for w in client.list_workflows("WorkflowId = 'batch-e2e'")]
    assert len(runs) == 2, [r.status for r in runs]
    assert any(r.status == WorkflowExecutionStatus.CONTINUED_AS_NEW for r in runs)
    assert first.workflow_execution_info.status == WorkflowExecutionStatus.COMPLETED
    for i in (0, 2):
        child = await client.get_workflow_handle(f"batch-e2e-{i}").describe()
        assert child.status == WorkflowExecutionStatus.COMPLETED


async def test_batch_from_a_manifest_in_the_media_store(
    client: Client, stack: Stack, http: LoopbackServer
) -> None:
    lines = [http.url("files/short.mp4"), http.url("files/notvideo.mp4")]
    uri = "media://manifests/e2e.jsonl"
    with stack.store().writer(uri) as out:
        out.write("\n".join(json.dumps(line) for line in lines).encode() + b"\n")
    handle = await client.start_workflow(
        MEDIA_BATCH_WORKFLOW,
        {"manifest": uri, "max_in_flight": 2},
        id="batch-manifest",
        task_queue=MEDIA_BATCH_WORKFLOW_TASK_QUEUE.value,
    )
    result = decode(BatchResult, await handle.result())
    assert (result.total, result.succeeded, result.failed, result.runs) == (2, 1, 1, 1)
    assert result.failures[0].error_type == "UnsupportedMedia"


async def test_batch_keeps_to_its_downloads_per_host(client: Client, http: LoopbackServer) -> None:
    """Twelve videos from one host, six in flight, two per host: the server never has more than
    two downloads open at once, and every video is processed."""
    http.peak_open = 0
    urls = [http.url(f"paced/short.mp4?copy={i}") for i in range(12)]
    handle = await client.start_workflow(
        MEDIA_BATCH_WORKFLOW,
        {"requests": [{"video_url": u} for u in urls], "max_in_flight": 6, "max_per_host": 2},
        id="batch-per-host",
        task_queue=MEDIA_BATCH_WORKFLOW_TASK_QUEUE.value,
    )
    result = decode(BatchResult, await handle.result())
    assert (result.total, result.succeeded) == (12, 12), result.failures
    assert 1 <= http.peak_open <= 2
