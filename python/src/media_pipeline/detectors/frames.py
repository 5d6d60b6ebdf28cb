"""Faces and on-screen text of the frames of one batch.

OCR costs about 5x the face cascade, so it runs only on frames that look different from the
last frame it read (perceptual hash), or when that read is getting old; the frames between
repeat its lines, which keeps first/last-seen times within one sampled frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from ..contracts.gen.models import Face, FrameAnalysis, TextLine
from ..workflows.summary import distance
from .models import Models

# A hash this far (of 64 bits) from the last one read means the picture changed: read again.
REREAD_BITS = 4
# ... and at least this often, for text that changes without moving the hash.
REREAD_SECONDS = 10.0


@dataclass
class TextGate:
    """Which frames OCR reads. It decides from hashes and times alone, never from what a read
    found, so a batch's reads are all known before the first one runs."""

    phash: str | None = None
    at: float = 0.0

    def needs_read(self, a: FrameAnalysis) -> bool:
        read = (
            self.phash is None
            or distance(self.phash, a.phash) >= REREAD_BITS
            or abs(a.timestamp_seconds - self.at) >= REREAD_SECONDS
        )
        if read:
            self.phash, self.at = a.phash, a.timestamp_seconds
        return read


def faces_of(models: Models, path: Path) -> list[Face]:
    with Image.open(path) as image:
        gray = np.asarray(image.convert("L"), dtype=np.uint8)
    return models.faces.detect(gray)


def texts_of(models: Models, path: Path) -> list[TextLine]:
    with Image.open(path) as image:
        image.load()
        return models.text.read(image)
