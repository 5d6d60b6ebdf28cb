"""Content analysis, end to end with known answers: clips made here with ffmpeg and espeak-ng
go through the real stack (Go extract_audio, Python detectors on the models their packages
ship), and what the run returns is checked against what was drawn, shown and spoken."""

from __future__ import annotations

import json
import subprocess
import wave
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from media_devtools.devstack.stack import Stack
from support.httpserver import LoopbackServer
from support.pipeline import run
from temporalio.client import Client

from media_pipeline.contracts.gen.models import ContentSummary, MediaRef, PipelineResult

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FACE = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
STEP = 0.5  # seconds between sampled frames in these runs
TEXT_SHOWN = (2.0, 5.0)  # drawtext enable window, seconds
FACE_UNTIL = 3.0  # the photo, then testsrc
PAD = 2.0  # silence before and after the speech


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=120)


@pytest.fixture(scope="module")
def clips(media_files: dict[str, Path]) -> Path:
    """The clips, in the folder the loopback server serves."""
    d = media_files["cuts"].parent
    lo, hi = TEXT_SHOWN
    draw = (
        f"drawtext=fontfile={FONT}:text=PIPELINE:fontsize=48:fontcolor=white:x=80:y=150"
        f":enable='between(t,{lo},{hi})'"
    )
    ffmpeg("-f", "lavfi", "-i", "color=c=navy:s=640x360:r=25:d=8", "-vf", draw,
           "-c:v", "libx264", "-pix_fmt", "yuv420p", str(d / "text.mp4"))  # fmt: skip
    ffmpeg(
        "-loop", "1", "-t", str(FACE_UNTIL), "-r", "25", "-i", str(FACE),
        "-f", "lavfi", "-i", "testsrc=s=480x540:r=25:d=3",
        "-filter_complex",
        "[0:v]scale=480:540:force_original_aspect_ratio=decrease,pad=480:540:(ow-iw)/2:0,"
        "setsar=1,format=yuv420p[a];[1:v]format=yuv420p[b];[a][b]concat=n=2:v=1:a=0",
        "-c:v", "libx264", str(d / "face.mp4"),
    )  # fmt: skip
    voice = d / "voice.wav"
    subprocess.run(["espeak-ng", "-w", str(voice), "the quick brown fox jumps over the lazy dog"],
                   check=True, timeout=60)  # fmt: skip
    silence = f"anullsrc=r=48000:cl=mono,atrim=0:{PAD}"
    ffmpeg(
        "-f", "lavfi", "-i", silence, "-i", str(voice), "-f", "lavfi", "-i", silence,
        "-f", "lavfi", "-i", "color=c=gray:s=320x180:r=25",
        "-filter_complex",
        "[1:a]aresample=48000,aformat=channel_layouts=mono[v];[0:a][v][2:a]concat=n=3:v=0:a=1[a]",
        "-map", "3:v", "-map", "[a]", "-shortest", "-c:v", "libx264", "-pix_fmt", "yuv420p",
        "-c:a", "aac", str(d / "speech.mp4"),
    )  # fmt: skip
    ffmpeg("-f", "lavfi", "-i", "testsrc=s=16x16:r=25:d=2", "-f", "lavfi", "-i",
           "anullsrc=r=48000:cl=mono", "-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p",
           "-c:a", "aac", str(d / "tiny.mp4"))  # fmt: skip
    return d


def voiced(wav: Path) -> tuple[float, float]:
    """Where espeak-ng's output is loud (its edges are quiet), in seconds of the padded clip."""
    with wave.open(str(wav)) as w:  # 22050 Hz mono 16-bit
        rate, pcm = w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), "<i2")
    loud = np.flatnonzero(np.abs(pcm) > 0.02 * 32768)
    return PAD + loud[0] / rate, PAD + loud[-1] / rate


async def analysed(client: Client, http: LoopbackServer, name: str, wid: str) -> PipelineResult:
    request = {"video_url": http.url(f"files/{name}"), "interval_seconds": STEP}
    return await run(client, request, wid)


def content_of(result: PipelineResult) -> ContentSummary:
    content = result.metadata.content
    assert isinstance(content, ContentSummary)
    return content


def details(stack: Stack, content: ContentSummary) -> list[dict[str, object]]:
    assert isinstance(content.details, MediaRef)
    path = stack.store().open_checked(content.details)
    frames: list[dict[str, object]] = json.loads(path.read_text())["frames"]
    return frames


async def test_drawn_text_is_read_back_with_its_times(
    client: Client, http: LoopbackServer, clips: Path
) -> None:
    content = content_of(await analysed(client, http, "text.mp4", "content-text"))
    assert [t.text for t in content.text_index] == ["PIPELINE"]
    (seen,) = content.text_index
    lo, hi = TEXT_SHOWN
    assert abs(seen.first_seconds - lo) <= STEP + 1e-6, seen
    assert abs(seen.last_seconds - hi) <= STEP + 1e-6, seen
    assert seen.frames >= round((hi - lo) / STEP) - 1


async def test_faces_where_the_face_is_none_in_testsrc(
    client: Client, http: LoopbackServer, stack: Stack, clips: Path
) -> None:
    content = content_of(await analysed(client, http, "face.mp4", "content-face"))
    frames = details(stack, content)
    assert len(frames) == 12
    for f in frames:
        t, faces = float(f["timestamp_seconds"]), f["faces"]  # type: ignore[arg-type]
        assert isinstance(faces, list)
        if t < FACE_UNTIL - 0.1:
            assert len(faces) >= 1, f
        elif t > FACE_UNTIL + 0.1:
            assert faces == [], f
    assert content.faces.frames == sum(bool(f["faces"]) for f in frames)
    assert content.faces.max_count >= 1


async def test_speech_where_it_was_spoken_silence_around_it(
    client: Client, http: LoopbackServer, clips: Path
) -> None:
    start, end = voiced(clips / "voice.wav")
    content = content_of(await analysed(client, http, "speech.mp4", "content-speech"))
    assert content.has_audio
    segments = [(s.start_seconds, s.end_seconds) for s in content.speech.segments]
    assert len(segments) == 1, segments
    assert abs(segments[0][0] - start) <= 0.3 and abs(segments[0][1] - end) <= 0.3, (
        segments,
        start,
        end,
    )
    assert content.speech.total_seconds == pytest.approx(segments[0][1] - segments[0][0], abs=1e-3)
    # Silence in both pads, none while speaking.
    silences = [(s.start_seconds, s.end_seconds) for s in content.silences]
    assert any(a <= 0.1 and b >= PAD - 0.3 for a, b in silences), silences
    assert any(a <= end + 0.3 and b >= end + PAD - 0.5 for a, b in silences), silences
    assert not any(a < end - 0.3 and b > start + 0.3 for a, b in silences), silences
    assert -70.0 < content.loudness.integrated_lufs < 0.0


async def test_a_tiny_video_gives_empty_results_not_a_failed_run(
    client: Client, http: LoopbackServer, clips: Path
) -> None:
    content = content_of(await analysed(client, http, "tiny.mp4", "content-tiny"))
    assert content.faces.frames == 0 and content.faces.max_count == 0
    assert content.text_index == []
    assert content.speech.segments == [] and content.speech.total_seconds == 0
    assert content.silences, "two seconds of digital silence are one silence"
