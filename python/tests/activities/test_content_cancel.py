"""A cancel during analysis stops the activity at the next frame (or audio slice): each frame
and each slice is a thread hop where the cancel lands, and inferences not yet started in the
pool are dropped. Real models, real frames; the cancel is sent from the heartbeat that reports
a frame done."""

from __future__ import annotations

import asyncio
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from temporalio.exceptions import CancelledError
from temporalio.testing import ActivityEnvironment

from media_pipeline.activities.content import AUDIO_SLICE_SECONDS, SLICE_SAMPLES
from media_pipeline.activities.python_activities import PythonActivities
from media_pipeline.config import DownloadLimits
from media_pipeline.detectors.models import Models
from media_pipeline.detectors.speech import CHUNK, RATE
from media_pipeline.media.files import FileStore

FRAMES = 8


@pytest.fixture(scope="module")
def models() -> Models:
    return Models.load()


def cancelling_at(env: ActivityEnvironment, at: object, seen: list[object]) -> None:
    def on_heartbeat(*details: object) -> None:
        if details:  # the activity's own progress beats (the boundary's ticker sends none)
            seen.append(details[0])
            if details[0] == at:
                env.cancel()

    env.on_heartbeat = on_heartbeat


@pytest.fixture
def testsrc(tmp_path: Path) -> Path:
    """FRAMES testsrc frames, f01.jpg on."""
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=480x270:r=1",
         "-frames:v", str(FRAMES), str(tmp_path / "f%02d.jpg")],
        check=True, timeout=60,
    )  # fmt: skip
    return tmp_path


async def test_cancel_stops_frame_analysis_at_the_next_frame(
    models: Models, tmp_path: Path, testsrc: Path
) -> None:
    store = FileStore(tmp_path / "media")
    frames = []
    for i in range(FRAMES):
        uri = f"media://runs/cancel/frames/f{i:02d}.jpg"
        store.put_file(testsrc / f"f{i + 1:02d}.jpg", uri)
        ref = store.ref(uri, "image/jpeg").model_dump(mode="json")
        frames.append(
            {
                "index": i,
                "timestamp_seconds": float(i),
                "width": 480,
                "height": 270,
                "image": ref,
                "scene_score": None,
            }
        )
    request = {"batch_index": 0, "frames": frames, "detectors": ["faces", "text"]}
    env, seen = ActivityEnvironment(), []
    cancelling_at(env, 2, seen)
    acts = PythonActivities(store, DownloadLimits(), models)
    with pytest.raises((asyncio.CancelledError, CancelledError)):
        await env.run(acts.analyze_frames, request)
    # Two frames analysed, the cancel sent, and not one frame more.
    assert seen == [1, 2]


async def test_cancel_stops_speech_detection_at_the_next_slice(
    models: Models, tmp_path: Path
) -> None:
    store = FileStore(tmp_path / "media")
    wav = tmp_path / "quiet.wav"
    slices = 4
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(RATE)
        w.writeframes(np.zeros(slices * AUDIO_SLICE_SECONDS * RATE, "<i2").tobytes())
    uri = "media://runs/cancel/audio/audio.wav"
    store.put_file(wav, uri)
    request = {"audio": store.ref(uri, "audio/wav").model_dump(mode="json")}
    env, seen = ActivityEnvironment(), []
    first = SLICE_SAMPLES // CHUNK  # speech probabilities of one slice
    cancelling_at(env, first, seen)
    acts = PythonActivities(store, DownloadLimits(), models)
    with pytest.raises((asyncio.CancelledError, CancelledError)):
        await env.run(acts.analyze_audio, request)
    assert seen == [first]


async def test_slices_do_not_shift_the_probabilities(models: Models) -> None:
    """Speech probabilities of audio cut into the activity's slices are those of the whole:
    each slice holds whole 512-sample chunks, so no zero padding lands mid-audio."""
    rng = np.random.default_rng(7)
    samples = (0.1 * rng.standard_normal(3 * AUDIO_SLICE_SECONDS * RATE)).astype(np.float32)
    whole = list(models.speech.stream().probabilities(samples))
    step = SLICE_SAMPLES
    stream = models.speech.stream()
    sliced = [
        p
        for at in range(0, len(samples), step)
        for p in stream.probabilities(samples[at : at + step])
    ]
    assert len(sliced) == len(whole)
    assert np.allclose(sliced, whole, atol=1e-5)
