"""The models of one worker process: loaded once at start-up, used from a bounded thread pool.

Inference runs in that pool (never on the event loop), one frame or one audio slice per hop,
so heartbeats keep flowing and a cancel takes effect at the next hop.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import cv2

from .faces import FaceDetector
from .speech import SpeechModel
from .text import TextReader

T = TypeVar("T")


class ModelError(Exception):
    """A model file is missing or cannot be loaded; the worker refuses to start."""


def threads() -> int:
    """ANALYSIS_THREADS: inference threads of the worker (default: 2, at most the CPUs)."""
    raw = os.environ.get("ANALYSIS_THREADS", "").strip()
    try:
        n = int(raw) if raw else min(2, os.cpu_count() or 1)
    except ValueError:
        raise ModelError(f"ANALYSIS_THREADS must be an integer, got {raw!r}") from None
    if n < 1:
        raise ModelError(f"ANALYSIS_THREADS must be at least 1, got {n}")
    return n


@dataclass(frozen=True)
class Models:
    faces: FaceDetector
    text: TextReader
    speech: SpeechModel
    pool: ThreadPoolExecutor

    @classmethod
    def load(cls) -> Models:
        n = threads()
        # Parallelism comes from the pool, which bounds how many calls run at once: OpenCV
        # and OCR stay on the calling thread.
        cv2.setNumThreads(1)
        faces = _load("face cascade", FaceDetector)
        text = _load("OCR models", TextReader)
        speech = _load("speech model", SpeechModel)
        pool = ThreadPoolExecutor(max_workers=n, thread_name_prefix="inference")
        return cls(faces, text, speech, pool)


def _load(name: str, make: Callable[[], T]) -> T:
    try:
        return make()
    except Exception as err:  # a missing, truncated or foreign file: say which, in one line
        one_line = " ".join(str(err).split())[:300]
        raise ModelError(f"cannot load the {name}: {one_line}") from None


@cache
def shared() -> Models:
    """The process's models (the worker loads them before it polls)."""
    return Models.load()
