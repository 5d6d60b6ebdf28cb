"""Pure planning and summarising functions of the workflow: deterministic, no I/O.

Kept out of the workflow class so they can be unit-tested directly.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence

from ..contracts.gen.models import (
    FrameAnalysis,
    FrameRef,
    FrameStrategy,
    Method,
    SceneSummary,
    TimeRange,
)

# Seconds of video per extraction segment when the request does not choose.
SECONDS_PER_SEGMENT = 20.0
MAX_AUTO_SEGMENTS = 4
# Perceptual-hash distance (of 64 bits) between consecutive frames that counts as a cut.
PHASH_CUT_BITS = 22


def segments(
    duration: float, strategy: FrameStrategy, interval: float, requested: int
) -> list[TimeRange]:
    """Split [0, duration) into segments extracted in parallel.

    Keyframe extraction does not decode, so one pass is already cheap. Interval boundaries
    sit on the frame grid, so each grid time belongs to exactly one segment.
    """
    if duration <= 0 or strategy == FrameStrategy.keyframes:
        return [TimeRange(start_seconds=0.0, end_seconds=max(duration, 0.0))]
    count = requested or min(MAX_AUTO_SEGMENTS, max(1, math.ceil(duration / SECONDS_PER_SEGMENT)))
    bounds = [duration * i / count for i in range(count + 1)]
    if strategy == FrameStrategy.interval:
        bounds = [round(b / interval) * interval for b in bounds[:-1]] + [duration]
    cuts = sorted(set(round(b, 6) for b in bounds))
    return [TimeRange(start_seconds=a, end_seconds=b) for a, b in itertools.pairwise(cuts) if b > a]


def merge_frames(
    parts: Sequence[Sequence[FrameRef]], max_frames: int
) -> tuple[list[FrameRef], bool]:
    """Frames of all segments in time order, re-indexed, capped at max_frames."""
    seen: dict[str, FrameRef] = {}
    for part in parts:
        for frame in part:
            seen.setdefault(frame.image.uri, frame)
    ordered = sorted(seen.values(), key=lambda f: f.timestamp_seconds)
    capped = ordered[:max_frames]
    return [f.model_copy(update={"index": i}) for i, f in enumerate(capped)], len(
        ordered
    ) > max_frames


def batches(frames: Sequence[FrameRef], size: int) -> list[list[FrameRef]]:
    return [list(frames[i : i + size]) for i in range(0, len(frames), size)]


def best_frame(analyses: Sequence[FrameAnalysis]) -> FrameAnalysis:
    """Sharpest frame that is not black; the brightest one if every frame is black."""
    lit = [a for a in analyses if not a.is_black]
    if lit:
        return max(lit, key=lambda a: (a.sharpness, -a.timestamp_seconds))
    return max(analyses, key=lambda a: (a.brightness, -a.timestamp_seconds))


def black_segments(analyses: Sequence[FrameAnalysis], duration: float) -> list[TimeRange]:
    """Runs of consecutive black frames, each ending where the next non-black frame starts."""
    out: list[TimeRange] = []
    start: float | None = None
    for a in analyses:
        if a.is_black and start is None:
            start = a.timestamp_seconds
        elif not a.is_black and start is not None:
            out.append(TimeRange(start_seconds=start, end_seconds=a.timestamp_seconds))
            start = None
    if start is not None:
        out.append(TimeRange(start_seconds=start, end_seconds=max(duration, start)))
    return out


def scenes(
    strategy: FrameStrategy,
    frames: Sequence[FrameRef],
    analyses: Sequence[FrameAnalysis],
    threshold: float,
) -> SceneSummary:
    """Scene cuts: ffmpeg's scene scores when it computed them, else perceptual-hash jumps."""
    if strategy == FrameStrategy.scene:
        cuts = [
            f.timestamp_seconds
            for f in frames
            if f.scene_score is not None and f.scene_score > threshold and f.timestamp_seconds > 0
        ]
        return SceneSummary(method=Method.ffmpeg_scene, cuts=cuts, count=len(cuts) + 1)
    cuts = [
        b.timestamp_seconds
        for a, b in itertools.pairwise(analyses)
        if _distance(a.phash, b.phash) >= PHASH_CUT_BITS
    ]
    return SceneSummary(method=Method.phash, cuts=cuts, count=len(cuts) + 1)


def _distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def dominant_colors(analyses: Sequence[FrameAnalysis], count: int = 5) -> list[str]:
    """Colours that dominate most non-black frames, most common first."""
    tally: Counter[str] = Counter()
    for a in analyses:
        if not a.is_black:
            tally.update(a.dominant_colors[:1])
    return [color for color, _ in tally.most_common(count)]
