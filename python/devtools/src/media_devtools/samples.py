"""Sample videos generated with ffmpeg, with known contents (for the demo, tests and benchmarks).

`cuts` has hard cuts at 3, 5 and 8 s and a black segment from 3 to 5 s, with a 440 Hz tone:
every fact the pipeline reports about it can be checked against these parameters.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Scene:
    source: str  # an ffmpeg lavfi video source, without size/rate
    seconds: float


CUTS = (
    Scene("testsrc2", 3),
    Scene("color=c=black", 2),
    Scene("mandelbrot", 3),
    Scene("smptehdbars", 4),
)
CUT_TIMES = (3.0, 5.0, 8.0)
BLACK = (3.0, 5.0)


def render(
    path: Path,
    scenes: tuple[Scene, ...],
    size: str = "640x360",
    fps: int = 30,
    audio: bool = True,
    gop_seconds: float = 2.0,
) -> Path:
    """Concatenate lavfi sources into an H.264 (+ AAC) MP4 with hard cuts between them."""
    args = ["ffmpeg", "-nostdin", "-y", "-v", "error"]
    for s in scenes:
        sep = ":" if "=" in s.source else "="
        args += [
            "-f",
            "lavfi",
            "-t",
            f"{s.seconds}",
            "-i",
            f"{s.source}{sep}size={size}:rate={fps}",
        ]
    total = sum(s.seconds for s in scenes)
    if audio:
        args += ["-f", "lavfi", "-t", f"{total}", "-i", "sine=frequency=440:sample_rate=48000"]
    inputs = "".join(f"[{i}:v]" for i in range(len(scenes)))
    args += [
        "-filter_complex",
        f"{inputs}concat=n={len(scenes)}:v=1:a=0,format=yuv420p[v]",
        "-map",
        "[v]",
    ]
    if audio:
        args += ["-map", f"{len(scenes)}:a", "-c:a", "aac", "-b:a", "96k"]
    args += ["-c:v", "libx264", "-preset", "veryfast", "-g", str(int(fps * gop_seconds))]
    args += ["-movflags", "+faststart", str(path)]
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(args, check=True, timeout=600)
    return path


def cuts_clip(path: Path) -> Path:
    return render(path, CUTS)


def reference(path: Path, seconds: float, size: str, fps: int = 30) -> Path:
    """The benchmark references (R60: 60 s 1280x720, R5: 5 s 640x360): moving test pattern + tone."""
    return render(path, (Scene("testsrc2", seconds),), size=size, fps=fps)


if __name__ == "__main__":
    import sys

    print(cuts_clip(Path(sys.argv[1] if len(sys.argv) > 1 else "sample.mp4")))
