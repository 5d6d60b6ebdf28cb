"""`make bench`: run everything once on this machine and print (and save) the figures.

Writes .data/bench/results.json and .data/bench/results.md. BENCH_QUICK=1 skips the long-video
section; BENCH_ROUNDS sets how many times the R60 comparison repeats (median reported).
BENCH_STORE_ONLY=1 runs only the S3-vs-file store section.
BENCH_TRACING_ONLY=1 runs only the cost-of-tracing section (traced vs untraced, a Jaeger of its own).
BENCH_CONTENT_ONLY=1 runs only the content section (detector costs, detectors on vs off, the
workers' peak RSS). The comparisons with the plain script (which computes the image metrics only) run the
pipeline without content detectors; the content section measures them, on and off.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from temporalio.client import Client

from media_pipeline.contracts.gen.models import PipelineResult
from media_pipeline.contracts.gen.registry import (
    FRAME_STRATEGIES,
    MEDIA_PROCESSING_WORKFLOW,
    MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE,
)
from media_pipeline.contracts.validation import decode
from media_pipeline.exit import exit_now
from media_pipeline.media.files import FileStore

from ..devstack.processes import free_port
from ..devstack.stack import REPO, WORKERS, Stack
from . import baseline, content
from . import shots as shot_bench
from . import store as store_bench
from . import tracing as tracing_bench
from .inputs import reference
from .measure import HistoryFacts, facts, peak_rss_mib
from .noop import run_shape
from .report import markdown

ROOT = REPO / ".data" / "bench"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
QUICK = bool(os.environ.get("BENCH_QUICK"))
CONTENT_ONLY = bool(os.environ.get("BENCH_CONTENT_ONLY"))
STORE_ONLY = bool(os.environ.get("BENCH_STORE_ONLY"))
TRACING_ONLY = bool(os.environ.get("BENCH_TRACING_ONLY"))
PAYLOAD_TARGET = 256 * 1024
# No content detectors: what the plain script computes, and nothing more.
OFF: dict[str, Any] = {"detectors": []}


class Bench:
    def __init__(self, client: Client, stack: Stack) -> None:
        self.client, self.stack = client, stack
        self.largest_payload = 0
        self.max_events = 0

    async def timed(self, request: dict[str, Any], wid: str) -> tuple[float, PipelineResult]:
        """Seconds from start to result, as a client sees them (nothing else inside)."""
        began = time.perf_counter()
        handle = await self.client.start_workflow(
            MEDIA_PROCESSING_WORKFLOW,
            request,
            id=wid,
            task_queue=MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE.value,
        )
        result = decode(PipelineResult, await handle.result())
        return time.perf_counter() - began, result

    async def pipeline(
        self, request: dict[str, Any], wid: str
    ) -> tuple[float, PipelineResult, HistoryFacts]:
        seconds, result = await self.timed(request, wid)
        return seconds, result, await self.facts(wid)

    async def facts(self, wid: str) -> HistoryFacts:
        """History figures of a finished run; also tracks the largest payload and history."""
        f = await facts(self.client, wid)
        self.largest_payload = max(self.largest_payload, f.largest_payload)
        self.max_events = max(self.max_events, f.events)
        for child in f.children:
            c = await facts(self.client, child)
            self.largest_payload = max(self.largest_payload, c.largest_payload)
            self.max_events = max(self.max_events, c.events)
        return f


def timed_baseline(video: Path, **kw: Any) -> tuple[float, baseline.Outputs]:
    began = time.perf_counter()
    out = baseline.run(video, ROOT / "baseline", **kw)
    return time.perf_counter() - began, out


async def compare_r60(b: Bench, uri: str, video: Path) -> dict[str, Any]:
    print("R60: baseline vs pipeline", flush=True)
    base_times, pipe_times, runs = [], [], []
    for i in range(ROUNDS):
        t, out = timed_baseline(video)
        base_times.append(t)
        p, result, f = await b.pipeline({"video_url": uri, **OFF}, f"bench-r60-{i}")
        pipe_times.append(p)
        runs.append((p, result, f, out))
        print(f"  round {i + 1}: baseline {t:.2f} s, pipeline {p:.2f} s", flush=True)
    p, result, f, out = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
    assert out.frames == result.metadata.frames.count, (out.frames, result.metadata.frames.count)
    noop = [
        await run_shape(b.client, f.shape, f"bench-noop-{i}-{time.time_ns()}")
        for i in range(ROUNDS)
    ]
    timings = result.timings.model_dump()
    return {
        "baseline_seconds": statistics.median(base_times),
        "pipeline_seconds": statistics.median(pipe_times),
        "ratio": statistics.median(pipe_times) / statistics.median(base_times),
        "frames": out.frames,
        "baseline_stages": out.stages,
        "pipeline_stages": {k: v for k, v in timings.items() if k != "total"},
        "activity_seconds_sum": f.activity_seconds,
        "activity_busy_seconds": f.busy_seconds,
        "overhead_seconds": p - f.busy_seconds,
        "hops": sum(len(g) for g in f.shape),
        "sequential_hop_groups": len(f.shape),
        "noop_same_shape_seconds": statistics.median(noop),
        "events": f.events,
    }


async def throughput(b: Bench, uri: str, n: int = 4) -> dict[str, Any]:
    """n pipelines one at a time, then n at once; median over ROUNDS rounds."""
    print(f"R5: {n} pipelines one at a time, then {n} at once", flush=True)
    seq, par = [], []
    for r in range(ROUNDS):
        began = time.perf_counter()
        for i in range(n):
            await b.timed({"video_url": uri, **OFF}, f"bench-r5-seq-{r}-{i}")
        seq.append(time.perf_counter() - began)
        began = time.perf_counter()
        await asyncio.gather(
            *(b.timed({"video_url": uri, **OFF}, f"bench-r5-par-{r}-{i}") for i in range(n))
        )
        par.append(time.perf_counter() - began)
        print(
            f"  round {r + 1}: {seq[-1]:.2f} s one at a time, {par[-1]:.2f} s at once", flush=True
        )
    for i in range(n):
        await b.facts(f"bench-r5-seq-0-{i}")
        await b.facts(f"bench-r5-par-0-{i}")
    sequential, concurrent = statistics.median(seq), statistics.median(par)
    return {
        "pipelines": n,
        "sequential_seconds": sequential,
        "concurrent_seconds": concurrent,
        "sequential_per_minute": 60 * n / sequential,
        "concurrent_per_minute": 60 * n / concurrent,
        "ratio": sequential / concurrent,
    }


async def strategies(b: Bench, uri: str, video: Path) -> dict[str, Any]:
    print("R60: strategies", flush=True)
    out: dict[str, Any] = {}
    for strategy in FRAME_STRATEGIES:
        _, plain = timed_baseline(video, strategy=strategy)
        seconds, result, _ = await b.pipeline(
            {"video_url": uri, "strategy": strategy, **OFF}, f"bench-strategy-{strategy}"
        )
        out[strategy] = {
            "frames": result.metadata.frames.count,
            "baseline_extract_seconds": plain.stages["extract"],
            "pipeline_extract_seconds": result.timings.extract,
            "pipeline_seconds": seconds,
        }
        print(
            f"  {strategy}: extract {result.timings.extract:.2f} s (plain ffmpeg {plain.stages['extract']:.2f} s)"
        )
    return out


async def scale(b: Bench, uris: dict[str, str]) -> dict[str, Any]:
    print("long videos: 10 minutes and 2 hours, a frame every 2 s", flush=True)
    out: dict[str, Any] = {}
    for name, duration in (("10min", 600), ("2h", 7200)):
        request = {
            "video_url": uris[name],
            "interval_seconds": 2,
            "max_frames": duration // 2,
            "frame_width": 256,
            **OFF,
        }
        seconds, result, f = await b.pipeline(request, f"bench-scale-{name}")
        child_events = [(await facts(b.client, c)).events for c in f.children]
        out[name] = {
            "seconds": seconds,
            "frames": result.metadata.frames.count,
            "parent_events": f.events,
            "children": len(f.children),
            "largest_child_events": max(child_events, default=0),
        }
        print(
            f"  {name}: {seconds:.1f} s, {f.events} events, {len(f.children)} children", flush=True
        )
    out["time_ratio"] = out["2h"]["seconds"] / out["10min"]["seconds"]
    out["duration_ratio"] = 12.0
    return out


async def content_on_off(b: Bench, uri: str) -> dict[str, Any]:
    """R60 with every detector (the default) and with none, alternating, ROUNDS each."""
    print("R60: content detectors on vs off", flush=True)
    on, off = [], []
    for i in range(ROUNDS):
        off.append((await b.timed({"video_url": uri, **OFF}, f"bench-content-off-{i}"))[0])
        seconds, result = await b.timed({"video_url": uri}, f"bench-content-on-{i}")
        on.append(seconds)
        print(f"  round {i + 1}: off {off[-1]:.2f} s, on {on[-1]:.2f} s", flush=True)
    return {
        "on_seconds": statistics.median(on),
        "off_seconds": statistics.median(off),
        "ratio": statistics.median(on) / statistics.median(off),
        "on_stages": {k: v for k, v in result.timings.model_dump().items() if k != "total"},
    }


async def main() -> None:
    inputs = ROOT / "inputs"
    names = ["R60", "R5"] + (
        [] if QUICK or CONTENT_ONLY or STORE_ONLY or TRACING_ONLY else ["10min", "2h"]
    )
    print("inputs", flush=True)
    videos = {n: reference(inputs, n) for n in names}
    shutil.rmtree(ROOT / "stack", ignore_errors=True)
    stack = Stack(data=ROOT / "stack", port=free_port(), ui_port=free_port(), headless=True)
    client = await stack.up()
    try:
        store = FileStore(stack.media_root)
        uris = {}
        for name, path in videos.items():
            uris[name] = f"media://bench/{name}.mp4"
            store.put_file(path, uris[name])  # the baseline reads local files: so does the pipeline
        b = Bench(client, stack)
        await b.pipeline({"video_url": uris["R5"]}, "bench-warmup")
        results: dict[str, Any] = {"machine": {"cpus": os.cpu_count()}, "rounds": ROUNDS}
        if not (CONTENT_ONLY or TRACING_ONLY):
            results["store"] = await store_bench.s3_vs_file(
                client, uris["R60"], videos["R60"], ROOT / "s3stack", ROUNDS, OFF
            )
        if not (STORE_ONLY or CONTENT_ONLY):
            results["tracing"] = await tracing_bench.traced_vs_untraced(
                client, uris["R60"], videos["R60"], ROOT / "traced", ROUNDS, OFF
            )
        if not (STORE_ONLY or TRACING_ONLY):
            results["content"] = {
                "detectors": content.detectors(videos["R60"]),
                "on_off": await content_on_off(b, uris["R60"]),
            }
            if not CONTENT_ONLY:
                results["r60"] = await compare_r60(b, uris["R60"], videos["R60"])
                results["throughput_r5"] = await throughput(b, uris["R5"])
                results["strategies_r60"] = await strategies(b, uris["R60"], videos["R60"])
                results["shots"] = {
                    "cost": await shot_bench.cost(
                        b,
                        uris["R60"],
                        videos["R60"],
                        ROUNDS,
                        [p for n in WORKERS if (p := stack.supervisor.running(n))],
                    ),
                    "accuracy": await shot_bench.accuracy(b, store, ROOT / "shots"),
                }
            if not QUICK and not CONTENT_ONLY:
                results["scale"] = await scale(b, uris)
        # VmHWM of each worker process, the Python one with every model loaded.
        results["peak_rss_mib"] = {
            n: peak_rss_mib(stack.supervisor.running(n) or 0) for n in WORKERS
        }
        results["largest_payload_bytes"] = b.largest_payload
        results["payload_target_bytes"] = PAYLOAD_TARGET
        results["max_events_per_history"] = b.max_events
    finally:
        stack.down()
    finish(results)


def finish(results: dict[str, Any]) -> None:
    ROOT.mkdir(parents=True, exist_ok=True)
    (ROOT / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    text = markdown(results)
    (ROOT / "results.md").write_text(text)
    print("\n" + text)
    print(f"written: {ROOT / 'results.json'}, {ROOT / 'results.md'}")


if __name__ == "__main__":
    asyncio.run(main())
    exit_now(0)
