"""On-screen text with RapidOCR (PP-OCRv4 models inside the rapidocr-onnxruntime wheel)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from ..contracts.gen.models import Box, TextLine

# Text detection (DB) and recognition want glyphs of 20-40 px. Frames come at their extracted
# width (480 px by default) and are read as they are; smaller ones are scaled up to this
# longer side, and larger ones are detected at most at OCR_MAX_SIDE (RapidOCR's default scales
# the *shorter* side up to 736 px, 1308x736 for a 16:9 frame: three times the work of 480 px
# for no better reading of frame-sized text).
OCR_SIDE = 480
OCR_MAX_SIDE = 640
MIN_SCORE = 0.5
# Threads of the ONNX session. One: parallelism comes from the inference pool, which now keeps
# two reads in flight; two intra-op threads per read then oversubscribe the cores, and their
# spinning cost 40% more CPU for the same reads (same results: the scores are identical).
OCR_THREADS = 1


class TextReader:
    def __init__(self, threads: int = OCR_THREADS) -> None:
        from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]

        self.engine = RapidOCR(
            intra_op_num_threads=threads,
            inter_op_num_threads=1,
            print_verbose=False,
            det_limit_type="max",
            det_limit_side_len=OCR_MAX_SIDE,
            # Frames are upright: the 180-degree classifier only costs time.
            use_cls=False,
        )

    def read(self, image: Image.Image) -> list[TextLine]:
        rgb = image.convert("RGB")
        scale = OCR_SIDE / max(rgb.size)
        if scale > 1:
            size = (round(rgb.width * scale), round(rgb.height * scale))
            rgb = rgb.resize(size, Image.Resampling.BICUBIC)
        bgr: NDArray[np.uint8] = np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])
        found, _ = self.engine(bgr)
        lines = []
        for points, text, conf in found or []:
            text = " ".join(str(text).split())[:200]
            if not text or float(conf) < MIN_SCORE:
                continue
            lines.append(
                TextLine(text=text, score=round(float(conf), 3), box=box(points, scale, image.size))
            )
        return sorted(lines, key=lambda t: (t.box.y, t.box.x, t.text))


def box(points: list[list[float]], scale: float, size: tuple[int, int]) -> Box:
    """Axis-aligned integer box in the original frame's pixels."""
    s = max(scale, 1.0)
    xs = [p[0] / s for p in points]
    ys = [p[1] / s for p in points]
    x0, y0 = max(0, round(min(xs))), max(0, round(min(ys)))
    x1, y1 = min(size[0], round(max(xs))), min(size[1], round(max(ys)))
    return Box(x=x0, y=y0, width=max(0, x1 - x0), height=max(0, y1 - y0))
