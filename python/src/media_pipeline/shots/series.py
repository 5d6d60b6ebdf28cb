"""The per-frame feature series that shot detection reads.

The Go worker computes it in the ffmpeg pass of extract_frames, from a 64x36 YUV 4:2:0 copy of
every decoded frame (go-worker/internal/activities/shots_series.go), and writes one JSON
document per extraction segment to the media store:

    {"version": 1, "width": 64, "height": 36, "segment": [start, end],
     "frames": [[t_ms, y0..y15, u0..u7, v0..v7, g0..g15], ...]}

y: luma histogram (16 bins of Y >> 4), u, v: chroma histograms (8 bins of U >> 5, V >> 5),
g: mean luma of a 4x4 grid of 16x9 blocks (integer division). Every value is an integer, so
the series and everything computed from it are the same on every CPU. `features` below is the
same computation in Python (tests, evaluation, bench); a shared vector keeps the two equal.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

WIDTH, HEIGHT = 64, 36
Y_BINS, C_BINS, GRID = 16, 8, 4
FRAME_BYTES = WIDTH * HEIGHT * 3 // 2
ROW = 1 + Y_BINS + 2 * C_BINS + GRID * GRID  # t_ms + features
VERSION = 1

Frame = list[int]


def features(t_ms: int, yuv: bytes) -> Frame:
    """One series row from a 64x36 yuv420p frame."""
    buf = np.frombuffer(yuv, dtype=np.uint8)
    y = buf[: WIDTH * HEIGHT].reshape(HEIGHT, WIDTH)
    c = WIDTH * HEIGHT // 4
    u = buf[WIDTH * HEIGHT : WIDTH * HEIGHT + c]
    v = buf[WIDTH * HEIGHT + c :]
    yh = np.bincount(y.ravel() >> 4, minlength=Y_BINS)
    uh = np.bincount(u >> 5, minlength=C_BINS)
    vh = np.bincount(v >> 5, minlength=C_BINS)
    bh, bw = HEIGHT // GRID, WIDTH // GRID
    sums = y.astype(np.int64).reshape(GRID, bh, GRID, bw).sum(axis=(1, 3)).ravel()
    grid = sums // (bh * bw)
    return [t_ms, *map(int, yh), *map(int, uh), *map(int, vh), *map(int, grid)]


def doc(frames: Sequence[Frame], segment: tuple[float, float]) -> dict[str, object]:
    return {
        "version": VERSION,
        "width": WIDTH,
        "height": HEIGHT,
        "segment": list(segment),
        "frames": [list(f) for f in frames],
    }


def parse(raw: bytes | str) -> list[Frame]:
    d = json.loads(raw)
    if d.get("version") != VERSION or d.get("width") != WIDTH or d.get("height") != HEIGHT:
        raise ValueError("shot series: unsupported version or size")
    frames = d["frames"]
    if not isinstance(frames, list) or any(
        not isinstance(f, list) or len(f) != ROW or not all(type(x) is int for x in f)
        for f in frames
    ):
        raise ValueError(f"shot series: every frame must be {ROW} integers")
    return frames


def merge(parts: Iterable[Sequence[Frame]]) -> list[Frame]:
    """Rows of all segments in time order, one per millisecond."""
    seen: dict[int, Frame] = {}
    for part in parts:
        for f in part:
            seen.setdefault(f[0], list(f))
    return [seen[t] for t in sorted(seen)]


_PTS = re.compile(rb"\[Parsed_showinfo_\d+ @ [^\]]+\] n:\s*\d+ pts:\s*(-?\d+) pts_time:(\S+)")


def from_video(path: Path) -> list[Frame]:
    """The series of a whole video, decoded by ffmpeg here (tests, evaluation, bench)."""
    args = ["ffmpeg", "-nostdin", "-v", "info", "-i", str(path), "-map", "0:V:0", "-an"]
    args += ["-vf", f"scale={WIDTH}:{HEIGHT}:flags=area,format=yuv420p,showinfo=checksum=0"]
    args += ["-fps_mode", "passthrough", "-f", "rawvideo", "pipe:1"]
    run = subprocess.run(args, capture_output=True, check=True, timeout=600)
    times = [round(float(m.group(2)) * 1000) for m in _PTS.finditer(run.stderr)]
    raw = run.stdout
    n = len(raw) // FRAME_BYTES
    if n != len(times):
        raise RuntimeError(f"{path}: {n} frames but {len(times)} showinfo lines")
    return [features(times[i], raw[i * FRAME_BYTES : (i + 1) * FRAME_BYTES]) for i in range(n)]
