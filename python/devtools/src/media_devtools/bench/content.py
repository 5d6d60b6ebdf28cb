"""Content analysis figures: each detector's cost per frame (speech and loudness per second of
audio) in this process on the real models, and R60 end to end with every detector on versus
none, alternating in the same run.

Per-frame figures are medians over frames of R60 (testsrc2 with its counter drawn on it: a
frame with text to read, no face) and one frame with a face (matplotlib's photo), both at the
pipeline's default frame width. CPU time is the process's user+system time over the calls,
all inference threads included; wall time is what one call takes on a machine that may be
busy with other work.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from PIL import Image

from media_pipeline.activities.content import read_wav
from media_pipeline.detectors.models import Models

FRAME_WIDTH = 480  # the pipeline's default frame_width
FRAMES = 12
FACE_PHOTO = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def per_call(fn: Callable[[Any], object], items: list[Any]) -> dict[str, float]:
    """Median wall ms of one call and mean CPU ms per call, after one warm-up call."""
    fn(items[0])
    walls = []
    cpu0 = cpu_seconds()
    for item in items:
        began = time.perf_counter()
        fn(item)
        walls.append(1000 * (time.perf_counter() - began))
    return {
        "wall_ms": statistics.median(walls),
        "cpu_ms": 1000 * (cpu_seconds() - cpu0) / len(items),
        "calls": len(items),
    }


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=300)


def detectors(video: Path) -> dict[str, Any]:
    print("content: detector cost per frame", flush=True)
    models = Models.load()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        ffmpeg("-i", str(video), "-vf", f"fps=1/5,scale={FRAME_WIDTH}:-2", "-frames:v",
               str(FRAMES), str(d / "f%03d.jpg"))  # fmt: skip
        frames = [Image.open(p).convert("RGB") for p in sorted(d.glob("f*.jpg"))]
        face = Image.open(FACE_PHOTO).convert("RGB")
        face = face.resize((FRAME_WIDTH, round(face.height * FRAME_WIDTH / face.width)))
        gray = [np.asarray(f.convert("L")) for f in frames]
        out: dict[str, Any] = {
            "frame_width": FRAME_WIDTH,
            "faces": per_call(models.faces.detect, gray),
            "faces_on_a_face": per_call(models.faces.detect, [np.asarray(face.convert("L"))] * 5),
            "text": per_call(models.text.read, frames),
            "text_on_a_face": per_call(models.text.read, [face] * 3),
            "text_lines_read": sum(len(models.text.read(f)) for f in frames[:3]),
        }
        # Speech: silero-vad over R60's audio as 16 kHz PCM, in the activity's 30 s slices.
        wav = d / "audio.wav"
        ffmpeg("-i", str(video), "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", str(wav))
        samples = read_wav(wav, "audio.wav")
        seconds = len(samples) / 16000
        stream = models.speech.stream()
        cpu0, began = cpu_seconds(), time.perf_counter()
        list(stream.probabilities(samples))
        wall, cpu = time.perf_counter() - began, cpu_seconds() - cpu0
        out["speech"] = {
            "wall_ms_per_audio_second": 1000 * wall / seconds,
            "cpu_ms_per_audio_second": 1000 * cpu / seconds,
            "audio_seconds": seconds,
        }
        # Loudness and silence: the ffmpeg filters extract_audio runs (in a child process).
        began = time.perf_counter()
        subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "info", "-i", str(video), "-vn", "-af",
             "ebur128=peak=true,silencedetect=noise=-50dB:d=0.5", "-f", "null", "-"],
            check=True, timeout=300, capture_output=True,
        )  # fmt: skip
        out["loudness"] = {
            "wall_ms_per_audio_second": 1000 * (time.perf_counter() - began) / seconds
        }
    models.pool.shutdown()
    for name in ("faces", "faces_on_a_face", "text", "text_on_a_face"):
        f = out[name]
        print(f"  {name}: {f['wall_ms']:.1f} ms wall, {f['cpu_ms']:.1f} ms CPU per frame")
    s = out["speech"]
    print(f"  speech: {s['cpu_ms_per_audio_second']:.2f} ms CPU per second of audio")
    print(f"  loudness: {out['loudness']['wall_ms_per_audio_second']:.2f} ms per second of audio")
    return out


def report(c: dict[str, Any], verdict: Callable[[bool], str]) -> list[str]:
    d, o = c["detectors"], c["on_off"]
    lines = [
        "",
        f"## Content detectors ({d['frame_width']} px frames, this process, real models)",
        "",
        "| detector | wall ms per frame | CPU ms per frame |",
        "|---|---|---|",
    ]
    for name, label in (
        ("faces", "faces (Haar), R60 frame"),
        ("faces_on_a_face", "faces (Haar), photo with a face"),
        ("text", "text (RapidOCR), R60 frame with its counter"),
        ("text_on_a_face", "text (RapidOCR), photo"),
    ):
        lines.append(f"| {label} | {d[name]['wall_ms']:.1f} | {d[name]['cpu_ms']:.1f} |")
    s = d["speech"]
    lines += [
        f"| speech (silero-vad), per second of audio | {s['wall_ms_per_audio_second']:.2f} | "
        f"{s['cpu_ms_per_audio_second']:.2f} |",
        f"| loudness + silence (ffmpeg), per second of audio | "
        f"{d['loudness']['wall_ms_per_audio_second']:.2f} | |",
        "",
        "R60 end to end, alternating in the same run:",
        "",
        "| detectors | seconds (median) |",
        "|---|---|",
        f"| none | {o['off_seconds']:.2f} |",
        f"| all (faces, text, speech, loudness) | {o['on_seconds']:.2f} |",
        f"| **on / off** | **{o['ratio']:.2f}** (target <= 1.5: {verdict(o['ratio'] <= 1.5)}) |",
    ]
    return lines
