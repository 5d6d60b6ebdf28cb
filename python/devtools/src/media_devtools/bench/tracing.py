"""The cost of tracing: R60 end to end traced against untraced, measured in the same run.

A second stack runs the same workers with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a Jaeger the
bench starts on loopback, and its client is traced too (the run is one trace). The untraced
side is the bench's own stack, which never sees an OTEL_* variable. Rounds alternate which side
goes first, so both see the same machine load. Reported: the medians, their ratio (target
traced / untraced <= 1.05), and how many spans Jaeger received for one traced run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from opentelemetry.trace import get_current_span as current_span
from temporalio.client import Client

from media_pipeline.telemetry.tracing import setup as setup_tracing

from ..devstack.processes import free_port
from ..devstack.stack import REPO, Stack
from ..traces.jaeger import Jaeger
from .store import timed

TARGET = 1.05
CLIENT_SERVICE = "media-bench-client"


@contextlib.contextmanager
def exported(env: dict[str, str]) -> Iterator[None]:
    """`env` in this process's environment for the duration: the OTLP exporter reads its
    endpoint from there when it is built, and nothing else here (the dev server) may see it."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def span_count(jaeger: Jaeger, trace_id: str, limit: float = 30.0) -> int:
    """Spans of the trace once Jaeger stops receiving more (the workers flush at exit, then
    Jaeger's batch processor stores them): two equal reads in a row, or the deadline."""
    deadline, last = time.monotonic() + limit, -1
    while True:
        try:
            count = len(jaeger.trace(trace_id)["spans"])
        except (OSError, IndexError):  # 404 (or no data) until the first span is stored
            count = 0
        if (count and count == last) or time.monotonic() > deadline:
            return count
        last = count
        time.sleep(0.5)


async def traced_vs_untraced(
    untraced: Client, uri: str, video: Path, data: Path, rounds: int, request: dict[str, Any]
) -> dict[str, Any]:
    print("R60: traced vs untraced", flush=True)
    shutil.rmtree(data, ignore_errors=True)  # a fresh server database and Jaeger each run
    jaeger = Jaeger(REPO, data / "jaeger")
    otlp = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": jaeger.otlp_http,
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
    }
    traced = Stack(
        data=data / "stack", port=free_port(), ui_port=free_port(), headless=True, env=otlp
    )
    try:
        await asyncio.to_thread(jaeger.start)
        await traced.up()
        traced.store().put_file(video, uri)
        with exported(otlp):
            tr = setup_tracing(CLIENT_SERVICE, otlp)
        client = await Client.connect(
            traced.address, namespace="default", interceptors=tr.interceptors
        )
        clients = {True: client, False: untraced}
        for on in (True, False):
            await timed(clients[on], {"video_url": uri, **request}, f"bench-tracing-warmup-{on}")
        times: dict[bool, list[float]] = {True: [], False: []}
        trace_id = ""
        for i in range(rounds):
            for on in (False, True) if i % 2 == 0 else (True, False):  # alternate the order
                # Traced, the client's span is the root: start, workflow, activities under it.
                with tr.span("bench R60") if on else contextlib.nullcontext():
                    if on and not trace_id:
                        trace_id = format(current_span().get_span_context().trace_id, "032x")
                    wid = f"bench-tracing-{'on' if on else 'off'}-{i}"
                    times[on].append(await timed(clients[on], {"video_url": uri, **request}, wid))
            print(
                f"  round {i + 1}: untraced {times[False][-1]:.2f} s, "
                f"traced {times[True][-1]:.2f} s",
                flush=True,
            )
        tr.flush()
        traced.down()  # the workers flush what they still hold as they exit
        spans = await asyncio.to_thread(span_count, jaeger, trace_id)
        print(f"  spans Jaeger received for one traced run: {spans}", flush=True)
    finally:
        traced.down()  # again, for a failure above: stopping what is stopped does nothing
        jaeger.stop()
    with_, without = statistics.median(times[True]), statistics.median(times[False])
    paired = statistics.median(t / u for t, u in zip(times[True], times[False], strict=True))
    return {
        "traced_seconds": with_, "untraced_seconds": without, "ratio": with_ / without,
        "target": TARGET, "paired_ratio": paired, "spans_per_run": spans,
    }  # fmt: skip


def markdown(r: dict[str, Any]) -> list[str]:
    ok = "met" if r["ratio"] <= r["target"] else "NOT met"
    return [
        "", "## Cost of tracing: R60 traced (OTLP/HTTP to Jaeger on loopback) vs untraced", "",
        "| | seconds |", "|---|---|",
        f"| untraced (no OTEL_*) | {r['untraced_seconds']:.2f} |",
        f"| traced, workers and client | {r['traced_seconds']:.2f} |",
        f"| **traced / untraced** (medians) | **{r['ratio']:.2f}** (target <= {r['target']:.2f}: {ok}) |",
        f"| traced / untraced, median of the paired rounds | {r['paired_ratio']:.2f} |",
        f"| spans Jaeger received for one traced run | {r['spans_per_run']} |",
    ]  # fmt: skip
