"""Shot detection in the benchmark: accuracy on the labelled clips through the real pipeline
(default strategy and scene) beside PySceneDetect's detectors on the same files, and the cost
of each: the pipeline with and without detection on R60, PySceneDetect on R60."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..media.store import MediaStore
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


async def cost(b: Bench, uri: str, video: Path, rounds: int) -> dict[str, Any]:
    """R60 end to end with and without detection (alternating), and PySceneDetect on R60."""
    print("shots: R60 with and without shot detection", flush=True)
    with_s, without_s, extract_with, extract_without = [], [], [], []
    for i in range(rounds):
        t0, r0 = await b.timed({"video_url": uri, "detect_shots": False}, f"bench-noshots-{i}")
        t1, r1 = await b.timed({"video_url": uri}, f"bench-shots-{i}")
        without_s.append(t0)
        with_s.append(t1)
        extract_without.append(r0.timings.extract)
        extract_with.append(r1.timings.extract)
        print(f"  round {i + 1}: without {t0:.2f} s, with {t1:.2f} s", flush=True)
    out: dict[str, Any] = {
        "without_seconds": statistics.median(without_s),
        "with_seconds": statistics.median(with_s),
        "extract_without_seconds": statistics.median(extract_without),
        "extract_with_seconds": statistics.median(extract_with),
    }
    out["ratio"] = out["with_seconds"] / out["without_seconds"]
    out["ours_seconds_per_minute"] = max(0.0, out["with_seconds"] - out["without_seconds"])
    peers: dict[str, float] = {}
    for name, detector in evaluate.detectors().items():
        if name == "ours":
            continue
        began = time.perf_counter()
        detector(video)
        peers[name] = time.perf_counter() - began  # R60 is one minute long
        print(f"  {name} on R60: {peers[name]:.2f} s", flush=True)
    out["pyscenedetect_seconds_per_minute"] = peers
    return out


def markdown(r: dict[str, Any]) -> list[str]:
    lines = ["", "## Shot boundaries", ""]
    if "accuracy" in r:
        lines += [
            "Labelled clips (python/src/media_pipeline/shots/clips.py), precision/recall/F1; "
            "the pipeline rows are whole runs (s per min: end to end, everything included), "
            "PySceneDetect's its detection alone:",
            "",
            r["accuracy"]["table"],
            "",
        ]
    c = r["cost"]
    peers = ", ".join(f"{k} {v:.2f}" for k, v in c["pyscenedetect_seconds_per_minute"].items())
    lines += [
        "| R60 (60 s 1280x720) | seconds |",
        "|---|---|",
        f"| pipeline without detection (`detect_shots: false`) | {c['without_seconds']:.2f} |",
        f"| pipeline with detection (default) | {c['with_seconds']:.2f} |",
        f"| **with / without** | **{c['ratio']:.2f}** (target <= 1.10: {'meets' if c['ratio'] <= 1.1 else 'misses'}) |",
        f"| extract stage without / with | {c['extract_without_seconds']:.2f} / {c['extract_with_seconds']:.2f} |",
        f"| our detection, s per minute of video (end-to-end difference) | {c['ours_seconds_per_minute']:.2f} |",
        f"| PySceneDetect, s per minute of video (a decode of its own each) | {peers or 'not installed'} |",
    ]
    return lines
