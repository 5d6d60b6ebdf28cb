"""MediaProcessingWorkflow (and AnalyzeFramesGroupWorkflow for long videos) on a real Temporal
server, with stand-in activities on their registry names and queues (see conftest.py)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest
from pydantic import MISSING
from standins import GATE, WAIT, Fakes, Payload, chain, new_id, probe_of
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import ApplicationError, CancelledError
from temporalio.worker import Replayer

from media_pipeline.contracts.gen import models as m
from media_pipeline.contracts.gen import registry as r
from media_pipeline.contracts.validation import decode
from media_pipeline.worker import WORKFLOWS
from media_pipeline.workflows import plan

pytestmark = pytest.mark.timeout(60)

URL = "https://cdn.example.com/clip.mp4"


async def start(client: Client, arg: Any, wid: str | None = None) -> Any:
    return await client.start_workflow(
        r.MEDIA_PROCESSING_WORKFLOW,
        arg,
        id=wid or new_id(),
        task_queue=r.MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE.value,
        execution_timeout=timedelta(seconds=60),
        result_type=dict,
    )


async def progress(handle: Any) -> m.Progress:
    raw = await handle.query(r.MEDIA_PROCESSING_QUERY_PROGRESS, result_type=dict)
    return decode(m.Progress, raw)


async def waited(event: asyncio.Event, what: str) -> None:
    """Wait for `event` inside a stand-in; a timeout is a non-retryable failure, not a retry."""
    try:
        await asyncio.wait_for(event.wait(), GATE)
    except TimeoutError:
        raise ApplicationError(f"timed out waiting for {what}", non_retryable=True) from None


def rendezvous(fakes: Fakes, a: str, b: str) -> None:
    """Activities `a` and `b` each wait for the other to start: a run completes only if the
    workflow has both in flight at once."""
    started = {a: asyncio.Event(), b: asyncio.Event()}

    def gated(name: str, other: str) -> Any:
        inner = fakes.behaviours[name]

        async def behaviour(req: Payload) -> Payload:
            started[name].set()
            await waited(started[other], f"{other} to start beside {name}")
            return await inner(req)

        return behaviour

    fakes.behave(a, gated(a, b))
    fakes.behave(b, gated(b, a))


async def test_happy_path(client: Client, fakes: Fakes) -> None:
    rendezvous(fakes, r.ANALYZE_FRAMES.name, r.BUILD_STORYBOARD.name)
    rendezvous(fakes, r.STORE_METADATA.name, r.CLEANUP_MEDIA.name)
    # The preview is made while the frames are analysed, too.
    preview_started = asyncio.Event()
    analyze = fakes.behaviours[r.ANALYZE_FRAMES.name]
    make_preview = fakes.behaviours[r.GENERATE_PREVIEW.name]

    async def analyze_after_preview(req: Payload) -> Payload:
        await waited(preview_started, "generate_preview to start beside analyze_frames")
        return await analyze(req)

    async def preview(req: Payload) -> Payload:
        preview_started.set()
        return await make_preview(req)

    fakes.behave(r.ANALYZE_FRAMES.name, analyze_after_preview)
    fakes.behave(r.GENERATE_PREVIEW.name, preview)
    request = {
        "video_url": URL,
        "extract_segments": 2,
        "analysis_batch_size": 2,
        "thumbnail_sizes": [320],
        "thumbnail_formats": ["jpeg"],
    }
    handle = await start(client, request)
    wid = handle.id
    raw = await asyncio.wait_for(handle.result(), WAIT)

    result = decode(m.PipelineResult, raw)
    assert result.workflow_id == wid
    assert not result.frames_kept
    # 12 s at one frame every 2 s, from two segments of the frame grid.
    segments = [e["segment"] for e in fakes.calls("extract_frames")]
    assert sorted(segments, key=lambda s: s["start_seconds"]) == [
        {"start_seconds": 0.0, "end_seconds": 6.0},
        {"start_seconds": 6.0, "end_seconds": 12.0},
    ]
    assert {e["parallel_segments"] for e in fakes.calls("extract_frames")} == {2}
    assert result.metadata.frames.count == 6
    # Three batches of two, together every frame once, indexed across segments.
    batches = fakes.calls("analyze_frames")
    assert sorted(b["batch_index"] for b in batches) == [0, 1, 2]
    assert sorted(f["index"] for b in batches for f in b["frames"]) == list(range(6))
    # The sharpest frame (t=6 s in the stand-in) is the poster.
    (thumb,) = fakes.calls("generate_thumbnail")
    assert thumb["frame"]["timestamp_seconds"] == 6.0
    assert thumb["output_prefix"] == f"media://runs/{wid}/poster"
    assert result.metadata.poster.frame_index == 3
    assert result.metadata.poster.timestamp_seconds == 6.0
    # Its frame's perceptual hash goes with it: the catalog's key of "videos like this one".
    assert result.metadata.poster.phash == f"{3:016x}"
    assert result.metadata.storyboard is not MISSING
    # The preview: clips of the source at an even spread of the frames' times (no shots, no
    # scene scores), into the run's folder, in the record.
    (prev,) = fakes.calls("generate_preview")
    assert prev["video"] == raw["metadata"]["video"]
    assert prev["times_seconds"] == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert (prev["clip_seconds"], prev["fps"], prev["width"]) == (1.0, 6, 320)
    assert prev["output_prefix"] == f"media://runs/{wid}/preview"
    assert result.metadata.preview.uri == f"media://runs/{wid}/preview/preview.webp"
    assert result.metadata.preview.content_type == "image/webp"
    # What was stored is what the run returns.
    (store,) = fakes.calls("store_metadata")
    assert store["metadata"] == raw["metadata"]
    scratch = [f"media://runs/{wid}/{p}" for p in ("frames", "audio", "details/parts")]
    assert fakes.calls("cleanup_media") == [{"prefixes": scratch}]

    # Order: download -> probe -> extract -> analyze alongside storyboard -> thumbnail ->
    # store alongside frames cleanup (the rendezvous prove "alongside").
    at = fakes.at
    assert fakes.names()[:4] == [
        "download_video",
        "probe_video",
        "extract_frames",
        "extract_frames",
    ]
    assert at("end", "download_video") < at("start", "probe_video")
    assert at("end", "probe_video") < at("start", "extract_frames")
    last_extract = at("end", "extract_frames", -1)
    assert last_extract < at("start", "analyze_frames") and last_extract < at(
        "start", "build_storyboard"
    )
    assert at("start", "build_storyboard") < at("end", "analyze_frames")
    assert at("start", "analyze_frames") < at("end", "build_storyboard")
    assert at("end", "analyze_frames", -1) < at("start", "generate_thumbnail")
    assert at("end", "generate_thumbnail") < at("start", "store_metadata")
    assert at("end", "build_storyboard") < at("start", "store_metadata")
    assert last_extract < at("start", "generate_preview") < at("end", "analyze_frames")
    assert at("end", "generate_preview") < at("start", "store_metadata")
    assert at("end", "generate_thumbnail") < at("start", "cleanup_media")
    assert sorted(fakes.names()[-2:]) == ["cleanup_media", "store_metadata"]

    done = await progress(handle)
    assert done.workflow_id == wid
    assert done.stage == m.Stage.completed
    assert done.percent == 100.0
    assert done.stages_done == [
        m.Stage.downloading,
        m.Stage.probing,
        m.Stage.extracting,
        m.Stage.analyzing,
        m.Stage.rendering,
        m.Stage.storing,
    ]
    assert (done.frames_extracted, done.frames_analyzed) == (6, 6)
    assert (done.batches_total, done.batches_done) == (3, 3)
    assert not fakes.violations


async def test_bare_url_gets_the_schema_defaults(client: Client, fakes: Fakes) -> None:
    handle = await start(client, URL)
    raw = await asyncio.wait_for(handle.result(), WAIT)
    result = decode(m.PipelineResult, raw)

    (download,) = fakes.calls("download_video")
    assert download["url"] == URL
    (extract,) = fakes.calls("extract_frames")
    assert extract["strategy"] == "interval"
    assert extract["interval_seconds"] == 2.0
    assert extract["scene_threshold"] == 0.3
    assert extract["max_frames"] == 300
    assert extract["frame_width"] == 480
    (thumb,) = fakes.calls("generate_thumbnail")
    assert thumb["sizes"] == [320, 640, 1280]
    assert thumb["formats"] == ["jpeg", "webp"]
    # Storyboard on by default; frames removed by default.
    (board,) = fakes.calls("build_storyboard")
    assert (board["tile_width"], board["columns"], board["rows"]) == (160, 10, 10)
    assert result.metadata.storyboard is not MISSING
    assert not result.frames_kept
    scratch = [f"media://runs/{handle.id}/{p}" for p in ("frames", "audio", "details/parts")]
    assert fakes.calls("cleanup_media") == [{"prefixes": scratch}]
    # Every detector by default: the audio branch (PCM for speech, loudness and silence), the
    # frame detectors in each batch, and the details document.
    (audio,) = fakes.calls("extract_audio")
    assert audio["pcm"] and audio["loudness"]
    assert len(fakes.calls("analyze_audio")) == 1
    (merge,) = fakes.calls("merge_details")
    assert merge["output"] == f"media://runs/{handle.id}/details.json"
    assert {d for b in fakes.calls("analyze_frames") for d in b["detectors"]} == {"faces", "text"}
    content = result.metadata.content
    assert [d.value for d in content.detectors] == ["faces", "text", "speech", "loudness"]
    assert content.speech.total_seconds == pytest.approx(8.5)
    # 24 frames a batch by default: the six frames of 12 s are one batch.
    assert len(fakes.calls("analyze_frames")) == 1
    assert result.metadata.frames.strategy == m.FrameStrategy.interval
    assert not fakes.violations


async def test_long_video_analyses_in_child_workflows(client: Client, fakes: Fakes) -> None:
    fakes.behave(r.PROBE_VIDEO.name, probe_of(40.0))
    request = {
        "video_url": URL,
        "child_workflow_frames": 8,
        "analysis_batch_size": 3,
        "storyboard": False,
    }
    handle = await start(client, request)
    wid = handle.id
    result = decode(m.PipelineResult, await asyncio.wait_for(handle.result(), WAIT))

    assert result.metadata.frames.count == 20
    assert result.metadata.storyboard is MISSING
    assert fakes.calls("build_storyboard") == []
    # The preview does not depend on the storyboard.
    assert len(fakes.calls("generate_preview")) == 1
    assert result.metadata.preview is not MISSING
    # 20 frames in groups of 8, 8 and 4, each its own child, each in batches of 3.
    sizes = [8, 8, 4]
    for i, size in enumerate(sizes):
        child = f"{wid}-analysis-{i}"
        calls = fakes.calls("analyze_frames", child)
        assert len(calls) == len(plan.chunks(range(size), 3)), child
        assert sum(len(c["frames"]) for c in calls) == size
        out = decode(
            m.AnalyzeGroupOutput,
            await client.get_workflow_handle(child).result(),
        )
        assert (out.group_index, out.summary.frames) == (i, size)
    # The parent ran no analysis itself.
    assert fakes.calls("analyze_frames", wid) == []
    done = await progress(handle)
    assert (done.batches_total, done.batches_done, done.frames_analyzed) == (8, 8, 20)
    assert not fakes.violations


async def test_unsupported_media_fails_and_compensates(client: Client, fakes: Fakes) -> None:
    async def unsupported(req: Payload) -> Payload:
        raise ApplicationError("not a video", type="UnsupportedMedia", non_retryable=True)

    fakes.behave(r.PROBE_VIDEO.name, unsupported)
    handle = await start(client, {"video_url": URL})
    with pytest.raises(WorkflowFailureError) as failed:
        await asyncio.wait_for(handle.result(), WAIT)

    causes = chain(failed.value)
    top = failed.value.cause
    assert isinstance(top, ApplicationError)
    assert top.type == "UnsupportedMedia" and top.non_retryable
    assert any(isinstance(c, ApplicationError) and c.type == "UnsupportedMedia" for c in causes[2:])
    assert len(fakes.calls("probe_video")) == 1  # non-retryable: one attempt
    assert fakes.calls("cleanup_media") == [{"prefixes": [f"media://runs/{handle.id}"]}]
    assert fakes.at("error", "probe_video") < fakes.at("start", "cleanup_media")
    for never in ("extract_frames", "analyze_frames", "generate_thumbnail", "store_metadata"):
        assert fakes.calls(never) == [], never
    assert (await progress(handle)).stage == m.Stage.failed
    assert not fakes.violations


async def cancel_and_expect_cancelled(handle: Any, fakes: Fakes) -> None:
    """Cancel the run: it ends cancelled (not failed), after compensation removed its files."""
    await handle.cancel()
    with pytest.raises(WorkflowFailureError) as failed:
        await asyncio.wait_for(handle.result(), WAIT)
    assert isinstance(failed.value.cause, CancelledError)
    assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED
    assert fakes.calls("cleanup_media") == [{"prefixes": [f"media://runs/{handle.id}"]}]


async def test_failed_preview_fails_and_compensates(client: Client, fakes: Fakes) -> None:
    """A preview that cannot be made fails the run like any output, and compensation removes
    the run's folder (the preview's with it) after the other side work stopped."""

    async def broken(req: Payload) -> Payload:
        raise ApplicationError(
            "no frame at any of the times", type="InvalidInput", non_retryable=True
        )

    fakes.behave(r.GENERATE_PREVIEW.name, broken)
    handle = await start(client, {"video_url": URL})
    with pytest.raises(WorkflowFailureError) as failed:
        await asyncio.wait_for(handle.result(), WAIT)

    top = failed.value.cause
    assert isinstance(top, ApplicationError) and top.type == "InvalidInput"
    assert fakes.calls("cleanup_media") == [{"prefixes": [f"media://runs/{handle.id}"]}]
    assert fakes.at("error", "generate_preview") < fakes.at("start", "cleanup_media")
    assert fakes.calls("store_metadata") == []
    assert not fakes.violations


async def test_cancel_during_extraction(client: Client, fakes: Fakes) -> None:
    both_running = asyncio.Event()
    running = 0

    async def endless_extract(req: Payload) -> Payload:
        nonlocal running
        running += 1
        if running == 2:
            both_running.set()
        await asyncio.Event().wait()  # until cancelled (the heartbeats carry the cancel)
        raise AssertionError("unreachable")

    fakes.behave(r.EXTRACT_FRAMES.name, endless_extract)
    handle = await start(client, {"video_url": URL, "extract_segments": 2})
    await asyncio.wait_for(both_running.wait(), WAIT)
    assert (await progress(handle)).stage == m.Stage.extracting
    await cancel_and_expect_cancelled(handle, fakes)
    # Both segments stopped before compensation removed the run's files.
    cleanup = fakes.at("start", "cleanup_media")
    assert fakes.at("cancelled", "extract_frames", -1) < cleanup
    assert [e for e in fakes.events if e[0] == "cancelled"] == [
        ("cancelled", "extract_frames", handle.id)
    ] * 2
    for never in ("analyze_frames", "generate_thumbnail", "store_metadata"):
        assert fakes.calls(never) == [], never
    assert not fakes.violations


async def test_cancel_answered_by_a_failure_still_cancels_the_run(
    client: Client, fakes: Fakes
) -> None:
    """An activity may fail instead of acknowledging the cancel (the Go SDK does so when the
    heartbeat that would carry the cancel times out first): the run still ends cancelled."""
    running = asyncio.Event()

    async def failing_on_cancel(req: Payload) -> Payload:
        running.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            raise ApplicationError("ffmpeg stopped: context canceled") from None
        raise AssertionError("unreachable")

    fakes.behave(r.EXTRACT_FRAMES.name, failing_on_cancel)
    handle = await start(client, {"video_url": URL, "extract_segments": 1})
    await asyncio.wait_for(running.wait(), WAIT)
    await cancel_and_expect_cancelled(handle, fakes)
    assert not fakes.violations


async def test_run_with_the_preview_replays(client: Client, fakes: Fakes) -> None:
    """A run records the preview's patch marker and replays against today's code; histories
    recorded before it (tests/faults/histories) replay without generate_preview."""
    handle = await start(client, {"video_url": URL, "storyboard": False})
    await asyncio.wait_for(handle.result(), WAIT)
    history = await handle.fetch_history()
    patches = [
        json.loads(e.marker_recorded_event_attributes.details["patch-data"].payloads[0].data)["id"]
        for e in history.events
        if e.HasField("marker_recorded_event_attributes")
    ]
    assert "preview" in patches
    await Replayer(workflows=WORKFLOWS).replay_workflow(history)
