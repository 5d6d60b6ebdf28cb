"""MediaBatchWorkflow on a real Temporal server: its children are real MediaProcessingWorkflow
runs on stand-in activities; manifests are read by the real read_manifest activity from a
temporary media store (see conftest.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from standins import WAIT, Fakes, Payload, chain, download_video, new_id
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from media_pipeline.contracts.gen import models as m
from media_pipeline.contracts.gen import registry as r
from media_pipeline.contracts.validation import decode
from media_pipeline.media.store import MediaStore

pytestmark = pytest.mark.timeout(60)

GOOD = "https://cdn.example.com/good-{}.mp4"
GONE = "https://cdn.example.com/gone.mp4"


async def start_batch(client: Client, request: Payload) -> Any:
    return await client.start_workflow(
        r.MEDIA_BATCH_WORKFLOW,
        request,
        id=new_id("batch"),
        task_queue=r.MEDIA_BATCH_WORKFLOW_TASK_QUEUE.value,
        execution_timeout=timedelta(seconds=60),
        result_type=dict,
    )


async def test_inline_batch_counts_a_failed_child(client: Client, fakes: Fakes) -> None:
    async def gone_or_download(req: Payload) -> Payload:
        if req["url"] == GONE:
            raise ApplicationError("404 Not Found", type="SourceUnavailable", non_retryable=True)
        return await download_video(req)

    fakes.behave(r.DOWNLOAD_VIDEO.name, gone_or_download)
    urls = [GOOD.format(0), GONE, GOOD.format(2)]
    # Two children per run: the third runs after a continue-as-new, so the counts and the
    # failure list must survive it.
    handle = await start_batch(
        client,
        {
            "requests": [{"video_url": u} for u in urls],
            "max_in_flight": 2,
            "continue_every": 2,
        },
    )
    bid = handle.id
    result = decode(m.BatchResult, await asyncio.wait_for(handle.result(), WAIT))

    assert result.batch_id == bid
    assert (result.total, result.succeeded, result.failed, result.runs) == (3, 2, 1, 2)
    (failure,) = result.failures
    assert failure.index == 1
    assert failure.video_url == GONE
    assert failure.workflow_id == f"{bid}-1"
    assert failure.error_type == "SourceUnavailable"
    assert "404 Not Found" in failure.message
    # Each child is a pipeline run of its own id, with its own prefix.
    for i, url in enumerate(urls):
        (dl,) = fakes.calls("download_video", f"{bid}-{i}")
        assert dl["url"] == url
        assert dl["output_prefix"] == f"media://runs/{bid}-{i}"
    assert len(fakes.calls("store_metadata")) == 2
    assert fakes.calls("cleanup_media", f"{bid}-1") == [{"prefixes": [f"media://runs/{bid}-1"]}]
    child = await client.get_workflow_handle(f"{bid}-1").describe()
    assert child.status == WorkflowExecutionStatus.FAILED

    raw = await handle.query(r.MEDIA_BATCH_QUERY_PROGRESS, result_type=dict)
    progress = decode(m.BatchProgress, raw)
    assert (progress.total, progress.done, progress.succeeded, progress.failed) == (3, 3, 2, 1)
    assert (progress.running, progress.runs) == (0, 2)
    assert not fakes.violations


async def test_manifest_batch(client: Client, fakes: Fakes, media: MediaStore) -> None:
    lines = ["# two videos", GOOD.format(0), "", f'{{"video_url": "{GOOD.format(1)}"}}']
    media.path("media://batches/ok.jsonl").parent.mkdir(parents=True, exist_ok=True)
    media.path("media://batches/ok.jsonl").write_text("\n".join(lines) + "\n")
    handle = await start_batch(client, {"manifest": "media://batches/ok.jsonl"})
    result = decode(m.BatchResult, await asyncio.wait_for(handle.result(), WAIT))

    assert (result.total, result.succeeded, result.failed) == (2, 2, 0)
    assert sorted(c["url"] for c in fakes.calls("download_video")) == [
        GOOD.format(0),
        GOOD.format(1),
    ]
    assert not fakes.violations


async def test_invalid_manifest_fails_before_any_child(
    client: Client, fakes: Fakes, media: MediaStore
) -> None:
    bad = f'{{"video_url": "{GOOD.format(1)}", "max_frames": 0}}'
    media.path("media://batches/bad.jsonl").parent.mkdir(parents=True, exist_ok=True)
    media.path("media://batches/bad.jsonl").write_text(f"{GOOD.format(0)}\n{bad}\n")
    handle = await start_batch(client, {"manifest": "media://batches/bad.jsonl"})
    with pytest.raises(WorkflowFailureError) as failed:
        await asyncio.wait_for(handle.result(), WAIT)

    typed = [c for c in chain(failed.value) if isinstance(c, ApplicationError)]
    assert typed and typed[0].type == "InvalidInput", chain(failed.value)
    assert "manifest line 2" in typed[0].message
    # The first page validates the whole manifest: the valid first line started nothing.
    assert fakes.started == []
    with pytest.raises(RPCError) as missing:
        await client.get_workflow_handle(f"{handle.id}-0").describe()
    assert missing.value.status == RPCStatusCode.NOT_FOUND


async def test_downloads_from_one_host_stay_within_max_per_host(
    client: Client, fakes: Fakes
) -> None:
    """Six videos from one host, one from another, six in flight, two per host: a.example.com
    never has more than two downloads open, and b.example.com's starts while they hang."""
    open_now: dict[str, int] = {}
    peak: dict[str, int] = {}
    release, changed = asyncio.Event(), asyncio.Condition()

    async def counted(req: Payload) -> Payload:
        host = str(urlsplit(req["url"]).hostname)
        async with changed:
            open_now[host] = open_now.get(host, 0) + 1
            peak[host] = max(peak.get(host, 0), open_now[host])
            changed.notify_all()
        try:
            if host == "a.example.com":
                await release.wait()
            return await download_video(req)
        finally:
            open_now[host] -= 1

    def both_hosts_seen() -> bool:
        return open_now.get("a.example.com") == 2 and "b.example.com" in peak

    fakes.behave(r.DOWNLOAD_VIDEO.name, counted)
    urls = [f"https://a.example.com/{i}.mp4" for i in range(6)] + ["https://b.example.com/0.mp4"]
    handle = await start_batch(
        client,
        {"requests": [{"video_url": u} for u in urls], "max_in_flight": 6, "max_per_host": 2},
    )
    async with changed:
        await asyncio.wait_for(changed.wait_for(both_hosts_seen), WAIT)
    # While a.example.com's two downloads hang, its other four wait and nothing else starts.
    assert len(fakes.calls("download_video")) == 3
    release.set()
    result = decode(m.BatchResult, await asyncio.wait_for(handle.result(), WAIT))

    assert (result.total, result.succeeded) == (7, 7)
    assert peak == {"a.example.com": 2, "b.example.com": 1}
    assert not fakes.violations
