"""The product, end to end: a generated clip with known cuts through a real dev server, the
Python, Go and TypeScript workers, real ffmpeg, the media store and the SQLite catalog."""

from __future__ import annotations

import itertools
import json
import math
import re
import subprocess
from pathlib import Path

import pytest
from media_devtools.devstack.stack import Stack
from media_devtools.samples import BLACK, CUT_TIMES
from media_devtools.shots import clips
from PIL import Image
from support.catalog import catalog_rows
from support.httpserver import LoopbackServer
from support.pipeline import run, start, vtt_cues
from temporalio.client import Client

from media_pipeline.contracts.gen.models import (
    FrameStrategy,
    MediaRef,
    Method,
    PipelineResult,
    Progress,
    SceneSummary,
    Storyboard,
)
from media_pipeline.contracts.gen.registry import MEDIA_PROCESSING_QUERY_PROGRESS
from media_pipeline.contracts.validation import decode
from media_pipeline.media.store import MediaStore

DURATION = 12.0


def in_black(t: float) -> bool:
    return BLACK[0] - 0.05 <= t < BLACK[1]


def check_common(result: PipelineResult, stack: Stack, sizes: list[int]) -> MediaStore:
    md = result.metadata
    p = md.probe
    assert abs(p.duration_seconds - DURATION) < 0.1
    assert (p.width, p.height, p.fps, p.rotation) == (640, 360, 30.0, 0)
    assert p.video_codec == "h264" and p.pixel_format == "yuv420p"
    assert p.has_audio and p.audio_codec == "aac" and p.audio_sample_rate == 48000
    assert abs(p.frame_count - 360) <= 2

    store = stack.store()
    # The poster is the sharpest lit frame: never one from the black segment.
    assert not in_black(md.poster.timestamp_seconds)
    got = {(t.width, t.format.value) for t in md.poster.thumbnails}
    assert got == {(w, f) for w in sizes for f in ("jpeg", "webp")}
    for thumb in md.poster.thumbnails:
        with Image.open(store.open_checked(thumb.image)) as img:
            assert img.format == thumb.format.value.upper()
            assert img.size == (thumb.width, thumb.height)
            assert abs(thumb.height - thumb.width * 9 / 16) <= 2

    # Storyboard: the sprite exists with the announced geometry, the cues cover the duration.
    assert isinstance(md.storyboard, Storyboard)
    sb = md.storyboard
    sheet = store.open_checked(sb.sheets[0])
    with Image.open(sheet) as img:
        first_sheet_tiles = min(sb.tile_count, sb.columns * sb.rows)
        assert img.size == (
            sb.tile_width * sb.columns,
            sb.tile_height * math.ceil(first_sheet_tiles / sb.columns),
        )
    cues = vtt_cues(store.open_checked(sb.vtt).read_text())
    assert len(cues) == sb.tile_count == md.frames.count
    assert cues[0][0] == 0.0
    assert abs(cues[-1][1] - p.duration_seconds) < 0.01
    for (_, end, _), (start_, _, _) in itertools.pairwise(cues):
        assert abs(end - start_) < 0.001, "cues must not leave gaps or overlap"
    for _, _, payload in cues:
        assert re.fullmatch(r"sheet-\d{3}\.jpg#xywh=\d+,\d+,\d+,\d+", payload)

    check_preview(md.preview, store, result.workflow_id)

    # The catalog holds exactly one record, under the id the workflow returned.
    rows = catalog_rows(stack, result.workflow_id)
    assert len(rows) == 1 and rows[0]["record_id"] == result.catalog_id

    # Intermediate frames are gone; poster and storyboard stay.
    assert store.list_below(f"media://runs/{result.workflow_id}/frames") == []
    assert not result.frames_kept
    return store


