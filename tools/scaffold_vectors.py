"""Scaffold shared test vectors in schemas/vectors/ (JSON-Schema-Test-Suite shape).

The valid instances below are written by hand. The invalid ones are derived from them by
walking the schema: one vector per kind of break (missing required field, wrong type,
unknown field, enum violation, bad format, null where not nullable, integer above 2^53,
non-ASCII where the pattern forbids it). The expected verdicts are checked here with the
Python validator, and then every language must agree with them.

A new type needs no entry here: its `examples` in the schema are its valid instances. `make
generate` writes the vectors of every type that has none yet. Existing files are kept unless
--force: vectors are data, reviewed like code.
Usage: .venv/bin/python tools/scaffold_vectors.py [--force] [Name ...]
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas/contracts.schema.json").read_text())
DEFS: dict[str, Any] = SCHEMA["$defs"]
SID = SCHEMA["$id"]
OUT = ROOT / "schemas/vectors"
BIG = 9007199254740993  # 2^53 + 1: not exactly representable as a double

SHA_A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
SHA_B = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
SHA_C = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"


def ref(uri: str, sha: str = SHA_A, size: int = 1048576, ct: str = "video/mp4") -> dict[str, Any]:
    return {"uri": uri, "sha256": sha, "size_bytes": size, "content_type": ct}


def frame(i: int, t: float, score: float | None = None) -> dict[str, Any]:
    img = ref(f"media://runs/clip-1/frames/t{int(t * 1000):09d}.jpg", SHA_B, 24311, "image/jpeg")
    return {
        "index": i,
        "timestamp_seconds": t,
        "width": 480,
        "height": 270,
        "image": img,
        "scene_score": score,
    }


PROBE = {
    "format_name": "mov,mp4,m4a,3gp,3g2,mj2",
    "duration_seconds": 12.0,
    "width": 1280,
    "height": 720,
    "rotation": 0,
    "fps": 30.0,
    "video_codec": "h264",
    "pixel_format": "yuv420p",
    "bit_rate": 1843200,
    "frame_count": 360,
    "has_audio": True,
    "audio_codec": "aac",
    "audio_channels": 2,
    "audio_sample_rate": 48000,
}
PROBE_SILENT = {
    **PROBE,
    "format_name": "matroska,webm",
    "width": 720,
    "height": 1280,
    "rotation": 90,
    "video_codec": "vp9",
    "bit_rate": None,
    "has_audio": False,
    "audio_codec": None,
    "audio_channels": None,
    "audio_sample_rate": None,
    "fps": 23.976,
    "frame_count": 0,
}
PROBE_UNICODE = {
    **PROBE,
    "format_name": "mpegts",
    "video_codec": "hevc (Main 10) – 高效",  # noqa: RUF001 (non-ASCII on purpose)
    "bit_rate": 0,
}
THUMB = {
    "width": 320,
    "height": 180,
    "format": "jpeg",
    "image": ref("media://runs/clip-1/poster/poster-320.jpg", SHA_C, 18022, "image/jpeg"),
}
THUMB_WEBP = {
    **THUMB,
    "format": "webp",
    "image": ref("media://runs/clip-1/poster/poster-320.webp", SHA_C, 9120, "image/webp"),
}
STORYBOARD = {
    "sheets": [ref("media://runs/clip-1/storyboard/sheet-000.jpg", SHA_B, 88213, "image/jpeg")],
    "vtt": ref("media://runs/clip-1/storyboard/storyboard.vtt", SHA_C, 1330, "text/vtt"),
    "tile_width": 160,
    "tile_height": 90,
    "columns": 5,
    "rows": 5,
    "tile_count": 12,
}
SUMMARY = {
    "strategy": "interval",
    "count": 6,
    "width": 480,
    "height": 270,
    "black_frames": 1,
    "mean_brightness": 96.4,
    "mean_sharpness": 812.25,
    "truncated": False,
}
CUT = {
    "kind": "cut",
    "start_seconds": 4.0,
    "end_seconds": 4.0,
    "time_seconds": 4.0,
    "confidence": 1,
}
DISSOLVE = {
    "kind": "dissolve",
    "start_seconds": 8.0,
    "end_seconds": 9.0,
    "time_seconds": 8.5,
    "confidence": 0.75,
}
FADE = {
    "kind": "fade",
    "start_seconds": 16.0,
    "end_seconds": 17.04,
    "time_seconds": 16.52,
    "confidence": 0,
}
SCENES = {"method": "ffmpeg_scene", "cuts": [3.0, 5.0, 8.0], "count": 4}
POSTER = {
    "frame_index": 4,
    "timestamp_seconds": 8.0,
    "sharpness": 2210.5,
    "thumbnails": [THUMB, THUMB_WEBP],
}
METADATA = {
    "workflow_id": "media-3f2a9c1b7d4e5f60a1b2",
    "video_url": "http://127.0.0.1:8000/clip.mp4",
    "video": ref("media://runs/media-3f2a9c1b7d4e5f60a1b2/source.mp4"),
    "probe": PROBE,
    "frames": SUMMARY,
    "scenes": SCENES,
    "black_segments": [{"start_seconds": 3.0, "end_seconds": 5.0}],
    "dominant_colors": ["#101010", "#c0c0c0"],
    "poster": POSTER,
    "storyboard": STORYBOARD,
}
METADATA_NO_SB = {k: v for k, v in METADATA.items() if k != "storyboard"} | {
    "video_url": "https://example.com/v%C3%ADdeo/clip.mp4",
    "black_segments": [],
    "dominant_colors": [],
    "scenes": {"method": "phash", "cuts": [], "count": 1},
}
TIMINGS = {
    "download": 0.21,
    "probe": 0.11,
    "extract": 1.4,
    "analyze": 0.8,
    "render": 0.6,
    "store": 0.1,
    "cleanup": 0.05,
    "total": 3.27,
}
ANALYSIS = {
    "index": 0,
    "timestamp_seconds": 0.0,
    "brightness": 120.5,
    "contrast": 40.25,
    "sharpness": 1532.0,
    "is_black": False,
    "dominant_colors": ["#ff0000", "#00ff00"],
    "phash": "c3a5f0e1d2b49687",
}
SEG = {"start_seconds": 0.0, "end_seconds": 12.0}
EXTRACT_IN = {
    "video": ref("media://runs/clip-1/source.mp4"),
    "strategy": "interval",
    "interval_seconds": 2.0,
    "scene_threshold": 0.3,
    "max_frames": 300,
    "frame_width": 480,
    "segment": SEG,
    "output_prefix": "media://runs/clip-1/frames",
}
PROGRESS = {
    "workflow_id": "media-3f2a9c1b7d4e5f60a1b2",
    "stage": "analyzing",
    "stages_done": ["downloading", "probing", "extracting"],
    "frames_extracted": 6,
    "frames_analyzed": 3,
    "batches_total": 2,
    "batches_done": 1,
    "percent": 57.5,
    "elapsed_seconds": 1.75,
}
RESULT = {
    "workflow_id": "media-3f2a9c1b7d4e5f60a1b2",
    "catalog_id": "6f1c2d3e-4a5b-5c6d-8e7f-0a1b2c3d4e5f",
    "metadata": METADATA,
    "frames_kept": False,
    "timings": TIMINGS,
    "completed_at": "2026-11-21T10:00:00Z",
}

SUMMARY_A = {
    "frames": 24,
    "black_frames": 2,
    "brightness_sum": 2304.5,
    "sharpness_sum": 36000.25,
    "best": {**ANALYSIS, "index": 9, "sharpness": 2210.5},
    "first": ANALYSIS,
    "last": {**ANALYSIS, "index": 23, "timestamp_seconds": 46.0, "is_black": True},
    "black_runs": [{"start_seconds": 44.0, "end_seconds": None}],
    "phash_cuts": [12.0, 30.0],
    "colors": [{"color": "#ff0000", "count": 20}, {"color": "#101010", "count": 2}],
    "face_frames": 3,
    "max_faces": 2,
    "texts": [{"text": "HELLO", "first_seconds": 2.0, "last_seconds": 8.0, "frames": 4}],
}
BOX = {"x": 10, "y": 20, "width": 64, "height": 64}
FACE = {"box": BOX, "score": 0.982}
LINE = {
    "text": "HELLO WORLD",
    "score": 0.997,
    "box": {"x": 40, "y": 100, "width": 300, "height": 40},
}
SEEN = {"text": "HELLO WORLD", "first_seconds": 2.0, "last_seconds": 6.0, "frames": 3}
LOUD = {"integrated_lufs": -23.1, "range_lu": 4.2, "true_peak_dbtp": -1.5}
WAV = ref("media://runs/clip-1/audio/audio.wav", SHA_C, 224044, "audio/wav")
DETAILS = ref("media://runs/clip-1/details.json", SHA_B, 5120, "application/json")
CONTENT = {
    "detectors": ["faces", "text", "speech", "loudness"],
    "has_audio": True,
    "faces": {"frames": 3, "max_count": 1},
    "text_index": [SEEN],
    "speech": {"segments": [{"start_seconds": 1.0, "end_seconds": 2.5}], "total_seconds": 1.5},
    "loudness": LOUD,
    "silences": [{"start_seconds": 0.0, "end_seconds": 1.0}],
    "details": DETAILS,
}
FAILURE = {
    "index": 3,
    "video_url": "http://127.0.0.1:8000/missing.mp4",
    "workflow_id": "batch-1-3",
    "error_type": "SourceUnavailable",
    "message": "http://127.0.0.1:8000/missing.mp4 answered HTTP 404",
}
CURSOR = {"next_index": 100, "total": 250, "succeeded": 99, "failures": [FAILURE], "runs": 1}

VALID: dict[str, list[Any]] = {
    "Detector": ["faces", "text", "loudness"],
    "Box": [
        BOX,
        {"x": 0, "y": 0, "width": 0, "height": 0},
        {"x": 1, "y": 2, "width": 16384, "height": 3},
    ],
    "Face": [FACE, {"box": BOX, "score": 0}, {"box": BOX, "score": 1}],
    "TextLine": [LINE, {**LINE, "text": "ü", "score": 0.5}, {**LINE, "text": "Ä" * 200}],
    "TextSeen": [
        SEEN,
        {**SEEN, "first_seconds": 0, "last_seconds": 0, "frames": 1},
        {**SEEN, "text": "x"},
    ],
    "Loudness": [
        LOUD,
        {"integrated_lufs": None, "range_lu": None, "true_peak_dbtp": None},
        {"integrated_lufs": -70.0, "range_lu": 0, "true_peak_dbtp": 0.5},
    ],
    "ExtractAudioInput": [
        {
            "video": ref("media://runs/clip-1/source.mp4"),
            "output_prefix": "media://runs/clip-1/audio",
            "pcm": True,
            "loudness": True,
            "silence_noise_db": -50,
            "silence_min_seconds": 0.5,
        },
        {
            "video": ref("media://x.mkv", SHA_B, 3, "video/x-matroska"),
            "output_prefix": "media://a",
            "pcm": False,
            "loudness": True,
            "silence_noise_db": -120,
            "silence_min_seconds": 3600,
        },
        {
            "video": ref("media://x.mp4"),
            "output_prefix": "media://a/b",
            "pcm": True,
            "loudness": False,
            "silence_noise_db": 0,
            "silence_min_seconds": 0.01,
        },
    ],
    "ExtractAudioOutput": [
        {"audio": WAV, "duration_seconds": 7.0, "loudness": LOUD, "silences": [SEG]},
        {"duration_seconds": 0, "silences": []},
        {"audio": WAV, "duration_seconds": 1.5, "silences": []},
    ],
    "AnalyzeAudioInput": [
        {"audio": WAV},
        {"audio": {**WAV, "size_bytes": 44}},
        {"audio": ref("media://a.wav", SHA_A, 1, "audio/wav")},
    ],
    "AnalyzeAudioOutput": [
        {
            "speech": [{"start_seconds": 1.0, "end_seconds": 2.5}],
            "speech_seconds": 1.5,
            "duration_seconds": 4.0,
        },
        {"speech": [], "speech_seconds": 0, "duration_seconds": 0},
        {
            "speech": [SEG, {"start_seconds": 13, "end_seconds": 14}],
            "speech_seconds": 13,
            "duration_seconds": 20,
        },
    ],
    "MergeDetailsInput": [
        {
            "parts_prefix": "media://runs/clip-1/details/parts",
            "output": "media://runs/clip-1/details.json",
        },
        {"parts_prefix": "media://p", "output": "media://o.json"},
        {"parts_prefix": "media://a/b/c", "output": "media://a/b/d.json"},
    ],
    "MergeDetailsOutput": [
        {"details": DETAILS, "frames": 30},
        {"details": DETAILS, "frames": 0},
        {"details": {**DETAILS, "size_bytes": 12}, "frames": 1000000},
    ],
    "FaceSummary": [
        {"frames": 3, "max_count": 1},
        {"frames": 0, "max_count": 0},
        {"frames": 1000000, "max_count": 64},
    ],
    "SpeechSummary": [
        {"segments": [SEG], "total_seconds": 12.0},
        {"segments": [], "total_seconds": 0},
        {
            "segments": [
                {"start_seconds": 1, "end_seconds": 2},
                {"start_seconds": 3, "end_seconds": 4.5},
            ],
            "total_seconds": 2.5,
        },
    ],
    "ContentSummary": [
        CONTENT,
        {"detectors": [], "has_audio": False},
        {
            "detectors": ["faces"],
            "has_audio": True,
            "faces": {"frames": 0, "max_count": 0},
            "details": DETAILS,
        },
    ],
    "BlackRun": [
        {"start_seconds": 3.0, "end_seconds": 5.0},
        {"start_seconds": 44, "end_seconds": None},
        {"start_seconds": 0, "end_seconds": 0},
    ],
    "ColorCount": [
        {"color": "#ff0000", "count": 1},
        {"color": "#000000", "count": 1000000},
        {"color": "#a0b1c2", "count": 7},
    ],
    "AnalysisSummary": [
        SUMMARY_A,
        {
            **SUMMARY_A,
            "frames": 1,
            "black_frames": 0,
            "black_runs": [],
            "phash_cuts": [],
            "colors": [],
        },
        {**SUMMARY_A, "black_runs": [{"start_seconds": 1.0, "end_seconds": 2.0}]},
    ],
    "AnalyzeGroupInput": [
        {"group_index": 0, "frames": [frame(0, 0.0)], "batch_size": 24, "parallelism": 4},
        {
            "detectors": ["text"],
            "details_prefix": "media://runs/a/details/parts/g00003",
            "group_index": 3,
            "frames": [frame(0, 0.0), frame(1, 2.0)],
            "batch_size": 1,
            "parallelism": 1,
        },
        {
            "group_index": 1000000,
            "frames": [frame(7, 14.0, 0.4)],
            "batch_size": 500,
            "parallelism": 64,
        },
    ],
    "AnalyzeGroupOutput": [
        {"group_index": 0, "batches": 1, "summary": SUMMARY_A},
        {"group_index": 5, "batches": 40, "summary": SUMMARY_A},
        {"group_index": 1, "batches": 2, "summary": {**SUMMARY_A, "colors": []}},
    ],
    "BatchRequest": [
        {
            "requests": [
                {"video_url": "http://127.0.0.1:8000/a.mp4"},
                {"video_url": "media://uploads/b.mp4", "strategy": "keyframes"},
            ]
        },
        {"manifest": "media://manifests/videos.jsonl", "max_in_flight": 8, "continue_every": 50},
        {"requests": [], "max_in_flight": 1, "continue_every": 1, "cursor": CURSOR},
    ],
    "BatchFailure": [
        FAILURE,
        {**FAILURE, "index": 0, "error_type": "Cancelled", "message": ""},
        {**FAILURE, "video_url": "https://例え.jp/ビデオ.mp4", "message": "ünïcode reason"},
    ],
    "BatchCursor": [
        CURSOR,
        {**CURSOR, "failures": [], "next_index": 0, "succeeded": 0, "runs": 3},
        {**CURSOR, "total": 0, "next_index": 0, "succeeded": 0},
    ],
    "BatchProgress": [
        {
            "batch_id": "batch-1",
            "total": 250,
            "done": 120,
            "succeeded": 118,
            "failed": 2,
            "running": 4,
            "runs": 2,
        },
        {
            "batch_id": "b",
            "total": 0,
            "done": 0,
            "succeeded": 0,
            "failed": 0,
            "running": 0,
            "runs": 1,
        },
        {
            "batch_id": "batch.2026-11-21",
            "total": 3,
            "done": 3,
            "succeeded": 3,
            "failed": 0,
            "running": 0,
            "runs": 1,
        },
    ],
    "BatchResult": [
        {
            "batch_id": "batch-1",
            "total": 250,
            "succeeded": 248,
            "failed": 2,
            "failures": [FAILURE, {**FAILURE, "index": 9}],
            "runs": 3,
        },
        {"batch_id": "b", "total": 0, "succeeded": 0, "failed": 0, "failures": [], "runs": 1},
        {
            "batch_id": "batch-2",
            "total": 5000,
            "succeeded": 3000,
            "failed": 2000,
            "failures": [FAILURE],
            "runs": 50,
        },
    ],
    "ReadManifestInput": [
        {"manifest": "media://manifests/v.jsonl", "offset": 0, "limit": 100},
        {"manifest": "media://m", "offset": 100000000, "limit": 1},
        {"manifest": "media://a/b/c.txt", "offset": 7, "limit": 1000},
    ],
    "ReadManifestOutput": [
        {"requests": [{"video_url": "http://127.0.0.1:8000/a.mp4"}], "total": 1},
        {"requests": [], "total": 0},
        {"requests": [{"video_url": "media://x.mp4", "max_frames": 5}], "total": 12},
    ],
    "MediaUri": ["media://runs/a/source.mp4", "media://x", "media://_tmp/a..b/c-1.jpg"],
    "Sha256": [SHA_A, SHA_B, SHA_C],
    "WorkflowId": ["media-3f2a9c1b7d4e5f60a1b2", "A", "batch.2026-11-21_run-7"],
    "MediaRef": [
        ref("media://runs/a/source.mp4"),
        ref("media://x/y.jpg", SHA_B, 0, "image/jpeg"),
        ref("media://a/b.vtt", SHA_C, 9007199254740991, "text/vtt"),
    ],
    "FrameStrategy": ["interval", "keyframes", "scene"],
    "ImageFormat": ["jpeg", "webp", "jpeg"],
    "TimeRange": [
        SEG,
        {"start_seconds": 3, "end_seconds": 5.5},
        {"start_seconds": 0, "end_seconds": 0},
    ],
    "FrameRef": [frame(0, 0.0), frame(3, 6.5, 0.92), frame(17, 7199.966, 0.0)],
    "PipelineRequest": [
        {"video_url": "http://127.0.0.1:8000/clip.mp4"},
        {
            "video_url": "media://uploads/clip.mp4",
            "strategy": "scene",
            "scene_threshold": 0.4,
            "max_frames": 50,
            "storyboard": False,
            "thumbnail_sizes": [160],
            "thumbnail_formats": ["webp"],
        },
        {
            "video_url": "https://example.com/v%C3%ADdeo.mp4?x=1#t",
            "strategy": "interval",
            "interval_seconds": 0.5,
            "frame_width": 320,
            "analysis_batch_size": 8,
            "analysis_parallelism": 2,
            "extract_segments": 4,
            "keep_frames": True,
            "keep_on_failure": True,
            "detectors": ["text", "speech"],
        },
    ],
    "PipelineInput": [
        "https://example.com/clip.mp4",
        {"video_url": "http://localhost/a.mkv"},
        {"video_url": "media://uploads/b.mp4", "strategy": "keyframes"},
    ],
    "Stage": ["starting", "analyzing", "failed"],
    "Progress": [
        PROGRESS,
        {
            **PROGRESS,
            "stage": "starting",
            "stages_done": [],
            "frames_extracted": 0,
            "frames_analyzed": 0,
            "batches_total": 0,
            "batches_done": 0,
            "percent": 0,
            "elapsed_seconds": 0,
        },
        {**PROGRESS, "stage": "completed", "percent": 100},
    ],
    "RunStatus": [
        {
            "workflow_id": "media-1",
            "run_id": "0199a0c4-5b7e-7d1e-9a53-0a1b2c3d4e5f",
            "status": "COMPLETED",
        },
        {"workflow_id": "media-1", "run_id": "r1", "status": "RUNNING", "progress": PROGRESS},
        {
            "workflow_id": "media-1",
            "run_id": "r1",
            "status": "RUNNING",
            "progress_error": "no poller",
        },
    ],
    "DownloadVideoInput": [
        {"url": "https://example.com/clip.mp4", "output_prefix": "media://runs/clip-1"},
        {"url": "media://uploads/clip.mp4", "output_prefix": "media://runs/x"},
        {"url": "http://[::1]:8080/v%E2%9C%93.mp4", "output_prefix": "media://runs/clip-2"},
    ],
    "DownloadVideoOutput": [
        {
            "video": ref("media://runs/clip-1/source.mp4"),
            "final_url": "https://cdn.example.com/c.mp4",
            "redirects": 2,
            "container": "mp4",
        },
        {
            "video": ref("media://runs/clip-1/source.mkv", SHA_B, 5, "video/x-matroska"),
            "final_url": "media://uploads/clip.mkv",
            "redirects": 0,
            "container": "matroska",
        },
        {
            "video": ref("media://runs/c/source.ts", SHA_C, 7, "video/mp2t"),
            "final_url": "http://例え.jp/ビデオ.ts",
            "redirects": 5,
            "container": "mpegts",
        },
    ],
    "ProbeVideoInput": [
        {"video": ref("media://runs/a/source.mp4")},
        {"video": ref("media://b", SHA_B, 0, "video/webm")},
        {"video": ref("media://c/d.ts", SHA_C, 12, "video/mp2t")},
    ],
    "VideoProbe": [PROBE, PROBE_SILENT, PROBE_UNICODE],
    "ProbeVideoOutput": [{"probe": PROBE}, {"probe": PROBE_SILENT}, {"probe": PROBE_UNICODE}],
    "ExtractFramesInput": [
        EXTRACT_IN,
        {**EXTRACT_IN, "strategy": "scene", "segment": {"start_seconds": 6, "end_seconds": 12}},
        {**EXTRACT_IN, "strategy": "keyframes", "max_frames": 1, "frame_width": 32},
        {**EXTRACT_IN, "shot_series": True},
    ],
    "ExtractFramesOutput": [
        {"frames": [frame(0, 0.0), frame(1, 2.0)], "truncated": False},
        {"frames": [], "truncated": False},
        {"frames": [frame(0, 3.0, 0.81)], "truncated": True},
        {
            "frames": [frame(0, 0.0)],
            "truncated": False,
            "shot_series": ref(
                "media://runs/a/frames/shots-t000000000.json", SHA_B, 900, "application/json"
            ),
        },
    ],
    "DetectShotsInput": [
        {
            "series": [
                ref("media://runs/a/frames/shots-t000000000.json", SHA_B, 900, "application/json")
            ],
            "duration_seconds": 20.0,
        },
        {
            "series": [
                ref("media://a.json", SHA_A, 1, "application/json"),
                ref("media://b.json", SHA_C, 2, "application/json"),
            ],
            "duration_seconds": 0,
        },
        {
            "series": [ref("media://c.json", SHA_C, 0, "application/json")],
            "duration_seconds": 7200.5,
        },
    ],
    "DetectShotsOutput": [
        {"boundaries": [CUT, DISSOLVE], "frames": 500},
        {"boundaries": [], "frames": 0},
        {"boundaries": [FADE], "frames": 1},
    ],
    "ShotBoundary": [CUT, DISSOLVE, FADE],
    "Scene": [
        {"index": 0, "start_seconds": 0, "end_seconds": 4.0, "frame_index": 1},
        {"index": 3, "start_seconds": 9.0, "end_seconds": 12.0, "frame_index": None},
        {"index": 1, "start_seconds": 4.0, "end_seconds": 8.5, "frame_index": 0},
    ],
    "AnalyzeFramesInput": [
        {"batch_index": 0, "frames": [frame(0, 0.0)]},
        {"batch_index": 7, "frames": [frame(0, 0.0), frame(1, 2.0), frame(2, 4.0)]},
        {
            "batch_index": 1000000,
            "frames": [frame(5, 10.0, 0.5)],
            "detectors": ["faces", "text"],
            "details_prefix": "media://runs/clip-1/details/parts/g00000",
        },
    ],
    "FrameAnalysis": [
        ANALYSIS,
        {
            **ANALYSIS,
            "brightness": 0,
            "contrast": 0,
            "sharpness": 0,
            "is_black": True,
            "dominant_colors": ["#000000"],
        },
        {**ANALYSIS, "index": 9, "dominant_colors": [], "faces": [FACE], "texts": [LINE]},
    ],
    "AnalyzeFramesOutput": [
        {"batch_index": 0, "analyses": [ANALYSIS]},
        {"batch_index": 3, "analyses": []},
        {"batch_index": 1, "analyses": [ANALYSIS, {**ANALYSIS, "index": 1}]},
    ],
    "Thumbnail": [THUMB, THUMB_WEBP, {**THUMB, "width": 3840, "height": 2160}],
    "GenerateThumbnailInput": [
        {
            "video": ref("media://runs/a/source.mp4"),
            "frame": frame(4, 8.0),
            "sizes": [320, 640],
            "formats": ["jpeg", "webp"],
            "output_prefix": "media://runs/a/poster",
        },
        {
            "video": ref("media://runs/a/source.mp4"),
            "frame": frame(0, 0.0),
            "sizes": [16],
            "formats": ["webp"],
            "output_prefix": "media://p",
        },
        {
            "video": ref("media://v"),
            "frame": frame(2, 1.5, 0.7),
            "sizes": [1280, 640, 320],
            "formats": ["jpeg"],
            "output_prefix": "media://runs/z/poster",
        },
    ],
    "GenerateThumbnailOutput": [
        {"source_timestamp_seconds": 8.0, "thumbnails": [THUMB]},
        {"source_timestamp_seconds": 0, "thumbnails": [THUMB, THUMB_WEBP]},
        {"source_timestamp_seconds": 1.5, "thumbnails": [THUMB_WEBP]},
    ],
    "Storyboard": [
        STORYBOARD,
        {**STORYBOARD, "columns": 1, "rows": 1, "tile_count": 1},
        {**STORYBOARD, "sheets": [STORYBOARD["vtt"]] * 2, "tile_count": 50},
    ],
    "BuildStoryboardInput": [
        {
            "frames": [frame(0, 0.0), frame(1, 2.0)],
            "duration_seconds": 4.0,
            "tile_width": 160,
            "columns": 5,
            "rows": 5,
            "output_prefix": "media://runs/a/storyboard",
        },
        {
            "frames": [frame(0, 0.0)],
            "duration_seconds": 0.04,
            "tile_width": 16,
            "columns": 1,
            "rows": 1,
            "output_prefix": "media://s",
        },
        {
            "frames": [frame(0, 0.0), frame(1, 1.0), frame(2, 2.0)],
            "duration_seconds": 7200,
            "tile_width": 320,
            "columns": 10,
            "rows": 10,
            "output_prefix": "media://runs/b/sb",
        },
    ],
    "BuildStoryboardOutput": [
        {"storyboard": STORYBOARD},
        {"storyboard": {**STORYBOARD, "columns": 2, "rows": 3}},
        {"storyboard": {**STORYBOARD, "tile_count": 1000000}},
    ],
    "FrameSummary": [
        SUMMARY,
        {
            **SUMMARY,
            "strategy": "scene",
            "count": 0,
            "width": 0,
            "height": 0,
            "black_frames": 0,
            "mean_brightness": 0,
            "mean_sharpness": 0,
        },
        {**SUMMARY, "strategy": "keyframes", "truncated": True},
    ],
    "SceneSummary": [
        SCENES,
        {"method": "phash", "cuts": [], "count": 1},
        {"method": "phash", "cuts": [1.5], "count": 2},
        {
            "method": "shots",
            "cuts": [4.0, 8.5],
            "count": 3,
            "boundaries": [CUT, DISSOLVE],
            "scenes": [
                {"index": 0, "start_seconds": 0, "end_seconds": 4.0, "frame_index": 1},
                {"index": 1, "start_seconds": 4.0, "end_seconds": 8.0, "frame_index": 3},
                {"index": 2, "start_seconds": 9.0, "end_seconds": 12.0, "frame_index": None},
            ],
        },
    ],
    "Poster": [
        POSTER,
        {**POSTER, "thumbnails": [THUMB]},
        {**POSTER, "frame_index": 0, "sharpness": 0},
    ],
    "MediaMetadata": [
        METADATA,
        METADATA_NO_SB,
        {
            **METADATA,
            "video_url": "media://uploads/a.mp4",
            "probe": PROBE_UNICODE,
            "content": CONTENT,
        },
    ],
    "StoreMetadataInput": [
        {"metadata": METADATA},
        {"metadata": METADATA_NO_SB},
        {"metadata": {**METADATA, "frames": {**SUMMARY, "count": 0}}},
    ],
    "StoreMetadataOutput": [
        {
            "record_id": "6f1c2d3e-4a5b-5c6d-8e7f-0a1b2c3d4e5f",
            "created": True,
            "stored_at": "2026-11-21T10:00:00Z",
        },
        {
            "record_id": "00000000-0000-0000-0000-000000000000",
            "created": False,
            "stored_at": "2026-11-21T10:00:00.5+02:00",
        },
        {
            "record_id": "6F1C2D3E-4A5B-5C6D-8E7F-0A1B2C3D4E5F",
            "created": False,
            "stored_at": "1999-12-31T23:59:59Z",
        },
    ],
    "CleanupMediaInput": [
        {"prefixes": ["media://runs/a/frames"]},
        {"prefixes": ["media://runs/a", "media://runs/b"]},
        {"prefixes": ["media://x"]},
    ],
    "CleanupMediaOutput": [
        {"removed_files": 0, "removed_bytes": 0},
        {"removed_files": 12, "removed_bytes": 291022},
        {"removed_files": 1, "removed_bytes": 9007199254740991},
    ],
    "StageTimings": [TIMINGS, {k: 0 for k in TIMINGS}, {**TIMINGS, "total": 7200.5}],
    "PipelineResult": [
        RESULT,
        {**RESULT, "metadata": METADATA_NO_SB, "frames_kept": True},
        {**RESULT, "completed_at": "2026-01-02T03:04:05-07:00"},
    ],
}

# Scalar definitions get hand-picked breaks; objects get derived ones.
SCALAR_INVALID: dict[str, list[tuple[str, Any]]] = {
    "MediaUri": [
        ("absolute path", "media:///etc/passwd"),
        ("dot-dot segment", "media://runs/../../etc"),
        ("wrong scheme", "file:///tmp/a"),
        ("wrong type", 42),
        ("null", None),
        ("non-ASCII key", "media://vidéo/a.mp4"),
        ("empty key", "media://"),
        ("hidden segment", "media://runs/.git"),
    ],
    "Sha256": [
        ("upper case", SHA_A.upper()),
        ("too short", SHA_A[:63]),
        ("wrong type", 1),
        ("null", None),
        ("non-ASCII", "é" * 64),
    ],
    "WorkflowId": [
        ("empty", ""),
        ("slash", "a/b"),
        ("leading dot", ".hidden"),
        ("null", None),
        ("non-ASCII", "vidéo"),
        ("too long", "a" * 129),
        ("wrong type", BIG),
    ],
    "FrameStrategy": [
        ("unknown value", "fps"),
        ("case differs", "Scene"),
        ("null", None),
        ("wrong type", 1),
        ("non-ASCII", "scène"),
    ],
    "Loudness": [
        ("missing required field integrated_lufs", {"range_lu": 4.2, "true_peak_dbtp": -1.5}),
        ("unknown field", {**LOUD, "unexpected_field": 1}),
        ("wrong type: string for number at $.range_lu", {**LOUD, "range_lu": "4.2"}),
        ("below minimum at $.range_lu", {**LOUD, "range_lu": -1}),
        ("above maximum at $.true_peak_dbtp", {**LOUD, "true_peak_dbtp": 51}),
        ("wrong type: boolean at $.integrated_lufs", {**LOUD, "integrated_lufs": False}),
    ],
    "Detector": [
        ("unknown value", "nudity"),
        ("null", None),
        ("wrong type", 1),
        ("case differs", "Faces"),
        ("non-ASCII", "fàces"),
    ],
    "ImageFormat": [
        ("unknown value", "png"),
        ("null", None),
        ("wrong type", True),
        ("case differs", "JPEG"),
        ("non-ASCII", "jpég"),
    ],
    "Stage": [
        ("unknown value", "done"),
        ("null", None),
        ("wrong type", ["starting"]),
        ("empty", ""),
        ("non-ASCII", "analyzíng"),
    ],
    "PipelineInput": [
        ("not a uri", "just some words"),
        ("null", None),
        ("wrong type", BIG),
        ("object with unknown field", {"video_url": "http://a/b", "speed": 2}),
        ("object missing video_url", {"strategy": "scene"}),
        ("relative reference", "/clip.mp4"),
        ("empty", ""),
    ],
}


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = DEFS[schema["$ref"].split("/")[-1]]
    return schema


def leaves(schema: dict[str, Any], value: Any, path: tuple[Any, ...] = ()):  # type: ignore[no-untyped-def]
    """Yield (path, resolved schema, value, parent_required) for every property in `value`."""
    schema = resolve(schema)
    if isinstance(value, dict):
        for key, sub in value.items():
            prop = resolve(schema.get("properties", {}).get(key, {}))
            yield (*path, key), prop, sub, key in schema.get("required", [])
            yield from leaves(prop, sub, (*path, key))
    elif isinstance(value, list) and "items" in schema:
        item_schema = resolve(schema["items"])
        for i, item in enumerate(value):
            yield (*path, i), item_schema, item, True
            yield from leaves(item_schema, item, (*path, i))


def set_at(value: Any, path: tuple[Any, ...], new: Any, delete: bool = False) -> Any:
    out = copy.deepcopy(value)
    target = out
    for p in path[:-1]:
        target = target[p]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return out


def types_of(s: dict[str, Any]) -> list[str]:
    t = s.get("type", [])
    return t if isinstance(t, list) else [t]


def derived_invalid(name: str, base: Any) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    found = list(leaves(DEFS[name], base))
    top_required = DEFS[name].get("required", [])
    if top_required:
        out.append(
            (
                f"missing required field {top_required[0]}",
                set_at(base, (top_required[0],), None, True),
            )
        )
    out.append(("unknown field", {**base, "unexpected_field": 1}))
    picks: dict[str, tuple[str, Any]] = {}
    for path, s, v, _required in found:
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        t = types_of(s)
        if "wrong type" not in picks and "string" in t and isinstance(v, str):
            picks["wrong type"] = (
                f"wrong type: number for string at {where}",
                set_at(base, path, 7),
            )
        if "wrong type int" not in picks and "integer" in t and isinstance(v, int):
            picks["wrong type int"] = (
                f"wrong type: string for integer at {where}",
                set_at(base, path, "5"),
            )
        if "wrong type num" not in picks and t == ["number"] and isinstance(v, (int, float)):
            picks["wrong type num"] = (
                f"wrong type: string for number at {where}",
                set_at(base, path, "1.5"),
            )
        if (
            "negative" not in picks
            and "minimum" in s
            and isinstance(v, (int, float))
            and not isinstance(v, bool)
        ):
            picks["negative"] = (f"below minimum at {where}", set_at(base, path, s["minimum"] - 1))
        if "enum" not in picks and "enum" in s and "string" in t:
            picks["enum"] = (f"enum violation at {where}", set_at(base, path, "not-a-member"))
        if "format" in s and f"format {s['format']}" not in picks:
            bad = {"uri": "not a uri", "date-time": "2026-13-45 25:00", "uuid": "not-a-uuid"}[
                s["format"]
            ]
            picks[f"format {s['format']}"] = (
                f"bad {s['format']} at {where}",
                set_at(base, path, bad),
            )
        if "null" not in picks and "null" not in t and v is not None and t:
            picks["null"] = (f"null where not nullable at {where}", set_at(base, path, None))
        if "big" not in picks and "integer" in t and isinstance(v, int) and not isinstance(v, bool):
            picks["big"] = (f"integer above 2^53 at {where}", set_at(base, path, BIG))
        if "ascii" not in picks and "pattern" in s and isinstance(v, str):
            picks["ascii"] = (
                f"non-ASCII where the pattern forbids it at {where}",
                set_at(base, path, v + "é"),
            )
        if "nested unknown" not in picks and len(path) > 1 and isinstance(v, dict):
            picks["nested unknown"] = (
                f"unknown field inside {where}",
                set_at(base, path, {**v, "extra": True}),
            )
    out.extend(picks.values())
    return out


def valid_instances(name: str) -> list[Any]:
    """The hand-written valid instances, or the schema's own `examples` for a new type."""
    return VALID.get(name) or DEFS[name].get("examples", [])


