"""Shot-boundary detection on the labelled clip set (media_devtools/shots/clips.py), against
its ground truth and against PySceneDetect on the same clips; plus the pure parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_devtools.shots import clips, evaluate

from media_pipeline.contracts.gen import models as m
from media_pipeline.shots import series
from media_pipeline.shots.detect import detect
from media_pipeline.workflows import shots

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def clip_paths() -> dict[str, Path]:
    return clips.build(REPO / ".data" / "shots" / "clips")


@pytest.fixture(scope="module")
def ours(clip_paths: dict[str, Path]) -> evaluate.Run:
    return evaluate.evaluate(clip_paths, evaluate.ours)


def test_features_vector() -> None:
    """The same synthetic frame as go-worker's TestSeriesFeaturesVector, the same row."""
    frame = bytes((i * 37 + (i // 64) * 11) % 256 for i in range(series.FRAME_BYTES))
    assert series.features(1234, frame) == [
        1234,
        *[139, 150, 139, 145, 145, 141, 150, 139, 149, 139, 147, 142, 143, 146, 140, 150],
        *[76, 76, 72, 68, 69, 69, 71, 75, 68, 69, 70, 74, 77, 75, 73, 70],
        *[118, 127, 134, 133, 136, 128, 121, 121, 119, 124, 130, 135, 133, 133, 126, 118],
    ]


def test_truth_of_a_timeline() -> None:
    truth = clips.truth(clips.CLIPS["issue17"])
    assert [(t.kind, t.start_seconds, t.end_seconds) for t in truth] == [
        ("cut", 4.0, 4.0),
        ("dissolve", 8.0, 9.0),
        ("cut", 12.0, 12.0),
        ("fade", 16.0, 17.0),
    ]
    assert clips.duration(clips.CLIPS["issue17"]) == 20.0


def test_scoring() -> None:
    truth = [clips.Truth("cut", 4.0, 4.0), clips.Truth("dissolve", 8.0, 9.0)]
    s = evaluate.score(truth, [(4.3, "cut"), (8.96, None), (12.0, "cut")])
    assert (s.tp, s.fp, s.fn, s.kinds_right) == (2, 1, 0, 1)
    assert evaluate.score(truth, [(4.6, "cut")]).tp == 0
    assert evaluate.score([], []).f1 == 1.0


def test_issue17_clip_gives_four_boundaries_of_the_right_kinds(ours: evaluate.Run) -> None:
    found = ours.found["issue17"]
    assert [k for _, k in found] == ["cut", "dissolve", "cut", "fade"], found
    assert ours.scores["issue17"].f1 == 1.0


def test_a_continuous_moving_shot_has_no_boundary(ours: evaluate.Run) -> None:
    assert ours.found["moving20"] == []


def test_every_clip(ours: evaluate.Run) -> None:
    print("\n" + evaluate.table({"ours": ours}))
    for name, s in ours.scores.items():
        assert s.f1 == 1.0, (name, ours.found[name])
    total = ours.total
    assert total.kinds_right == total.tp, "every boundary found has the right kind"


def test_at_least_as_good_as_pyscenedetect(clip_paths: dict[str, Path], ours: evaluate.Run) -> None:
    peers = {k: d for k, d in evaluate.detectors().items() if k != "ours"}
    if not peers:
        pytest.skip("PySceneDetect is not installed (a dev dependency)")
    runs = {"ours": ours} | {k: evaluate.evaluate(clip_paths, d) for k, d in peers.items()}
    print("\n" + evaluate.table(runs))
    best = max(r.total.f1 for k, r in runs.items() if k != "ours")
    assert ours.total.f1 >= best


def test_series_merge_and_parse() -> None:
    row = [0] + [1] * (series.ROW - 1)
    a = [[0, *row[1:]], [40, *row[1:]]]
    b = [[40, *row[1:]], [80, *row[1:]]]
    assert [f[0] for f in series.merge([b, a])] == [0, 40, 80]
    doc = series.doc(a, (0.0, 2.0))
    import json

    assert series.parse(json.dumps(doc)) == a
    with pytest.raises(ValueError):
        series.parse(json.dumps({**doc, "frames": [[0, 1.5]]}))
    assert detect([]) == [] and detect(a) == []


def frame(i: int, t: float) -> m.FrameRef:
    sha = "0" * 64
    return m.FrameRef(
        index=i,
        timestamp_seconds=t,
        width=64,
        height=36,
        image=m.MediaRef(
            uri=f"media://f/{i}.jpg", sha256=sha, size_bytes=1, content_type="image/jpeg"
        ),
        scene_score=None,
    )


def boundary(kind: str, a: float, b: float) -> m.ShotBoundary:
    return m.ShotBoundary(
        kind=m.Kind(kind), start_seconds=a, end_seconds=b, time_seconds=(a + b) / 2, confidence=1.0
    )


def test_scenes_and_their_frames() -> None:
    frames = [frame(i, 2.0 * i) for i in range(10)]  # 0, 2, ... 18
    found = [
        boundary("cut", 4.0, 4.0),
        boundary("dissolve", 7.0, 9.0),
        boundary("fade", 15.0, 17.5),
    ]
    summary = shots.summary(found, frames, 20.0)
    assert summary.method == m.Method.shots and summary.count == 4
    assert summary.cuts == [4.0, 8.0, 16.25]
    got = [(s.start_seconds, s.end_seconds, s.frame_index) for s in summary.scenes]
    # Frame at 8 s lies in the dissolve: never a scene's representative.
    assert got == [(0.0, 4.0, 1), (4.0, 7.0, 3), (9.0, 15.0, 6), (17.5, 20.0, 9)]
    # No extracted frame in a short scene: no representative.
    assert (
        shots.scene_list([boundary("cut", 4.5, 4.5), boundary("cut", 5.0, 5.0)], frames, 20.0)[
            1
        ].frame_index
        is None
    )
    assert shots.summary([], frames, 20.0).scenes[0].frame_index == 5


def test_poster_comes_from_a_scene() -> None:
    frames = [frame(i, 2.0 * i) for i in range(10)]
    found = [boundary("dissolve", 7.0, 9.0)]
    scenes = shots.scene_list(found, frames, 20.0)
    a = m.FrameAnalysis.model_construct(index=4, timestamp_seconds=8.0)
    assert shots.poster_index(a, found, scenes) == 7  # the longest scene's (9-20 s) middle frame
    b = m.FrameAnalysis.model_construct(index=2, timestamp_seconds=4.0)
    assert shots.poster_index(b, found, scenes) == 2


def test_storyboard_frames_skip_transitions() -> None:
    frames = [frame(i, 2.0 * i) for i in range(10)]
    found = [
        boundary("cut", 4.0, 4.0),
        boundary("dissolve", 7.0, 9.0),
        boundary("fade", 15.0, 17.5),
    ]
    kept = [f.timestamp_seconds for f in shots.outside_transitions(frames, found)]
    assert kept == [0.0, 2.0, 4.0, 6.0, 10.0, 12.0, 14.0, 18.0]  # 8 and 16 s are blends
    inside = [frame(0, 7.5), frame(1, 8.5)]
    assert shots.outside_transitions(inside, found) == inside
