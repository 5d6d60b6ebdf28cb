"""Image metrics of one frame, with Pillow and numpy: pure functions, no I/O beyond the file."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from ..contracts.gen.models import FrameAnalysis, FrameRef

# A frame is black when nearly all of it is darker than this luma (full-range JPEG).
BLACK_LUMA = 32
BLACK_SHARE = 0.98
Int = NDArray[np.int64]

# Every figure below is computed in integers, then divided once, so it is the same on every
# CPU, BLAS kernel and thread count: floats that are stored or compared (the poster choice, the
# hash) must not depend on the order or width of a machine's vector additions. Pillow's
# greyscale conversion and box resampling are fixed-point integer code, and libjpeg-turbo's
# SIMD decoders are bit-exact with its C code, so the pixels themselves are portable.


def luma(image: Image.Image) -> Int:
    return np.asarray(image.convert("L"), dtype=np.int64)


def mean_and_variance(values: Int) -> tuple[float, float]:
    """Mean and population variance from exact integer sums (one rounding each)."""
    n = values.size
    total = int(values.sum())
    squares = int((values * values).sum())
    return total / n, (n * squares - total * total) / (n * n)


def laplacian_variance(y: Int) -> float:
    """Variance of the 4-neighbour Laplacian: the usual focus/sharpness measure."""
    lap = y[1:-1, :-2] + y[1:-1, 2:] + y[:-2, 1:-1] + y[2:, 1:-1] - 4 * y[1:-1, 1:-1]
    return mean_and_variance(lap)[1]


HASH_SIZE = 32  # the greyscale thumbnail is 32x32 ...
LOW = 8  # ... and its 8x8 lowest DCT frequencies give the 64 bits
DCT_SCALE = 1 << 12


def _dct_rows() -> Int:
    """The first LOW rows of the orthonormal DCT-II matrix, scaled to integers.

    Built with scalar math.cos and rounded to integers once, so the matrix is the same
    everywhere; a guard refuses a value too close to a rounding tie to be portable.
    """
    rows = []
    for k in range(LOW):
        scale = math.sqrt((1 if k == 0 else 2) / HASH_SIZE) * DCT_SCALE
        row = []
        for n in range(HASH_SIZE):
            exact = scale * math.cos(math.pi * (2 * n + 1) * k / (2 * HASH_SIZE))
            if abs(abs(exact - math.floor(exact)) - 0.5) < 1e-6:
                raise RuntimeError("a DCT entry is too close to a rounding tie to be portable")
            row.append(round(exact))
        rows.append(row)
    return np.array(rows, dtype=np.int64)


DCT = _dct_rows()


def phash(image: Image.Image) -> str:
    """64-bit DCT perceptual hash, bit-identical on every machine.

    What is hashed: the image in 8-bit greyscale (Pillow's ITU-R 601 luma), box-resampled to
    32x32; its 2-D DCT-II, kept to the 8x8 lowest frequencies, computed exactly in int64 with
    the integer matrix above (no floating point, no BLAS). Bit i (row-major, most significant
    first) is 1 when coefficient i is strictly greater than the median of the 63 AC
    coefficients (the DC term is left out of the median, as in pHash). 63 is odd, so the
    median is one of the coefficients; ties compare as "not greater" and give 0, so equal
    coefficients always give the same bits.
    """
    small = luma(image.resize((HASH_SIZE, HASH_SIZE), Image.Resampling.BOX))
    low = (DCT @ small @ DCT.T).flatten()
    median = int(np.sort(low[1:])[(low.size - 1) // 2])
    bits = "".join("1" if c > median else "0" for c in low.tolist())
    return f"{int(bits, 2):016x}"


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
        brightness, variance = mean_and_variance(y)
        return FrameAnalysis(
            index=frame.index,
            timestamp_seconds=frame.timestamp_seconds,
            brightness=brightness,
            contrast=math.sqrt(variance),
            sharpness=laplacian_variance(y),
            is_black=int((y < BLACK_LUMA).sum()) >= BLACK_SHARE * y.size,
            dominant_colors=dominant_colors(image),
            phash=phash(image),
        )
