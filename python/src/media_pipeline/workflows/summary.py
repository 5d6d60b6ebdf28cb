"""Analysis summaries: what a group of consecutive frames contributes to the result.

A group is summarised where it is analysed (in the workflow or in a child workflow); the
parent merges the summaries of neighbouring groups exactly, so a long video never needs every
frame's analysis in one history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..contracts.gen.models import (
    AnalysisSummary,
    BlackRun,
    ColorCount,
    Face,
    FrameAnalysis,
    FrameStrategy,
    Method,
    SceneSummary,
    TextLine,
    TextSeen,
    TimeRange,
)

# Perceptual-hash distance (of 64 bits) between consecutive frames that counts as a cut.
PHASH_CUT_BITS = 22
TOP_COLORS = 5
# A face frame wins the poster only when it is at least this sharp (variance of the Laplacian):
# a blurred face is a worse poster than a sharp frame without one.
FACE_POSTER_SHARPNESS = 20.0


def faces(a: FrameAnalysis) -> list[Face]:
    # Absent (MISSING, which is truthy) when the detector did not run.
    return a.faces if isinstance(a.faces, list) else []


def texts(a: FrameAnalysis) -> list[TextLine]:
    return a.texts if isinstance(a.texts, list) else []


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def better(a: FrameAnalysis, b: FrameAnalysis) -> FrameAnalysis:
    """The better poster source: lit beats black; then a sharp frame with a face; then sharper
    (lit) or brighter (black); then earlier."""

    def key(x: FrameAnalysis) -> tuple[bool, bool, float, float]:
        face = bool(faces(x)) and x.sharpness >= FACE_POSTER_SHARPNESS
        return (
            not x.is_black,
            face and not x.is_black,
            x.brightness if x.is_black else x.sharpness,
            -x.timestamp_seconds,
        )

    return a if key(a) >= key(b) else b


def merge_texts(into: dict[str, TextSeen], seen: Sequence[TextSeen]) -> None:
    """Add later sightings (time order) to an index kept in order of first appearance."""
    for t in seen:
        old = into.get(t.text)
        into[t.text] = (
            t
            if old is None
            else TextSeen(
                text=t.text,
                first_seconds=min(old.first_seconds, t.first_seconds),
                last_seconds=max(old.last_seconds, t.last_seconds),
                frames=old.frames + t.frames,
            )
        )


def frame_texts(a: FrameAnalysis) -> list[TextSeen]:
    t = a.timestamp_seconds
    distinct = dict.fromkeys(line.text for line in texts(a))
    return [TextSeen(text=s, first_seconds=t, last_seconds=t, frames=1) for s in distinct]


def summarize(analyses: Sequence[FrameAnalysis]) -> AnalysisSummary:
    """Summary of consecutive analyses (time order)."""
    best = analyses[0]
    runs: list[BlackRun] = []
    start: float | None = None
    cuts: list[float] = []
    colors: Counter[str] = Counter()
    texts: dict[str, TextSeen] = {}
    for i, a in enumerate(analyses):
        best = better(best, a)
        merge_texts(texts, frame_texts(a))
        if a.is_black and start is None:
            start = a.timestamp_seconds
        elif not a.is_black and start is not None:
            runs.append(BlackRun(start_seconds=start, end_seconds=a.timestamp_seconds))
            start = None
        if i and distance(analyses[i - 1].phash, a.phash) >= PHASH_CUT_BITS:
            cuts.append(a.timestamp_seconds)
        if not a.is_black:
            colors.update(a.dominant_colors[:1])
    if start is not None:
        runs.append(BlackRun(start_seconds=start, end_seconds=None))
    return AnalysisSummary(
        frames=len(analyses),
        black_frames=sum(a.is_black for a in analyses),
        brightness_sum=sum(a.brightness for a in analyses),
        sharpness_sum=sum(a.sharpness for a in analyses),
        best=best,
        first=analyses[0],
        last=analyses[-1],
        black_runs=runs,
        phash_cuts=cuts,
        colors=[
            ColorCount(color=c, count=n)
            for c, n in sorted(colors.items(), key=lambda x: (-x[1], x[0]))
        ],
        face_frames=sum(bool(faces(a)) for a in analyses),
        max_faces=max(len(faces(a)) for a in analyses),
        texts=list(texts.values()),
    )


@dataclass(frozen=True)
class Combined:
    frames: int
    black_frames: int
    mean_brightness: float
    mean_sharpness: float
    best: FrameAnalysis
    black_segments: list[TimeRange]
    phash_cuts: list[float]
    dominant_colors: list[str]
    face_frames: int
    max_faces: int
    texts: list[TextSeen]


def combine(parts: Sequence[AnalysisSummary], duration: float) -> Combined:
    """Merge the summaries of consecutive groups (in time order) into the video's figures."""
    frames = sum(p.frames for p in parts)
    best = parts[0].best
    segments: list[TimeRange] = []
    open_start: float | None = None
    cuts: list[float] = []
    colors: Counter[str] = Counter()
    texts: dict[str, TextSeen] = {}
    for i, part in enumerate(parts):
        best = better(best, part.best)
        merge_texts(texts, part.texts if isinstance(part.texts, list) else [])
        if i and distance(parts[i - 1].last.phash, part.first.phash) >= PHASH_CUT_BITS:
            cuts.append(part.first.timestamp_seconds)
        cuts.extend(part.phash_cuts)
        colors.update({c.color: c.count for c in part.colors})
        if open_start is not None and not part.first.is_black:
            segments.append(
                TimeRange(start_seconds=open_start, end_seconds=part.first.timestamp_seconds)
            )
            open_start = None
        for run in part.black_runs:
            start = open_start if open_start is not None else run.start_seconds
            open_start = None
            if run.end_seconds is None:
                open_start = start
            else:
                segments.append(TimeRange(start_seconds=start, end_seconds=run.end_seconds))
    if open_start is not None:
        segments.append(TimeRange(start_seconds=open_start, end_seconds=max(duration, open_start)))
    ranked = sorted(colors.items(), key=lambda x: (-x[1], x[0]))
    return Combined(
        frames=frames,
        black_frames=sum(p.black_frames for p in parts),
        mean_brightness=sum(p.brightness_sum for p in parts) / frames,
        mean_sharpness=sum(p.sharpness_sum for p in parts) / frames,
        best=best,
        black_segments=segments,
        phash_cuts=cuts,
        dominant_colors=[c for c, _ in ranked[:TOP_COLORS]],
        # Absent (MISSING) in summaries of groups analysed before content analysis.
        face_frames=sum(p.face_frames if isinstance(p.face_frames, int) else 0 for p in parts),
        max_faces=max(p.max_faces if isinstance(p.max_faces, int) else 0 for p in parts),
        texts=list(texts.values()),
    )


def scenes(
    strategy: FrameStrategy,
    scene_scores: Sequence[tuple[float, float | None]],
    combined: Combined,
    threshold: float,
) -> SceneSummary:
    """Scene cuts: ffmpeg's scene scores when it computed them, else perceptual-hash jumps."""
    if strategy == FrameStrategy.scene:
        cuts = [t for t, score in scene_scores if score is not None and score > threshold and t > 0]
        return SceneSummary(method=Method.ffmpeg_scene, cuts=cuts, count=len(cuts) + 1)
    return SceneSummary(
        method=Method.phash, cuts=combined.phash_cuts, count=len(combined.phash_cuts) + 1
    )
