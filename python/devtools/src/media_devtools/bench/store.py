"""R60 end to end on the S3 store against the file store, measured in the same run.

A second stack runs the same workers with MEDIA_STORE=s3://... on its own versitygw; the
rounds alternate between the two stacks, so both see the same machine load. Reported: the
medians, their ratio (target S3 / file <= 1.15) and the peak scratch use of each worker.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from temporalio.client import Client

from media_pipeline.contracts.gen.registry import (
    MEDIA_PROCESSING_WORKFLOW,
    MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE,
)

from ..devstack.processes import free_port
from ..devstack.stack import Stack

TARGET = 1.15


async def timed(client: Client, request: dict[str, Any], wid: str) -> float:
    began = time.perf_counter()
    handle = await client.start_workflow(
        MEDIA_PROCESSING_WORKFLOW, request, id=wid,
        task_queue=MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE.value,
    )  # fmt: skip
    await handle.result()
    return time.perf_counter() - began


def scratch_bytes(stack: Stack) -> dict[str, int]:
    """Bytes in each worker's scratch directory. Copies are only evicted past the cap (10 GiB
    by default, far above a run), so what is there at the end is the peak."""
    out = {}
    for d in sorted((stack.data / "scratch").iterdir()):
        if d.name != "local":
            out[d.name] = sum(p.stat().st_size for p in d.rglob("*") if p.is_file())
    return out


async def s3_vs_file(
    file_client: Client,
    file_uri: str,
    video: Path,
    data: Path,
    rounds: int,
    request: dict[str, Any],
) -> dict[str, Any]:
    print("R60: S3 store vs file store", flush=True)
    s3 = Stack(
        data=data, port=free_port(), ui_port=free_port(), s3_port=free_port(), headless=True,
        env={"MEDIA_STORE": "s3://bench/r60"},
    )  # fmt: skip
    s3_client = await s3.up()
    try:
        uri = file_uri
        s3.store().put_file(video, uri)
        await timed(s3_client, {"video_url": uri, **request}, "bench-s3-warmup")
        file_times, s3_times = [], []
        for i in range(rounds):
            file_times.append(
                await timed(
                    file_client, {"video_url": file_uri, **request}, f"bench-store-file-{i}"
                )
            )
            s3_times.append(
                await timed(s3_client, {"video_url": uri, **request}, f"bench-store-s3-{i}")
            )
            print(
                f"  round {i + 1}: file {file_times[-1]:.2f} s, S3 {s3_times[-1]:.2f} s", flush=True
            )
        scratch = scratch_bytes(s3)
    finally:
        s3.down()
    f, s = statistics.median(file_times), statistics.median(s3_times)
    return {
        "file_seconds": f, "s3_seconds": s, "ratio": s / f, "target": TARGET,
        # Each S3 round right after its file round: the pair shares the machine's load.
        "paired_ratio": statistics.median(b / a for a, b in zip(file_times, s3_times, strict=True)),
        "peak_scratch_bytes": scratch,
    }  # fmt: skip


def markdown(r: dict[str, Any]) -> list[str]:
    ok = "met" if r["ratio"] <= r["target"] else "NOT met"
    lines = [
        "", "## R60 on the S3 store (versitygw on loopback) vs the file store", "",
        "| | seconds |", "|---|---|",
        f"| file store | {r['file_seconds']:.2f} |",
        f"| S3 store | {r['s3_seconds']:.2f} |",
        f"| **S3 / file** (medians) | **{r['ratio']:.2f}** (target <= {r['target']:.2f}: {ok}) |",
        f"| S3 / file, median of the paired rounds | {r['paired_ratio']:.2f} |",
        "", "| worker | peak scratch (MiB) |", "|---|---|",
    ]  # fmt: skip
    lines += [f"| {n} | {b / 2**20:.1f} |" for n, b in r["peak_scratch_bytes"].items()]
    return lines
