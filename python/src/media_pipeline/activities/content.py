"""Content activities of the Python worker: faces and text inside analyze_frames, speech
(analyze_audio) and the one per-video details document (merge_details).

Every model call runs in the models' bounded pool, one frame or one audio slice per call.
"""

from __future__ import annotations

import asyncio
import json
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from opentelemetry import trace
from temporalio import activity

from ..contracts.gen.models import (
    AnalyzeAudioOutput,
    Detector,
    Face,
    FrameAnalysis,
    MediaRef,
    MergeDetailsInput,
    MergeDetailsOutput,
    TextLine,
    TimeRange,
)
from ..detectors import frames as content
from ..detectors.models import Models
from ..detectors.speech import CHUNK, RATE, segments
from ..errors import ErrorType, failure
from ..media.store import MediaStore

T = TypeVar("T")
# Seconds of audio per thread hop (about 3 ms of inference each).
AUDIO_SLICE_SECONDS = 30
# Whole 512-sample chunks per slice: a slice ending mid-chunk would be padded with zeros there,
# and every later probability would come 32 ms late.
SLICE_SAMPLES = AUDIO_SLICE_SECONDS * RATE // CHUNK * CHUNK


# A no-op until a tracer provider is installed (telemetry.tracing), so untraced runs pay nothing.
tracer = trace.get_tracer(__name__)


async def in_pool(models: Models, fn: Callable[..., T], *args: Any) -> T:
    """One model inference in the pool, as one span under the activity (model = fn's name)."""
    with tracer.start_as_current_span(f"model {fn.__name__}"):
        return await asyncio.get_running_loop().run_in_executor(models.pool, fn, *args)


class FrameContent:
    """Faces and on-screen text of one batch's frames, each inference submitted to the pool as
    soon as its frame is analysed: the pool stays busy to the batch's end (a batch no longer
    waits on each frame in turn while the other core idles). The text gate needs only hashes
    and times, so the reads are known up front; a frame it skips shows the lines of the last
    frame read before it, exactly as when the frames ran one by one."""

    def __init__(self, models: Models, want: set[Detector]) -> None:
        self.models, self.want = models, want
        self.gate = content.TextGate()
        self.faces: list[asyncio.Future[list[Face]]] = []
        self.reads: list[asyncio.Future[list[TextLine]]] = []
        self.read_of: list[int] = []  # per frame, its index in reads

    def add(self, a: FrameAnalysis, path: Path, uri: str) -> None:
        if Detector.faces in self.want:
            self.faces.append(self._infer(content.faces_of, path, uri))
        if Detector.text in self.want:
            if self.gate.needs_read(a):
                self.reads.append(self._infer(content.texts_of, path, uri))
            self.read_of.append(len(self.reads) - 1)

    async def results(self, analyses: list[FrameAnalysis]) -> list[FrameAnalysis]:
        await asyncio.gather(*self.faces, *self.reads)
        out = []
        for i, a in enumerate(analyses):
            extra: dict[str, Any] = {}
            if self.faces:
                extra["faces"] = self.faces[i].result()
            if self.read_of:
                extra["texts"] = self.reads[self.read_of[i]].result()
            out.append(a.model_copy(update=extra))
        return out

    def cancel(self) -> None:
        """Inferences not started never will; the failures of those that ended are seen."""
        started: list[asyncio.Future[Any]] = [*self.faces, *self.reads]
        for f in started:
            if not f.cancel() and not f.cancelled():
                f.exception()

    def _infer(self, fn: Callable[[Models, Path], T], path: Path, uri: str) -> asyncio.Future[T]:
        async def run() -> T:
            try:
                return await in_pool(self.models, fn, self.models, path)
            except OSError as err:  # PIL's errors for an undecodable image
                raise failure(
                    ErrorType.MEDIA_CORRUPT, f"frame {uri} cannot be decoded: {err}"
                ) from err

        return asyncio.ensure_future(run())


def details_doc(analyses: list[FrameAnalysis]) -> bytes:
    rows = [
        a.model_dump(mode="json", include={"index", "timestamp_seconds", "faces", "texts"})
        for a in analyses
    ]
    return json.dumps({"frames": rows}, separators=(",", ":"), ensure_ascii=False).encode()


def write_json(store: MediaStore, uri: str, body: bytes) -> MediaRef:
    with store.writer(uri) as out:
        out.write(body)
    # The writer hashed the bytes on their way out: no second read (a GET on S3).
    return MediaRef(
        uri=uri, sha256=out.sha256.hexdigest(), size_bytes=out.size, content_type="application/json"
    )


def merge(store: MediaStore, req: MergeDetailsInput) -> MergeDetailsOutput:
    """Concatenate the parts (keys sort in frame order: g<group>/b<batch>.json)."""
    frames: list[Any] = []
    for part in store.list_below(req.parts_prefix):
        if part.endswith(".json"):
            frames.extend(json.loads(store.read_bytes(part))["frames"])
    frames.sort(key=lambda f: f["index"])
    body = json.dumps({"frames": frames}, separators=(",", ":"), ensure_ascii=False).encode()
    return MergeDetailsOutput(details=write_json(store, req.output, body), frames=len(frames))


def read_wav(path: Path, uri: str) -> np.ndarray:
    try:
        with wave.open(str(path), "rb") as w:
            if w.getframerate() != RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
                raise failure(ErrorType.INVALID_INPUT, f"{uri} is not 16 kHz mono 16-bit PCM")
            raw = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as err:
        raise failure(ErrorType.MEDIA_CORRUPT, f"{uri} is not a readable WAV: {err}") from err
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0


async def speech(models: Models, store: MediaStore, audio: MediaRef) -> AnalyzeAudioOutput:
    path = await asyncio.to_thread(store.open_checked, audio)
    samples = await asyncio.to_thread(read_wav, path, audio.uri)
    stream = models.speech.stream()
    probs: list[float] = []
    step = SLICE_SAMPLES

    def speech_probabilities(chunk: np.ndarray) -> list[float]:
        return list(stream.probabilities(chunk))

    for start in range(0, len(samples), step):
        probs.extend(await in_pool(models, speech_probabilities, samples[start : start + step]))
        activity.heartbeat(len(probs))
    duration = round(len(samples) / RATE, 3)
    found = [TimeRange(start_seconds=a, end_seconds=b) for a, b in segments(probs, duration)]
    total = round(sum(r.end_seconds - r.start_seconds for r in found), 3)
    return AnalyzeAudioOutput(speech=found, speech_seconds=total, duration_seconds=duration)
