"""Frame metrics on real images made with Pillow."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from media_pipeline.activities.metrics import analyze, dominant_colors, phash
from media_pipeline.contracts.gen.models import FrameRef
from media_pipeline.workflows.summary import distance as hamming

RNG = np.random.default_rng(7)
SCENE_HASH = "cf05367ab4693931"


def frame(path: Path, image: Image.Image, index: int = 0) -> FrameRef:
    image.save(path, quality=92)
    ref = {
        "uri": "media://f.jpg",
        "sha256": "0" * 64,
        "size_bytes": 1,
        "content_type": "image/jpeg",
    }
    return FrameRef.model_validate(
        {
            "index": index,
            "timestamp_seconds": 1.5,
            "width": image.width,
            "height": image.height,
            "image": ref,
            "scene_score": None,
        }
    )


def checkerboard(size: int = 240, cell: int = 8) -> Image.Image:
    y, x = np.mgrid[0:size, 0:size]
    board = (((x // cell) + (y // cell)) % 2 * 255).astype(np.uint8)
    return Image.fromarray(board).convert("RGB")


def test_black_frame_is_flagged(tmp_path: Path) -> None:
    noise = RNG.integers(0, 12, (180, 320, 3), dtype=np.uint8)  # dark with sensor-like noise
    result = analyze(f := frame(tmp_path / "b.jpg", Image.fromarray(noise)), tmp_path / "b.jpg")
    assert result.is_black
    assert result.brightness < 20
    assert result.index == f.index and result.timestamp_seconds == 1.5


def test_sharp_beats_blurred_and_neither_is_black(tmp_path: Path) -> None:
    sharp = checkerboard()
    blurred = sharp.filter(ImageFilter.GaussianBlur(4))
    a = analyze(frame(tmp_path / "s.jpg", sharp), tmp_path / "s.jpg")
    b = analyze(frame(tmp_path / "u.jpg", blurred), tmp_path / "u.jpg")
    assert a.sharpness > 10 * b.sharpness
    assert not a.is_black and not b.is_black
    assert a.contrast == pytest.approx(127.5, abs=8)


def scene(size: int = 256) -> Image.Image:
    """A picture with structure at low frequencies (shapes on a gradient), like a video frame."""
    image = Image.linear_gradient("L").resize((size, size)).convert("RGB")
    draw = ImageDraw.Draw(image)
    s = size / 256
    draw.ellipse((40 * s, 30 * s, 150 * s, 140 * s), fill=(230, 200, 40))
    draw.rectangle((150 * s, 150 * s, 240 * s, 220 * s), fill=(20, 60, 200))
    draw.polygon([(10 * s, 250 * s), (90 * s, 160 * s), (120 * s, 250 * s)], fill=(250, 250, 250))
    return image


def test_phash_is_stable_under_resizing_and_differs_across_images() -> None:
    base = scene()
    other = Image.fromarray(RNG.integers(0, 255, (256, 256, 3), dtype=np.uint8))
    for size in (128, 200, 512):
        assert hamming(phash(base), phash(base.resize((size, size)))) <= 4
    assert hamming(phash(base), phash(scene(512))) <= 4
    assert hamming(phash(base), phash(other)) >= 16


def test_phash_is_the_same_on_every_machine() -> None:
    # Known answers: the hash is integer arithmetic end to end, so these values hold on any
    # CPU, BLAS kernel or thread count (a float DCT flipped bits between machines here).
    assert phash(scene()) == SCENE_HASH
    # A flat image and an 8x8 checkerboard have no energy in the 63 low AC terms: they tie
    # at exactly 0 and give 0 bits; only the DC term is above the median.
    assert phash(Image.new("RGB", (64, 64), (90, 90, 90))) == "8000000000000000"
    assert phash(checkerboard(256, 32)) == "8000000000000000"


def test_figures_are_exact_integer_statistics(tmp_path: Path) -> None:
    # brightness, contrast and sharpness come from exact integer sums: compare with a
    # stated tolerance against the float formulas rather than exact digits.
    image = scene()
    result = analyze(frame(tmp_path / "g.jpg", image), tmp_path / "g.jpg")
    with Image.open(tmp_path / "g.jpg") as decoded:
        y = np.asarray(decoded.convert("L"), dtype=np.float64)
    assert result.brightness == pytest.approx(y.mean(), rel=1e-12)
    assert result.contrast == pytest.approx(y.std(), rel=1e-12)


def test_dominant_colours_follow_the_pixels() -> None:
    img = Image.new("RGB", (100, 100), (255, 0, 0))
    img.paste((0, 0, 255), (0, 0, 100, 30))
    colors = dominant_colors(img)
    assert colors[0] == "#ff0000"
    assert "#0000ff" in colors