def build(name: str) -> dict[str, Any]:
    valid = valid_instances(name)
    tests = [
        {"description": f"valid #{i + 1}", "data": v, "valid": True} for i, v in enumerate(valid)
    ]
    richest = max(valid, key=lambda v: len(list(leaves(DEFS[name], v))))
    invalid = SCALAR_INVALID.get(name) or derived_invalid(name, richest)
    tests += [{"description": d, "data": v, "valid": False} for d, v in invalid]
    return {
        "description": f"{name} vectors",
        "schema": {"$ref": f"{SID}#/$defs/{name}"},
        "tests": tests,
    }


def check(doc: dict[str, Any]) -> None:
    registry = Registry().with_resource(SID, Resource.from_contents(SCHEMA))
    v = Draft202012Validator(doc["schema"], registry=registry, format_checker=FormatChecker())
    for t in doc["tests"]:
        if v.is_valid(t["data"]) != t["valid"]:
            sys.exit(f"{doc['description']}: '{t['description']}' expected valid={t['valid']}")
    kinds = sum(1 for t in doc["tests"] if not t["valid"])
    if kinds < 5 or sum(1 for t in doc["tests"] if t["valid"]) < 3:
        sys.exit(f"{doc['description']}: needs >= 3 valid and >= 5 invalid vectors")


def main() -> None:
    force = "--force" in sys.argv
    names = [a for a in sys.argv[1:] if not a.startswith("--")] or list(DEFS)
    missing = [n for n in DEFS if not valid_instances(n)]
    if missing:
        sys.exit(f"no valid instances (here or as `examples` in the schema) for: {missing}")
    OUT.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = OUT / f"{name}.json"
        if path.exists() and not force:
            continue
        doc = build(name)
        check(doc)
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {path.relative_to(ROOT)}: {len(doc['tests'])} vectors")


if __name__ == "__main__":
    main()
