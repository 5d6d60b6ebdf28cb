"""Known-answer tests of the content detectors on real media made here, with the real models."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image

from media_pipeline.activities.content import read_wav
from media_pipeline.detectors.models import Models
from media_pipeline.detectors.speech import segments

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FACE = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"


@pytest.fixture(scope="module")
def models() -> Models:
    return Models.load()


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


def test_reads_drawn_text_exactly(models: Models, tmp_path: Path) -> None:
    out = tmp_path / "text.jpg"
    draw = f"drawtext=fontfile={FONT}:text=PIPELINE:fontsize=40:fontcolor=white:x=60:y=110"
    ffmpeg("-f", "lavfi", "-i", "color=c=navy:s=480x270", "-frames:v", "1", "-vf", draw, str(out))
    lines = models.text.read(Image.open(out))
    assert [t.text for t in lines] == ["PIPELINE"]
    box = lines[0].box  # integer pixels of the 480x270 frame, around x=60, y=110
    assert abs(box.x - 60) <= 12 and abs(box.y - 110) <= 12


def test_face_in_photo_none_in_testsrc(models: Models, tmp_path: Path) -> None:
    photo = np.asarray(Image.open(FACE).convert("L").resize((480, 562)))
    faces = models.faces.detect(photo)
    assert len(faces) == 1 and 0 <= faces[0].score <= 1
    src = tmp_path / "testsrc.png"
    ffmpeg("-f", "lavfi", "-i", "testsrc=s=480x270", "-frames:v", "1", str(src))
    assert models.faces.detect(np.asarray(Image.open(src).convert("L"))) == []
    assert models.faces.detect(np.zeros((16, 16), np.uint8)) == []


def test_speech_segment_where_the_speech_is(models: Models, tmp_path: Path) -> None:
    voice, wav = tmp_path / "voice.wav", tmp_path / "speech.wav"
    subprocess.run(["espeak-ng", "-w", str(voice), "the quick brown fox"], check=True)
    silence = "anullsrc=r=16000:cl=mono,atrim=0:2"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        silence,
        "-i",
        str(voice),
        "-f",
        "lavfi",
        "-i",
        silence,
        "-filter_complex",
        "[1:a]aresample=16000,aformat=channel_layouts=mono[v];[0:a][v][2:a]concat=n=3:v=0:a=1",
        "-c:a",
        "pcm_s16le",
        str(wav),
    )
    samples = read_wav(wav, "speech.wav")
    stream = models.speech.stream()
    found = segments(list(stream.probabilities(samples)), len(samples) / 16000)
    # espeak-ng's own output has quiet edges: where it is loud is what speech means here.
    with wave.open(str(voice)) as w:  # espeak-ng writes 22050 Hz mono 16-bit
        rate, pcm = w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), "<i2")
    voiced = np.flatnonzero(np.abs(pcm) > 0.02 * 32768)
    start, end = 2 + voiced[0] / rate, 2 + voiced[-1] / rate
    assert len(found) == 1, found
    assert abs(found[0][0] - start) <= 0.3 and abs(found[0][1] - end) <= 0.3, (found, start, end)


def test_worker_refuses_a_corrupt_model(tmp_path: Path) -> None:
    bad = tmp_path / "cascade.xml"
    bad.write_text("not a cascade")
    from media_pipeline.detectors.faces import FaceDetector

    with pytest.raises(ValueError, match="not a readable Haar cascade"):
        FaceDetector(bad)


def test_faces_from_two_pool_threads_match_one_thread(models: Models) -> None:
    """The inference pool runs two frames at once: one shared OpenCV cascade then corrupts its
    scratch state (wrong answers, or a vector range error), so each thread has its own."""
    from concurrent.futures import ThreadPoolExecutor

    with Image.open(FACE) as image:
        gray = image.convert("L")
        frames = [np.asarray(gray.resize((w, w * 5 // 4)), dtype=np.uint8) for w in (480, 400, 320)]
    frames.append(np.random.default_rng(1).integers(0, 255, (270, 480), dtype=np.uint8))
    want = [models.faces.detect(f) for f in frames]
    assert [len(w) for w in want] == [1, 1, 1, 0]
    with ThreadPoolExecutor(2) as pool:
        got = list(pool.map(lambda i: models.faces.detect(frames[i % 4]), range(200)))
    assert all(g == want[i % 4] for i, g in enumerate(got))