def check_preview(preview: MediaRef, store: MediaStore, wid: str) -> None:
    """The hover preview: a looping animated WebP under the run's folder, 320 px wide, a few
    frames per clip. ffprobe (ffmpeg 5.1 has no animated WebP decoder) names the stream webp;
    Pillow decodes every frame."""
    assert isinstance(preview, MediaRef)
    assert preview.uri == f"media://runs/{wid}/preview/preview.webp"
    assert preview.content_type == "image/webp"
    path = store.open_checked(preview)
    probe = subprocess.run(
        ["ffprobe", "-v", "quiet", "-show_entries", "stream=codec_name", "-of", "json", str(path)],
        capture_output=True,
        check=True,
        text=True,
    )
    assert [s["codec_name"] for s in json.loads(probe.stdout)["streams"]] == ["webp"]
    with Image.open(path) as img:
        assert img.format == "WEBP" and img.is_animated and img.n_frames > 1
        assert img.size == (320, 180) and img.info.get("loop") == 0
        img.seek(img.n_frames - 1)
        img.load()


def check_shots(scenes: SceneSummary) -> None:
    """The detector's scenes, whatever the strategy: exactly the three hard cuts (into and
    out of the black segment, and between the last two shots), four scenes each with a frame."""
    assert scenes.method == Method.shots
    assert isinstance(scenes.boundaries, list) and isinstance(scenes.scenes, list)
    assert [(b.kind.value, round(b.time_seconds, 1)) for b in scenes.boundaries] == [
        ("cut", t) for t in CUT_TIMES
    ], scenes.boundaries
    assert scenes.cuts == [b.time_seconds for b in scenes.boundaries]
    assert scenes.count == len(scenes.scenes) == 4
    assert [s.frame_index is not None for s in scenes.scenes] == [True] * 4


@pytest.mark.parametrize("strategy", ["interval", "scene", "keyframes"])
async def test_issue17_clip_gives_four_boundaries_of_the_right_kinds(
    any_client: Client, http: LoopbackServer, media_files: dict[str, Path], strategy: str
) -> None:
    request = {
        "video_url": http.url("files/issue17.mp4"),
        "strategy": strategy,
        "storyboard": False,
        "thumbnail_sizes": [160],
    }
    md = (await run(any_client, request, f"e2e-issue17-{strategy}")).metadata
    truth = clips.load_truth(media_files["issue17"])
    assert isinstance(md.scenes.boundaries, list) and isinstance(md.scenes.scenes, list)
    got = md.scenes.boundaries
    assert [b.kind.value for b in got] == [t.kind for t in truth], got
    for b, t in zip(got, truth, strict=True):
        assert t.start_seconds - 0.5 <= b.time_seconds <= t.end_seconds + 0.5, (b, t)
        assert b.start_seconds <= b.time_seconds <= b.end_seconds and 0 < b.confidence <= 1
    assert md.scenes.count == 5
    # The poster is a frame of a scene, not of a transition.
    assert not any(b.start_seconds < md.poster.timestamp_seconds < b.end_seconds for b in got)


async def test_storyboard_tiles_show_no_transition(
    client: Client, stack: Stack, http: LoopbackServer
) -> None:
    """Sampled every 0.5 s, the dissolve (8-9.1 s) and the fade (16-17 s) hold frames: the
    storyboard leaves them out, so every tile shows one shot."""
    request = {
        "video_url": http.url("files/issue17.mp4"),
        "interval_seconds": 0.5,
        "thumbnail_sizes": [160],
    }
    md = (await run(client, request, "e2e-issue17-storyboard")).metadata
    assert isinstance(md.storyboard, Storyboard) and isinstance(md.scenes.boundaries, list)
    gradual = [b for b in md.scenes.boundaries if b.kind.value != "cut"]
    assert len(gradual) == 2
    cues = vtt_cues(stack.store().open_checked(md.storyboard.vtt).read_text())
    inside = [s for s, _, _ in cues if any(b.start_seconds < s < b.end_seconds for b in gradual)]
    assert inside == [], cues
    # Exactly the sampled frames inside the two transitions are missing from the tiles.
    blends = [
        i / 2 for i in range(40) if any(b.start_seconds < i / 2 < b.end_seconds for b in gradual)
    ]
    assert blends and md.storyboard.tile_count == md.frames.count - len(blends)


