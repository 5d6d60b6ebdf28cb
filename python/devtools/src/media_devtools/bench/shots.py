"""Shot detection in the benchmark: accuracy on the labelled clips through the real pipeline
(default strategy and scene) beside PySceneDetect's detectors on the same files, and the cost
of each: the pipeline with and without detection on R60, PySceneDetect on R60."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from media_pipeline.media.files import FileStore
from media_pipeline.media.store import MediaStore

from ..shots import clips, evaluate

if TYPE_CHECKING:
    from .__main__ import Bench


async def accuracy(b: Bench, store: MediaStore, directory: Path) -> dict[str, Any]:
    print("shots: labelled clips, pipeline (interval, scene) and PySceneDetect", flush=True)
    paths = clips.build(directory)
    runs: dict[str, evaluate.Run] = {}
    for strategy in ("interval", "scene"):
        found: dict[str, list[tuple[float, str | None]]] = {}
        elapsed = 0.0
        for name, path in paths.items():
            uri = f"media://bench/shots/{name}.mp4"
            store.put_file(path, uri)
            seconds, result = await b.timed(
                {"video_url": uri, "strategy": strategy, "storyboard": False},
                f"bench-shots-{strategy}-{name}",
            )
            elapsed += seconds
            bounds = result.metadata.scenes.boundaries
            found[name] = [
                (x.time_seconds, x.kind.value) for x in (bounds if isinstance(bounds, list) else [])
            ]
        runs[f"pipeline {strategy}"] = _run(paths, found, elapsed)
    for name, detector in evaluate.detectors().items():
        if name != "ours":
            runs[name] = evaluate.evaluate(paths, detector)
    table = evaluate.table(runs)
    print(table, flush=True)
    return {
        "table": table,
        "f1": {k: r.total.f1 for k, r in runs.items()},
        "per_clip_f1": {k: {c: s.f1 for c, s in r.scores.items()} for k, r in runs.items()},
    }


def _run(
    paths: dict[str, Path], found: dict[str, list[tuple[float, str | None]]], elapsed: float
) -> evaluate.Run:
    scores = {n: evaluate.score(clips.load_truth(p), found[n]) for n, p in paths.items()}
    video = sum(clips.duration(clips.CLIPS[n]) for n in paths)
    return evaluate.Run(scores, found, elapsed, video)


def cpu_seconds(pids: list[int]) -> float:
    """CPU time of the processes and their waited-for children (ffmpeg): utime, stime,
    cutime, cstime of /proc/PID/stat. Robust to other load on the machine, unlike wall time."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


async def cost(b: Bench, uri: str, video: Path, rounds: int, pids: list[int]) -> dict[str, Any]:
    """R60 end to end with and without detection (alternating), and PySceneDetect on R60."""
    print("shots: R60 with and without shot detection", flush=True)
    wall: dict[bool, list[float]] = {True: [], False: []}
    cpu: dict[bool, list[float]] = {True: [], False: []}
    extract: dict[bool, list[float]] = {True: [], False: []}
    for i in range(rounds):
        for on in (False, True) if i % 2 == 0 else (True, False):  # alternate the order
            c0 = cpu_seconds(pids)
            t, result = await b.timed(
                {"video_url": uri, "detect_shots": on}, f"bench-shots-{on}-{i}"
            )
            cpu[on].append(cpu_seconds(pids) - c0)
            wall[on].append(t)
            extract[on].append(result.timings.extract)
        print(
            f"  round {i + 1}: without {wall[False][-1]:.2f} s ({cpu[False][-1]:.2f} s CPU), "
            f"with {wall[True][-1]:.2f} s ({cpu[True][-1]:.2f} s CPU)",
            flush=True,
        )
    med = statistics.median
    out: dict[str, Any] = {
        "without_seconds": med(wall[False]),
        "with_seconds": med(wall[True]),
        "without_cpu_seconds": med(cpu[False]),
        "with_cpu_seconds": med(cpu[True]),
        "extract_without_seconds": med(extract[False]),
        "extract_with_seconds": med(extract[True]),
    }
    out["ratio"] = out["with_seconds"] / out["without_seconds"]
    out["cpu_ratio"] = out["with_cpu_seconds"] / out["without_cpu_seconds"]
    # R60 is one minute long: the extra CPU is our cost per minute of video.
    out["ours_cpu_seconds_per_minute"] = out["with_cpu_seconds"] - out["without_cpu_seconds"]
    peers: dict[str, dict[str, float]] = {}
    for name, detector in evaluate.detectors().items():
        if name == "ours":
            continue
        began, c0 = time.perf_counter(), time.process_time()
        detector(video)
        peers[name] = {"wall": time.perf_counter() - began, "cpu": time.process_time() - c0}
        print(f"  {name} on R60: {peers[name]['wall']:.2f} s ({peers[name]['cpu']:.2f} s CPU)")
    out["pyscenedetect_seconds_per_minute"] = peers
    return out


