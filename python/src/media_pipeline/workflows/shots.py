"""Shots in the workflow: detect_shots on the series extract_frames wrote, then scenes (with a
representative frame each) and the poster's scene. Pure functions but `detect`."""

from __future__ import annotations

from collections.abc import Sequence

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from ..contracts.gen import models as m
    from ..contracts.gen import registry as r
    from .calls import call


async def detect(series: list[m.MediaRef], duration: float) -> list[m.ShotBoundary]:
    out = await call(
        r.DETECT_SHOTS,
        m.DetectShotsInput(series=series, duration_seconds=duration),
        m.DetectShotsOutput,
    )
    return out.boundaries


def _inside(t: float, boundaries: Sequence[m.ShotBoundary]) -> bool:
    """t lies in a gradual transition (between its outgoing and incoming shots)."""
    return any(b.start_seconds < t < b.end_seconds for b in boundaries)


def outside_transitions(
    frames: Sequence[m.FrameRef], boundaries: Sequence[m.ShotBoundary]
) -> list[m.FrameRef]:
    """The frames that show one shot: none from inside a dissolve or fade (all of them when
    every frame is inside one)."""
    kept = [f for f in frames if not _inside(f.timestamp_seconds, boundaries)]
    return kept or list(frames)


def scene_list(
    boundaries: Sequence[m.ShotBoundary], frames: Sequence[m.FrameRef], duration: float
) -> list[m.Scene]:
    """The scenes between boundaries, each with the extracted frame nearest its middle that is
    not inside a transition (None when no extracted frame falls in the scene)."""
    edges = [0.0]
    for b in boundaries:
        edges += [b.start_seconds, b.end_seconds]
    edges.append(max(duration, edges[-1]))
    out: list[m.Scene] = []
    for i in range(len(edges) // 2):
        start, end = edges[2 * i], edges[2 * i + 1]
        mid = (start + end) / 2
        inside = [
            f
            for f in frames
            if start <= f.timestamp_seconds < max(end, start + 1e-9)
            and not _inside(f.timestamp_seconds, boundaries)
        ]
        best = min(inside, key=lambda f: (abs(f.timestamp_seconds - mid), f.index), default=None)
        out.append(
            m.Scene(
                index=i,
                start_seconds=start,
                end_seconds=end,
                frame_index=best.index if best else None,
            )
        )
    return out


def summary(
    boundaries: Sequence[m.ShotBoundary], frames: Sequence[m.FrameRef], duration: float
) -> m.SceneSummary:
    scenes = scene_list(boundaries, frames, duration)
    return m.SceneSummary(
        method=m.Method.shots,
        cuts=[b.time_seconds for b in boundaries],
        count=len(scenes),
        boundaries=list(boundaries),
        scenes=scenes,
    )


def poster_index(
    best: m.FrameAnalysis, boundaries: Sequence[m.ShotBoundary], scenes: Sequence[m.Scene]
) -> int:
    """The poster comes from inside a scene: the analysis' best frame, unless it lies in a
    transition (a blend of two shots, or a fade); then the longest scene's representative."""
    if not _inside(best.timestamp_seconds, boundaries):
        return best.index
    framed = [s for s in scenes if s.frame_index is not None]
    if not framed:
        return best.index
    longest = max(framed, key=lambda s: (s.end_seconds - s.start_seconds, -s.index))
    assert longest.frame_index is not None
    return longest.frame_index
