"""Analysis summaries: per-group summaries merge into exactly what one pass would give."""

from __future__ import annotations

import random
from typing import Any

import pytest

from media_pipeline.contracts.gen.models import FrameAnalysis, FrameStrategy, Method
from media_pipeline.workflows import plan
from media_pipeline.workflows.summary import combine, scenes, summarize


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


def test_best_frame_is_the_sharpest_non_black_one() -> None:
    analyses = [
        fa(0, 0, sharpness=10),
        fa(1, 3, sharpness=9999, is_black=True),
        fa(2, 6, sharpness=40),
        fa(3, 8, sharpness=40),
    ]
    assert combine([summarize(analyses)], 10).best.index == 2  # ties go to the earliest
    all_black = [fa(0, 0, is_black=True, brightness=3), fa(1, 1, is_black=True, brightness=9)]
    assert combine([summarize(all_black)], 2).best.index == 1


def test_black_segments_end_at_the_next_lit_frame_or_the_end() -> None:
    analyses = [
        fa(0, 0),
        fa(1, 3, is_black=True),
        fa(2, 4, is_black=True),
        fa(3, 5),
        fa(4, 11, is_black=True),
    ]
    segs = combine([summarize(analyses)], 12.0).black_segments
    assert [(s.start_seconds, s.end_seconds) for s in segs] == [(3, 5), (11, 12)]


def test_scene_cuts_from_scores_or_from_hash_jumps() -> None:
    analyses = [fa(0, 0, phash="0" * 16), fa(1, 2, phash="0" * 16), fa(2, 4, phash="f" * 16)]
    combined = combine([summarize(analyses)], 6)
    s = scenes(FrameStrategy.interval, [], combined, 0.3)
    assert (s.method, s.cuts, s.count) == (Method.phash, [4], 2)
    s = scenes(FrameStrategy.scene, [(0, None), (3.0, 0.9), (4.0, 0.1), (5.0, 0.5)], combined, 0.3)
    assert (s.method, s.cuts, s.count) == (Method.ffmpeg_scene, [3.0, 5.0], 3)


@pytest.mark.parametrize("seed", range(25))
def test_groups_merge_to_the_same_figures_as_one_pass(seed: int) -> None:
    rng = random.Random(seed)
    hashes = ["0" * 16, "f" * 16, "0f" * 8, "ff00" * 4]
    colors = ["#ff0000", "#00ff00", "#0000ff"]
    analyses = [
        fa(
            i, i * 0.5,
            is_black=rng.random() < 0.3,
            sharpness=rng.choice([10.0, 20.0, 30.0]),
            brightness=rng.choice([5.0, 50.0, 150.0]),
            phash=rng.choice(hashes),
            dominant_colors=[rng.choice(colors)],
        )
        for i in range(rng.randint(1, 60))
    ]  # fmt: skip
    whole = combine([summarize(analyses)], 40.0)
    size = rng.randint(1, 10)
    parts = combine([summarize(g) for g in plan.chunks(analyses, size)], 40.0)
    assert parts == whole
