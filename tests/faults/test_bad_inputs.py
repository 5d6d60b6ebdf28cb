"""The bad-input table: each hostile input ends with its catalogue error type within a bound,
through the real workflow and all three workers. Afterwards every worker still polls, the
catalog holds no record of a failed run, and no run left files in the media store."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from media_devtools.devstack.stack import WORKERS, Stack
from support.catalog import catalog_rows
from support.httpserver import LoopbackServer
from support.pipeline import start
from temporalio.client import Client, WorkflowFailureError
from temporalio.exceptions import ApplicationError

from media_pipeline.client.pipeline import failed


@dataclass(frozen=True)
class Case:
    name: str
    request: Any  # a PipelineRequest dict, a bare URL, or a builder of one from the server URL
    expect: str | None  # catalogue type, or None when the run must succeed
    # Seconds from start to failure (or success) on a quiet machine. The test waits at most
    # three times this: generous for a loaded CI host, far below what a stalled run would take.
    bound: float
    workflow_id: str | None = None


def cases(http: LoopbackServer, long_video: Path) -> list[Case]:
    other = http.base.replace("127.0.0.1", "127.0.0.2")
    req = lambda path, **kw: {"video_url": http.url(path), **kw}  # noqa: E731
    return [
        Case("404", req("files/missing.mp4"), "SourceUnavailable", 10),
        Case("500 forever", req("status/500"), "DownloadFailed", 15),
        Case("500 twice then OK", req("flaky/bad-input-table/2/short.mp4"), None, 40),
        Case("server trickles bytes", req("trickle/short.mp4"), "DownloadTimeout", 15),
        Case("body above the limit, no length", req("endless/40000000"), "MediaTooLarge", 15),
        Case("lying Content-Length (1 KB of 40 MB)", req("lying/40000000"), "MediaCorrupt", 15),
        Case("not a video (HTML)", req("files/notvideo.mp4"), "UnsupportedMedia", 10),
        Case("truncated MP4", req("files/truncated.mp4"), "MediaCorrupt", 15),
        Case("zero-byte file", req("files/empty.mp4"), "UnsupportedMedia", 10),
        Case("audio only", req("files/audio.mp4"), "UnsupportedMedia", 15),
        Case("HLS playlist named .mp4", req("files/playlist.mp4"), "UnsupportedMedia", 10),
        Case("longer than MAX_VIDEO_SECONDS", req(f"files/{long_video.name}"), "MediaTooLarge", 15),
        Case("file:///etc/passwd", {"video_url": "file:///etc/passwd"}, "DownloadRejected", 10),
        Case("ftp scheme", {"video_url": "ftp://127.0.0.1/x.mp4"}, "DownloadRejected", 10),
        Case(
            "non-allowlisted address",
            {"video_url": f"{other}/files/short.mp4"},
            "DownloadRejected",
            10,
        ),
        Case(
            "redirect to a non-allowlisted address",
            req(f"goto?url={other}/files/short.mp4"),
            "DownloadRejected",
            10,
        ),
        Case("six redirects", req("redirect/6/short.mp4"), "DownloadRejected", 10),
        Case(
            "media:// key not in the store",
            {"video_url": "media://uploads/none.mp4"},
            "SourceUnavailable",
            10,
        ),
        Case("malformed input (number)", {"video_url": 42}, "InvalidInput", 5),
        Case("unknown field", req("files/short.mp4", speed=2), "InvalidInput", 5),
        Case("option out of range", req("files/short.mp4", max_frames=0), "InvalidInput", 5),
        Case(
            "workflow id unfit for the store",
            req("files/short.mp4"),
            "InvalidInput",
            5,
            "bad id/../x",
        ),
    ]


async def outcome(client: Client, case: Case, index: int) -> tuple[str | None, float, str]:
    wid = case.workflow_id or f"bad-{index:02d}"
    began = time.monotonic()
    handle = await start(client, case.request, wid)
    try:
        await asyncio.wait_for(handle.result(), case.bound * 3)
        return None, time.monotonic() - began, wid
    except WorkflowFailureError as err:
        f = failed(err)
        assert isinstance(err.cause, ApplicationError) and err.cause.non_retryable, f
        return f.error_type, time.monotonic() - began, wid


async def test_every_bad_input_fails_typed_in_bounded_time(
    client: Client, stack: Stack, http: LoopbackServer, long_video: Path
) -> None:
    table = cases(http, long_video)
    results = await asyncio.gather(*(outcome(client, c, i) for i, c in enumerate(table)))
    print("\n| input | expected | got | seconds | bound |\n|---|---|---|---|---|")
    for case, (got, seconds, _) in zip(table, results, strict=True):
        print(
            f"| {case.name} | {case.expect or 'success'} | {got or 'success'} | {seconds:.2f} | {case.bound:g} |"
        )
    for case, (got, _, wid) in zip(table, results, strict=True):
        assert got == case.expect, f"{case.name}: expected {case.expect}, got {got}"
        if case.expect is not None:
            assert catalog_rows(stack, wid) == [], f"{case.name} left a catalog record"
            assert not (stack.media_root / "runs" / wid).exists(), f"{case.name} left files behind"
    assert len(table) >= 15

    # Every worker survived the table and still polls its queue.
    for name in WORKERS:
        await stack.wait_polling(client, name, limit=10)


@pytest.mark.parametrize(
    "raw", [None, [], 42, "not a url", {"video_url": "http://x/a.mp4", "strategy": "fps"}]
)
async def test_malformed_workflow_inputs_fail_fast(client: Client, raw: Any) -> None:
    handle = await start(client, raw, f"malformed-{abs(hash(str(raw))) % 10**8}")
    with pytest.raises(WorkflowFailureError) as err:
        await asyncio.wait_for(handle.result(), 10)
    assert failed(err.value).error_type == "InvalidInput"
