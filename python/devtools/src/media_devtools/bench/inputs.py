"""Reference inputs, generated with ffmpeg once and cached under .data/bench/inputs."""

from __future__ import annotations

from pathlib import Path

from ..samples import CUTS, Scene, render

REFERENCES = {
    # name: (scenes, size, fps, audio)
    "R60": ((Scene("testsrc2", 60),), "1280x720", 30, True),
    "R5": ((Scene("testsrc2", 5),), "640x360", 30, True),
    "cuts": (CUTS, "640x360", 30, True),
    "10min": ((Scene("testsrc2", 600),), "256x144", 5, False),
    "2h": ((Scene("testsrc2", 7200),), "256x144", 5, False),
}


def reference(directory: Path, name: str) -> Path:
    path = directory / f"{name}.mp4"
    if not path.exists():
        scenes, size, fps, audio = REFERENCES[name]
        print(f"  generating {name} ({size}, {fps} fps)", flush=True)
        render(path.with_suffix(".tmp.mp4"), scenes, size=size, fps=fps, audio=audio)
        path.with_suffix(".tmp.mp4").rename(path)
    return path
