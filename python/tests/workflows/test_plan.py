"""The workflows' pure planning functions."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from media_pipeline.contracts.gen.models import FrameRef, FrameStrategy, PipelineRequest
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


def test_interval_segments_sit_on_the_grid_and_cover_everything() -> None:
    parts = plan.segments(60.0, FrameStrategy.interval, 2.0, 300)
    assert len(parts) == 2
    assert parts[0].start_seconds == 0 and parts[-1].end_seconds == 60.0
    for a, b in itertools.pairwise(parts):
        assert a.end_seconds == b.start_seconds and b.start_seconds % 2.0 == 0
    assert len(plan.segments(10.0, FrameStrategy.scene, 2.0, 300, requested=4)) == 4
    assert len(plan.segments(12.0, FrameStrategy.interval, 2.0, 300)) == 1


def test_long_videos_get_segments_small_enough_for_one_payload() -> None:
    two_hours = 7200.0
    parts = plan.segments(two_hours, FrameStrategy.interval, 2.0, 3600)
    per_segment = [(p.end_seconds - p.start_seconds) / 2.0 for p in parts]
    assert max(per_segment) <= plan.FRAMES_PER_SEGMENT
    assert parts[-1].end_seconds == two_hours
    sparse = plan.segments(two_hours, FrameStrategy.keyframes, 2.0, 20000)
    assert max(p.end_seconds - p.start_seconds for p in sparse) <= plan.SPARSE_SEGMENT_SECONDS


def test_interval_extraction_stops_where_max_frames_ends() -> None:
    parts = plan.segments(7200.0, FrameStrategy.interval, 2.0, 300)
    assert parts[-1].end_seconds == 600.0  # 300 frames every 2 s: the rest would be thrown away


def test_merge_orders_dedupes_reindexes_and_caps() -> None:
    frames, truncated = plan.merge_frames([[fref(4), fref(6)], [fref(0), fref(2), fref(4)]], 3)
    assert [f.timestamp_seconds for f in frames] == [0, 2, 4]
    assert [f.index for f in frames] == [0, 1, 2]
    assert truncated
    assert plan.merge_frames([[fref(1)]], 3) == ([fref(1)], False)


def test_storyboard_tiles_are_capped_and_spread_over_the_video() -> None:
    frames = [fref(float(t)) for t in range(1000)]
    chosen = plan.storyboard_frames(frames, 400)
    assert len(chosen) == 400 and chosen[0] is frames[0]
    assert chosen[-1].timestamp_seconds >= 990
    assert plan.storyboard_frames(frames[:5], 400) == frames[:5]


@pytest.mark.parametrize(
    "raw", [{"video_url": "http://x/a.mp4"}, {"video_url": "http://x/a.mp4", "max_frames": 7}]
)
def test_defaults_apply_only_where_the_request_is_silent(raw: dict[str, Any]) -> None:
    opts = Options.of(PipelineRequest.model_validate(raw))
    assert opts.strategy == FrameStrategy.interval
    assert opts.max_frames == raw.get("max_frames", 300)
    assert opts.thumbnail_sizes == (320, 640, 1280)
    assert opts.child_workflow_frames == 720


def test_keyframes_with_the_shot_series_decode_in_parallel_segments() -> None:
    assert len(plan.segments(60.0, FrameStrategy.keyframes, 2.0, 300)) == 1
    assert len(plan.segments(60.0, FrameStrategy.keyframes, 2.0, 300, decode_all=True)) == 2


@pytest.mark.parametrize(
    ("starts", "duration", "want"),
    [
        # Four scenes in 8 s: one clip at each scene start, nothing added between them.
        ([0.0, 2.0, 4.0, 6.0], 8.0, [0.0, 2.0, 4.0, 6.0]),
        # One scene: evenly spread clips fill the preview.
        ([0.0], 12.0, [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
        # Many scenes: thinned evenly to six, the first kept.
        ([i * 0.5 for i in range(100)], 50.0, [0.0, 8.0, 16.0, 25.0, 33.0, 41.0]),
        # Shorter than a clip: one clip from the start.
        ([0.0, 0.5], 0.8, [0.0]),
        # A start too close to the end moves back so its clip ends inside the video.
        ([0.0, 2.0, 11.7], 12.0, [0.0, 2.0, 4.0, 6.0, 8.0, 11.0]),
    ],
)
def test_preview_clips_start_at_scenes_without_overlap(
    starts: list[float], duration: float, want: list[float]
) -> None:
    got = plan.preview_times(starts, duration, 6, 1.0)
    assert got == want
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(got))
    assert all(0.0 <= t <= max(0.0, duration - 1.0) for t in got)