def markdown(r: dict[str, Any]) -> list[str]:
    lines = ["", "## Shot boundaries", ""]
    if "accuracy" in r:
        lines += [
            "Labelled clips (python/devtools/src/media_devtools/shots/clips.py), precision/recall/F1; "
            "the pipeline rows are whole runs (s per min: end to end, everything included), "
            "PySceneDetect's its detection alone:",
            "",
            r["accuracy"]["table"],
            "",
        ]
    c = r["cost"]
    verdict = "meets" if c["ratio"] <= 1.1 else "misses"
    lines += [
        "| R60 (60 s 1280x720), default strategy | wall s | CPU s (workers + ffmpeg) |",
        "|---|---|---|",
        f"| pipeline without detection (`detect_shots: false`) | {c['without_seconds']:.2f} | {c['without_cpu_seconds']:.2f} |",
        f"| pipeline with detection (default) | {c['with_seconds']:.2f} | {c['with_cpu_seconds']:.2f} |",
        f"| **with / without** | **{c['ratio']:.2f}** (target <= 1.10: {verdict}) | {c['cpu_ratio']:.2f} |",
        f"| extract stage without / with | {c['extract_without_seconds']:.2f} / {c['extract_with_seconds']:.2f} | |",
        f"| ours: extra CPU per minute of video | | {c['ours_cpu_seconds_per_minute']:.2f} |",
    ]
    for k, v in c["pyscenedetect_seconds_per_minute"].items():
        lines.append(
            f"| PySceneDetect {k}, per minute of video (its own decode) | {v['wall']:.2f} | {v['cpu']:.2f} |"
        )
    return lines


async def main() -> None:
    """Only this section: `python -m media_pipeline.bench.shots` (BENCH_ROUNDS rounds)."""
    from ..devstack.processes import free_port
    from ..devstack.stack import WORKERS, Stack
    from . import __main__ as bench
    from .inputs import reference

    video = reference(bench.ROOT / "inputs", "R60")
    stack = Stack(data=bench.ROOT / "stack", port=free_port(), ui_port=free_port(), headless=True)
    client = await stack.up()
    try:
        store = FileStore(stack.media_root)
        store.put_file(video, "media://bench/R60.mp4")
        b = bench.Bench(client, stack)
        await b.timed({"video_url": "media://bench/R60.mp4"}, "bench-shots-warmup")
        pids = [p for n in WORKERS if (p := stack.supervisor.running(n))]
        r = {"cost": await cost(b, "media://bench/R60.mp4", video, bench.ROUNDS, pids)}
        if not os.environ.get("BENCH_SHOTS_COST_ONLY"):
            r["accuracy"] = await accuracy(b, store, bench.ROOT / "shots")
    finally:
        stack.down()
    print("\n".join(markdown(r)))


if __name__ == "__main__":
    import asyncio

    from media_pipeline.exit import exit_now

    asyncio.run(main())
    exit_now(0)
