"""Speech segments with silero-vad's ONNX model, run by onnxruntime alone (no torch).

The model takes 512-sample chunks at 16 kHz, each preceded by the last 64 samples of the
previous chunk (its context), and carries a recurrent state of shape [2, 1, 128].
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnxruntime as ort  # type: ignore[import-untyped]
from numpy.typing import NDArray

RATE = 16000
CHUNK = 512
CONTEXT = 64
# silero's own defaults (get_speech_timestamps): enter at 0.5, leave below 0.35, ignore
# speech shorter than 250 ms, merge over silences shorter than 100 ms.
THRESHOLD = 0.5
NEG_THRESHOLD = 0.35
MIN_SPEECH = 0.25
MIN_SILENCE = 0.1


def model_path() -> Path:
    """The model file, found without importing silero_vad (its __init__ imports torch)."""
    spec = importlib.util.find_spec("silero_vad")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the silero-vad package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "silero_vad.onnx"


class SpeechModel:
    def __init__(self, path: Path | None = None, threads: int = 1) -> None:
        self.path = path or model_path()
        if not self.path.is_file():
            raise FileNotFoundError(f"{self.path} is missing")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(self.path), sess_options=opts, providers=["CPUExecutionProvider"]
        )

    def stream(self) -> SpeechStream:
        return SpeechStream(self)


@dataclass
class SpeechStream:
    """Chunk-by-chunk probabilities, so a long file is processed in slices between heartbeats."""

    model: SpeechModel
    state: NDArray[np.float32] = field(default_factory=lambda: np.zeros((2, 1, 128), np.float32))
    context: NDArray[np.float32] = field(default_factory=lambda: np.zeros(CONTEXT, np.float32))

    def probabilities(self, samples: NDArray[np.float32]) -> Iterator[float]:
        rate = np.array(RATE, dtype=np.int64)
        for start in range(0, len(samples), CHUNK):
            chunk = samples[start : start + CHUNK]
            if len(chunk) < CHUNK:
                chunk = np.pad(chunk, (0, CHUNK - len(chunk)))
            x = np.concatenate([self.context, chunk])[None, :]
            out, self.state = self.model.session.run(
                None, {"input": x, "state": self.state, "sr": rate}
            )
            self.context = chunk[-CONTEXT:]
            yield float(out[0][0])


def segments(probs: list[float], duration: float) -> list[tuple[float, float]]:
    """Speech segments (seconds, 3 decimals) from per-chunk probabilities, with hysteresis."""
    step = CHUNK / RATE
    found: list[tuple[float, float]] = []
    start: float | None = None
    quiet_since: float | None = None
    for i, p in enumerate(probs):
        t = i * step
        if p >= THRESHOLD:
            quiet_since = None
            if start is None:
                start = t
        elif start is not None and p < NEG_THRESHOLD:
            quiet_since = t if quiet_since is None else quiet_since
            if t + step - quiet_since >= MIN_SILENCE:
                found.append((start, quiet_since))
                start = quiet_since = None
    if start is not None:
        found.append((start, quiet_since if quiet_since is not None else len(probs) * step))
    return [(round(a, 3), round(min(b, duration), 3)) for a, b in found if b - a >= MIN_SPEECH]