async def test_boundaries_do_not_depend_on_extraction_segments(
    any_client: Client, http: LoopbackServer
) -> None:
    """Five segments split the issue 17 clip at 4, 8, 12 and 16 s: on the cut, at the start
    of the dissolve, on the second cut and at the start of the fade. The series of the
    segments join exactly, so the boundaries are those of one segment."""
    request = {
        "video_url": http.url("files/issue17.mp4"),
        "storyboard": False,
        "thumbnail_sizes": [160],
    }
    one = (await run(any_client, {**request, "extract_segments": 1}, "e2e-issue17-seg1")).metadata
    five = (await run(any_client, {**request, "extract_segments": 5}, "e2e-issue17-seg5")).metadata
    assert five.scenes.boundaries == one.scenes.boundaries
    assert isinstance(one.scenes.boundaries, list) and len(one.scenes.boundaries) == 4


async def test_scene_strategy_finds_the_cuts_and_the_black_segment(
    any_client: Client, any_stack: Stack, http: LoopbackServer
) -> None:
    request = {
        "video_url": http.url("files/cuts.mp4"),
        "strategy": "scene",
        "thumbnail_sizes": [160, 320],
    }
    result = await run(any_client, request, "e2e-scene")
    md = result.metadata
    check_common(result, any_stack, [160, 320])
    assert md.frames.strategy == FrameStrategy.scene
    check_shots(md.scenes)
    # The black segment is flagged, and found where it is.
    assert md.frames.black_frames >= 1
    assert any(
        s.start_seconds <= BLACK[0] + 0.5 and s.end_seconds >= BLACK[1] - 0.5
        for s in md.black_segments
    )
    assert result.timings.total > 0 and result.completed_at.endswith("Z")


async def test_bare_url_input_uses_the_default_interval_strategy(
    any_client: Client, any_stack: Stack, http: LoopbackServer
) -> None:
    # A plain `temporal workflow start --input '"http://..."'` sends just the string.
    result = await run(any_client, http.url("files/cuts.mp4"), "e2e-interval")
    md = result.metadata
    check_common(result, any_stack, [320, 640, 1280])
    assert md.frames.strategy == FrameStrategy.interval
    assert md.frames.count == 6  # every 2 s over 12 s
    assert (md.frames.width, md.frames.height) == (480, 270)
    assert md.frames.black_frames == 1  # the frame at 4 s
    assert [(s.start_seconds, s.end_seconds) for s in md.black_segments] == [(4.0, 6.0)] or all(
        in_black(s.start_seconds) for s in md.black_segments
    )
    check_shots(md.scenes)


async def test_progress_query_and_attaching_to_a_running_run(
    any_client: Client, http: LoopbackServer
) -> None:
    request = {
        "video_url": http.url("files/cuts.mp4"),
        "strategy": "interval",
        "interval_seconds": 0.5,
    }
    handle = await start(any_client, request, "e2e-progress")
    snapshot = decode(Progress, await handle.query(MEDIA_PROCESSING_QUERY_PROGRESS))
    assert snapshot.workflow_id == "e2e-progress"
    again = await any_client.get_workflow_handle("e2e-progress").describe()
    assert again.run_id == handle.result_run_id
    result = decode(PipelineResult, await handle.result())
    final = decode(Progress, await handle.query(MEDIA_PROCESSING_QUERY_PROGRESS))
    assert final.stage.value == "completed" and final.percent == 100
    assert final.frames_extracted == result.metadata.frames.count == 24
    assert final.frames_analyzed == 24 and final.batches_done == final.batches_total == 1


def test_media_never_travels_in_payloads(tmp_path: Path) -> None:
    """Every reference in a result is a media:// key with a digest: checked by the schema."""
    from media_pipeline.contracts.validation import SCHEMA

    ref = SCHEMA["$defs"]["MediaRef"]
    assert set(ref["required"]) == {"uri", "sha256", "size_bytes", "content_type"}
    assert ref["additionalProperties"] is False
