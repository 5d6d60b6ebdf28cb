"""Pure planning functions of the workflows: deterministic, no I/O, unit-tested directly."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TypeVar

from ..contracts.gen.models import FrameRef, FrameStrategy, TimeRange

T = TypeVar("T")

# Payload budget: a frame reference is ~280 bytes of JSON, and no payload should pass 256 KiB.
FRAMES_PER_SEGMENT = 480  # interval strategy: frames one extract_frames call is sized for
SEGMENT_FRAME_CAP = 600  # any strategy: most frames one call may return (~170 KB)
SPARSE_SEGMENT_SECONDS = 300.0  # keyframes and scene: their frame counts are unknown upfront
MAX_STORYBOARD_TILES = 400  # tiles of one storyboard (~115 KB of references)
# Time-parallel extraction pays a keyframe pre-roll per segment; on a 2-core worker two
# segments are the most that still help (see the benchmark).
SECONDS_PER_SEGMENT = 30.0
MAX_AUTO_SEGMENTS = 2


def span(duration: float, strategy: FrameStrategy, interval: float, max_frames: int) -> float:
    """Seconds of video that can contribute frames: interval sampling stops at max_frames."""
    if strategy == FrameStrategy.interval:
        return min(duration, max_frames * interval)
    return duration


def segments(
    duration: float,
    strategy: FrameStrategy,
    interval: float,
    max_frames: int,
    requested: int = 0,
    decode_all: bool = False,
) -> list[TimeRange]:
    """Split the useful part of [0, duration) into segments extracted in parallel.

    Interval boundaries sit on the frame grid, so each grid time belongs to exactly one
    segment. Long videos get more segments so that every call returns a bounded payload.
    `decode_all`: every frame is decoded (the shot series), so keyframes gain from parallel
    segments like the other strategies.
    """
    end = span(duration, strategy, interval, max_frames)
    if end <= 0:
        return [TimeRange(start_seconds=0.0, end_seconds=max(duration, 0.0))]
    if strategy == FrameStrategy.interval:
        needed = math.ceil(min(max_frames, end / interval) / FRAMES_PER_SEGMENT)
    else:
        needed = math.ceil(end / SPARSE_SEGMENT_SECONDS)
    parallel = min(MAX_AUTO_SEGMENTS, max(1, math.ceil(end / SECONDS_PER_SEGMENT)))
    if strategy == FrameStrategy.keyframes and not decode_all:
        parallel = 1  # no full decode (no shot series): one pass is already cheap
    count = max(needed, requested or parallel, 1)
    bounds = [end * i / count for i in range(count)]
    if strategy == FrameStrategy.interval:
        bounds = [round(b / interval) * interval for b in bounds]
    cuts = sorted({round(b, 6) for b in bounds} | {round(end, 6)})
    return [TimeRange(start_seconds=a, end_seconds=b) for a, b in itertools.pairwise(cuts)]


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
    reindexed = [f.model_copy(update={"index": i}) for i, f in enumerate(capped)]
    return reindexed, len(ordered) > max_frames


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def storyboard_frames(
    frames: Sequence[FrameRef], limit: int = MAX_STORYBOARD_TILES
) -> list[FrameRef]:
    """At most `limit` frames, evenly spread over the video, always including the first."""
    if len(frames) <= limit:
        return list(frames)
    step = len(frames) / limit
    return [frames[int(i * step)] for i in range(limit)]


def preview_times(starts: Sequence[float], duration: float, clips: int, clip: float) -> list[float]:
    """Where the preview's clips start: the scene starts, evenly thinned to `clips`; with fewer
    scenes than clips, evenly spaced times fill in. Clips end inside the video when it is long
    enough, and never overlap."""
    last = max(0.0, duration - clip)

    def spaced(ts: Sequence[float]) -> list[float]:
        out: list[float] = []
        for t in sorted({round(float(min(max(0.0, t), last)), 3) for t in ts}):
            if not out or t - out[-1] >= clip:
                out.append(t)
        return out

    times = spaced(starts)
    if len(times) < clips:
        even = [round(float(min(duration * i / clips, last)), 3) for i in range(clips)]
        for e in even:
            if len(times) < clips and all(abs(e - t) >= clip for t in times):
                times.append(e)
        times.sort()
    if len(times) <= clips:
        return times
    step = len(times) / clips
    return [times[int(i * step)] for i in range(clips)]
