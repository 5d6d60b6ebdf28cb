"""Image metrics of one frame, with Pillow and numpy: pure functions, no I/O beyond the file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from ..contracts.gen.models import FrameAnalysis, FrameRef

# A frame is black when nearly all of it is darker than this luma (full-range JPEG).
BLACK_LUMA = 32
BLACK_SHARE = 0.98
Float = NDArray[np.float64]


def luma(image: Image.Image) -> Float:
    return np.asarray(image.convert("L"), dtype=np.float64)


def laplacian_variance(y: Float) -> float:
    """Variance of the 4-neighbour Laplacian: the usual focus/sharpness measure."""
    lap = y[1:-1, :-2] + y[1:-1, 2:] + y[:-2, 1:-1] + y[2:, 1:-1] - 4.0 * y[1:-1, 1:-1]
    return float(lap.var())


@cache
def _dct_matrix(n: int) -> Float:
    k = np.arange(n)
    m = np.cos(np.pi * (2 * k[None, :] + 1) * k[:, None] / (2 * n)) * np.sqrt(2.0 / n)
    m[0] /= np.sqrt(2.0)
    return m


def phash(image: Image.Image) -> str:
    """64-bit DCT perceptual hash: low frequencies of a 32x32 greyscale, against their median."""
    small = luma(image.resize((32, 32), Image.Resampling.LANCZOS))
    d = _dct_matrix(32)
    low = (d @ small @ d.T)[:8, :8].flatten()
    bits = low > np.median(low[1:])  # DC term excluded from the median, as in pHash
    return f"{int(''.join('1' if b else '0' for b in bits), 2):016x}"


def dominant_colors(image: Image.Image, count: int = 3) -> list[str]:
    """Most frequent colours after median-cut quantisation of a thumbnail, most frequent first."""
    small = image.convert("RGB")
    small.thumbnail((64, 64))
    quant = small.quantize(colors=count, method=Image.Quantize.MEDIANCUT)
    palette: list[int] = quant.getpalette() or []
    counts: list[tuple[int, int]] = sorted(quant.getcolors() or [], reverse=True)  # type: ignore[arg-type]
    out = []
    for _, idx in counts[:count]:
        r, g, b = palette[idx * 3 : idx * 3 + 3]
        out.append(f"#{r:02x}{g:02x}{b:02x}")
    return out


def analyze(frame: FrameRef, path: Path) -> FrameAnalysis:
    with Image.open(path) as image:
        image.load()
        y = luma(image)
        return FrameAnalysis(
            index=frame.index,
            timestamp_seconds=frame.timestamp_seconds,
            brightness=float(y.mean()),
            contrast=float(y.std()),
            sharpness=laplacian_variance(y),
            is_black=bool((y < BLACK_LUMA).mean() >= BLACK_SHARE),
            dominant_colors=dominant_colors(image),
            phash=phash(image),
        )
