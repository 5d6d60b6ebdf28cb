"""The workflow's pure planning functions."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from media_pipeline.contracts.gen.models import FrameAnalysis, FrameRef, FrameStrategy, Method
from media_pipeline.workflows import plan
from media_pipeline.workflows.options import Options


def fref(t: float, score: float | None = None) -> FrameRef:
    image = {
        "uri": f"media://r/frames/t{int(t * 1000):09d}.jpg",
        "sha256": "0" * 64,
        "size_bytes": 1,
        "content_type": "image/jpeg",
    }
    return FrameRef.model_validate(
        {
            "index": 0,
            "timestamp_seconds": t,
            "width": 4,
            "height": 2,
            "image": image,
            "scene_score": score,
        }
    )


def fa(i: int, t: float, **kw: Any) -> FrameAnalysis:
    base = {
        "brightness": 100.0,
        "contrast": 30.0,
        "sharpness": 50.0,
        "is_black": False,
        "dominant_colors": ["#808080"],
        "phash": "0" * 16,
    }
    return FrameAnalysis.model_validate({"index": i, "timestamp_seconds": t, **base, **kw})


def test_interval_segments_sit_on_the_grid_and_cover_everything() -> None:
    parts = plan.segments(60.0, FrameStrategy.interval, 2.0, 0)
    assert len(parts) == 3
    assert parts[0].start_seconds == 0 and parts[-1].end_seconds == 60.0
    for a, b in itertools.pairwise(parts):
        assert a.end_seconds == b.start_seconds
        assert b.start_seconds % 2.0 == 0
    assert plan.segments(61.0, FrameStrategy.keyframes, 2.0, 0) == [
        plan.TimeRange(start_seconds=0, end_seconds=61.0)
    ]
    assert len(plan.segments(10.0, FrameStrategy.scene, 2.0, 4)) == 4


def test_merge_orders_dedupes_reindexes_and_caps() -> None:
    frames, truncated = plan.merge_frames([[fref(4), fref(6)], [fref(0), fref(2), fref(4)]], 3)
    assert [f.timestamp_seconds for f in frames] == [0, 2, 4]
    assert [f.index for f in frames] == [0, 1, 2]
    assert truncated
    assert plan.merge_frames([[fref(1)]], 3) == ([fref(1)], False)


def test_best_frame_is_the_sharpest_non_black_one() -> None:
    analyses = [
        fa(0, 0, sharpness=10),
        fa(1, 3, sharpness=9999, is_black=True),
        fa(2, 6, sharpness=40),
        fa(3, 8, sharpness=40),
    ]
    assert plan.best_frame(analyses).index == 2  # ties go to the earliest
    all_black = [fa(0, 0, is_black=True, brightness=3), fa(1, 1, is_black=True, brightness=9)]
    assert plan.best_frame(all_black).index == 1


def test_black_segments_end_at_the_next_lit_frame_or_the_end() -> None:
    analyses = [
        fa(0, 0),
        fa(1, 3, is_black=True),
        fa(2, 4, is_black=True),
        fa(3, 5),
        fa(4, 11, is_black=True),
    ]
    segs = plan.black_segments(analyses, 12.0)
    assert [(s.start_seconds, s.end_seconds) for s in segs] == [(3, 5), (11, 12)]


def test_scene_cuts_from_scores_or_from_hash_jumps() -> None:
    frames = [fref(0), fref(3.0, 0.9), fref(4.0, 0.1), fref(5.0, 0.5)]
    s = plan.scenes(FrameStrategy.scene, frames, [], 0.3)
    assert (s.method, s.cuts, s.count) == (Method.ffmpeg_scene, [3.0, 5.0], 3)
    analyses = [fa(0, 0, phash="0" * 16), fa(1, 2, phash="0" * 16), fa(2, 4, phash="f" * 16)]
    s = plan.scenes(FrameStrategy.interval, [], analyses, 0.3)
    assert (s.method, s.cuts, s.count) == (Method.phash, [4], 2)


@pytest.mark.parametrize(
    "raw", [{"video_url": "http://x/a.mp4"}, {"video_url": "http://x/a.mp4", "max_frames": 7}]
)
def test_defaults_apply_only_where_the_request_is_silent(raw: dict[str, Any]) -> None:
    from media_pipeline.contracts.gen.models import PipelineRequest

    opts = Options.of(PipelineRequest.model_validate(raw))
    assert opts.strategy == FrameStrategy.interval
    assert opts.max_frames == raw.get("max_frames", 300)
    assert opts.thumbnail_sizes == (320, 640, 1280)
