"""Precision, recall and F1 of shot boundaries against the labelled clips (clips.py).

A detected boundary matches a true one, one to one: a cut within CUT_TOLERANCE seconds of
the cut; a gradual transition when the detected time lies in its window (widened by the same
tolerance, since PySceneDetect reports one instant and ours the middle of a span).

    python -m media_devtools.shots.evaluate [DIR]    # ours and PySceneDetect, per clip and overall
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from media_pipeline.shots import series
from media_pipeline.shots.detect import detect

from . import clips

CUT_TOLERANCE = 0.5


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int
    kinds_right: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, o: Score) -> Score:
        return Score(
            self.tp + o.tp, self.fp + o.fp, self.fn + o.fn, self.kinds_right + o.kinds_right
        )


def matches(t: clips.Truth, at: float) -> float | None:
    """How far `at` lies from the truth (None: no match)."""
    if t.kind == "cut":
        d = abs(at - t.start_seconds)
        return d if d <= CUT_TOLERANCE else None
    if t.start_seconds - CUT_TOLERANCE <= at <= t.end_seconds + CUT_TOLERANCE:
        return abs(at - (t.start_seconds + t.end_seconds) / 2)
    return None


def score(truth: Sequence[clips.Truth], found: Sequence[tuple[float, str | None]]) -> Score:
    """`found`: (time, kind or None) per detected boundary."""
    pairs = sorted(
        (d, ti, fi)
        for ti, t in enumerate(truth)
        for fi, (at, _) in enumerate(found)
        if (d := matches(t, at)) is not None
    )
    used_t: set[int] = set()
    used_f: set[int] = set()
    kinds = 0
    for _, ti, fi in pairs:
        if ti in used_t or fi in used_f:
            continue
        used_t.add(ti)
        used_f.add(fi)
        kinds += found[fi][1] == truth[ti].kind
    tp = len(used_t)
    return Score(tp, len(found) - tp, len(truth) - tp, kinds)


Detector = Callable[[Path], list[tuple[float, str | None]]]


def ours(path: Path) -> list[tuple[float, str | None]]:
    return [(b.time_seconds, b.kind) for b in detect(series.from_video(path))]


def pyscenedetect(name: str) -> Detector:
    """A PySceneDetect detector (bench/dev dependency) by class name, default settings."""

    def run(path: Path) -> list[tuple[float, str | None]]:
        import scenedetect  # type: ignore[import-untyped]

        video = scenedetect.open_video(str(path), backend="opencv")
        manager = scenedetect.SceneManager()
        manager.add_detector(getattr(scenedetect.detectors, name)())
        manager.detect_scenes(video, show_progress=False)
        return [(s[0].get_seconds(), None) for s in manager.get_scene_list()[1:]]

    return run


def detectors() -> dict[str, Detector]:
    out: dict[str, Detector] = {"ours": ours}
    try:
        import scenedetect  # noqa: F401
    except ImportError:
        return out
    for name in ("HistogramDetector", "ContentDetector", "AdaptiveDetector", "HashDetector"):
        out[f"psd-{name.removesuffix('Detector').lower()}"] = pyscenedetect(name)
    return out


@dataclass(frozen=True)
class Run:
    scores: dict[str, Score]  # per clip
    found: dict[str, list[tuple[float, str | None]]]
    seconds: float  # wall time over all clips
    video_seconds: float

    @property
    def total(self) -> Score:
        return sum(self.scores.values(), Score(0, 0, 0))


def evaluate(paths: dict[str, Path], detector: Detector) -> Run:
    scores: dict[str, Score] = {}
    found: dict[str, list[tuple[float, str | None]]] = {}
    began = time.perf_counter()
    for name, path in paths.items():
        found[name] = detector(path)
    elapsed = time.perf_counter() - began
    video = 0.0
    for name, path in paths.items():
        truth = clips.load_truth(path)
        scores[name] = score(truth, found[name])
        video += clips.duration(clips.CLIPS[name])
    return Run(scores, found, elapsed, video)


def table(runs: dict[str, Run]) -> str:
    names = list(next(iter(runs.values())).scores)
    head = "| clip | " + " | ".join(f"{d} P/R/F1" for d in runs) + " |"
    lines = [head, "|---" * (len(runs) + 1) + "|"]
    for clip in [*names, "overall"]:
        cells = []
        for run in runs.values():
            s = run.total if clip == "overall" else run.scores[clip]
            cells.append(f"{s.precision:.2f}/{s.recall:.2f}/**{s.f1:.2f}**")
        lines.append(f"| {clip} | " + " | ".join(cells) + " |")
    cost = [f"{60 * r.seconds / r.video_seconds:.2f}" for r in runs.values()]
    lines.append("| s per min of video | " + " | ".join(cost) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else Path(".data/shots/clips")
    paths = clips.build(directory)
    runs = {name: evaluate(paths, d) for name, d in detectors().items()}
    print(table(runs))
    for clip in paths:
        print(
            f"{clip}: truth {[(t.kind, t.start_seconds, t.end_seconds) for t in clips.load_truth(paths[clip])]}"
        )
        for name, run in runs.items():
            print(f"  {name:16} {[(round(t, 2), k) for t, k in run.found[clip]]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
