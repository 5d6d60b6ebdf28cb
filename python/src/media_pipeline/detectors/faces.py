"""Faces with the frontal Haar cascade that opencv-python-headless 4.x ships (5.x dropped it)."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from ..contracts.gen.models import Box, Face

CASCADE = "haarcascade_frontalface_default.xml"
# Smallest face looked for, in pixels of the analysed frame: smaller ones are mostly noise.
MIN_FACE = 24


class FaceDetector:
    """One cascade per thread: a CascadeClassifier keeps scratch state while it detects, so two
    pool threads sharing one miss faces (seen in e2e once a batch ran its frames in parallel)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(cv2.data.haarcascades) / CASCADE  # type: ignore[attr-defined]
        if not self.path.is_file():
            raise FileNotFoundError(f"{self.path} is missing")
        self.local = threading.local()
        self.local.cascade = self._load()  # at start-up: a bad file stops the worker here

    def _load(self) -> cv2.CascadeClassifier:
        try:
            cascade = cv2.CascadeClassifier(str(self.path))
        except (cv2.error, SystemError) as err:  # a file OpenCV cannot parse raises here
            raise ValueError(f"{self.path} is not a readable Haar cascade: {err}") from None
        if cascade.empty():
            raise ValueError(f"{self.path} is not a readable Haar cascade")
        return cascade

    @property
    def cascade(self) -> cv2.CascadeClassifier:
        cascade = getattr(self.local, "cascade", None)
        if cascade is None:
            cascade = self.local.cascade = self._load()
        return cascade

    def detect(self, gray: NDArray[np.uint8]) -> list[Face]:
        if min(gray.shape) < MIN_FACE:
            return []
        rects, _, weights = self.cascade.detectMultiScale3(
            gray,
            scaleFactor=1.1,
            minNeighbors=5,
            minSize=(MIN_FACE, MIN_FACE),
            outputRejectLevels=True,
        )
        faces = [
            Face(
                box=Box(x=int(x), y=int(y), width=int(w), height=int(h)),
                score=score(float(weight)),
            )
            for (x, y, w, h), weight in zip(rects, np.ravel(weights), strict=True)
        ]
        return sorted(faces, key=lambda f: (f.box.y, f.box.x))


def score(weight: float) -> float:
    """The last stage's sum (unbounded, > 0 for a face) squashed to 0-1 by a logistic, 3 decimals:
    the raw sum varies in its last bits between CPUs, the rounded figure does not."""
    return round(1 / (1 + math.exp(-weight)), 3)
