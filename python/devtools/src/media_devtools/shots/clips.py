"""A labelled clip set for shot-boundary detection, generated with ffmpeg filters.

Each clip is a list of shots (lavfi sources, some moving, panning or flashing) joined by hard
cuts (concat) or xfade transitions (cross-fade, pixel dissolve, fade through black or white).
The ground truth is computed from the same list, and written beside the clip as JSON.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

SIZE = "480x270"
FPS = 25

# A fast pan: a window moving over a large still picture.
PAN = "testsrc=size=1920x270:rate={fps},trim=end_frame=1,loop=loop=-1:size=1,setpts=N/{fps}/TB,crop=480:270:x='min(1440,t*180)':y=0"
PAN_BARS = "smptehdbars=size=1920x270:rate={fps},crop=480:270:x='1440-min(1440,t*200)':y=0"


@dataclass(frozen=True)
class Shot:
    source: str  # a lavfi source graph producing SIZE at FPS ({fps} is substituted)
    seconds: float
    # Into the next shot: "cut", or an xfade transition (fade = cross-fade, dissolve,
    # fadeblack, fadewhite) of `join_seconds`.
    join: str = "cut"
    join_seconds: float = 0.0


@dataclass(frozen=True)
class Truth:
    kind: str  # cut, dissolve, fade
    start_seconds: float
    end_seconds: float


KIND = {
    "cut": "cut",
    "fade": "dissolve",
    "dissolve": "dissolve",
    "fadeblack": "fade",
    "fadewhite": "fade",
}


def flashes(source: str, times: tuple[float, ...], frames: int = 2) -> str:
    """`source` with white flashes of `frames` frames at `times` (a camera flash, a strobe)."""
    span = frames / FPS
    on = "+".join(f"between(t,{t},{t + span - 0.001})" for t in times)
    return f"{source},drawbox=x=0:y=0:w=iw:h=ih:color=white@0.85:t=fill:enable='{on}'"


def src(name: str) -> str:
    return f"{name}=size={SIZE}:rate={{fps}}"


CLIPS: dict[str, tuple[Shot, ...]] = {
    # The clip of issue 17: cut at 4, 1 s cross-fade 8-9, cut at 12, fade through black 16-17.
    "issue17": (
        Shot(src("testsrc2"), 4),
        Shot(src("smptehdbars"), 5, "fade", 1),
        Shot(src("mandelbrot"), 4),
        Shot(src("rgbtestsrc"), 5, "fadeblack", 1),
        Shot(src("testsrc2") + ",hue=h=120", 4),
    ),
    # One continuous moving shot: no boundary at all.
    "moving20": (Shot(src("testsrc2"), 20),),
    # A long static shot, then a cut into motion.
    "static_long": (Shot(src("smptehdbars"), 15), Shot(src("testsrc2"), 5)),
    # Flashes inside shots are not cuts.
    "flashes": (
        Shot(flashes(src("testsrc2"), (2.0, 5.0, 7.0)), 10),
        Shot(flashes(src("mandelbrot"), (2.0,), 3), 6),
    ),
    # Fast pans over still pictures, joined by a cut.
    "pans": (Shot(PAN, 8), Shot(PAN_BARS, 7)),
    # Every gradual kind, and a cut, between moving and still shots.
    "transitions": (
        Shot(src("testsrc2"), 4, "dissolve", 1.5),
        Shot(src("smptehdbars"), 4, "fadewhite", 1),
        Shot(src("mandelbrot"), 4, "fadeblack", 0.6),
        Shot(src("rgbtestsrc"), 4, "fade", 2),
        Shot(src("testsrc2") + ",hue=h=240", 4),
        Shot(src("smptebars"), 3),
    ),
    # Cuts between shots that look alike (the same pattern, recoloured or mirrored).
    "similar_cuts": (
        Shot(src("testsrc2"), 3),
        Shot(src("testsrc2") + ",hflip", 3),
        Shot(src("testsrc2") + ",hue=h=90", 3),
        Shot(src("testsrc2") + ",vflip", 3),
    ),
    # Cuts that change only the colours: the same moving pattern, hue-rotated.
    "recoloured": (
        Shot(src("testsrc2"), 4),
        Shot(src("testsrc2") + ",hue=h=120", 4),
        Shot(src("testsrc2") + ",hue=h=240", 4),
    ),
    # Cut to black, hold, cut out of black (the e2e sample's shape).
    "black_hold": (
        Shot(src("testsrc2"), 3),
        Shot("color=c=black:size=" + SIZE + ":rate={fps}", 2),
        Shot(src("mandelbrot"), 3),
        Shot(src("smptehdbars"), 4),
    ),
}


def truth(shots: tuple[Shot, ...]) -> list[Truth]:
    """Boundaries of the timeline that `render` builds from `shots`."""
    out: list[Truth] = []
    length = 0.0
    for shot in shots[:-1]:
        length += shot.seconds
        if shot.join == "cut":
            out.append(Truth("cut", round(length, 3), round(length, 3)))
        else:
            d = shot.join_seconds
            out.append(Truth(KIND[shot.join], round(length - d, 3), round(length, 3)))
            length -= d
    return out


def duration(shots: tuple[Shot, ...]) -> float:
    return sum(s.seconds for s in shots) - sum(s.join_seconds for s in shots[:-1])


def graph(shots: tuple[Shot, ...]) -> str:
    """One filter graph: each source normalised, then joined in order by concat or xfade."""
    parts = []
    for i, s in enumerate(shots):
        parts.append(
            f"{s.source.format(fps=FPS)},trim=duration={s.seconds},setpts=PTS-STARTPTS,"
            f"scale={SIZE.replace('x', ':')},setsar=1,fps={FPS},format=yuv420p,settb=1/{FPS}[s{i}]"
        )
    acc, length = "s0", shots[0].seconds
    for i, prev in enumerate(shots[:-1], start=1):
        out = f"j{i}"
        if prev.join == "cut":
            parts.append(f"[{acc}][s{i}]concat=n=2:v=1:a=0,settb=1/{FPS}[{out}]")
            length += shots[i].seconds
        else:
            offset = round(length - prev.join_seconds, 3)
            parts.append(
                f"[{acc}][s{i}]xfade=transition={prev.join}:duration={prev.join_seconds}:"
                f"offset={offset}[{out}]"
            )
            length = offset + shots[i].seconds
        acc = out
    return ";".join(parts) + f";[{acc}]null[v]"


def render(path: Path, shots: tuple[Shot, ...]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.mp4")
    args = ["ffmpeg", "-nostdin", "-y", "-v", "error", "-filter_complex", graph(shots)]
    args += ["-map", "[v]", "-c:v", "libx264", "-preset", "veryfast", "-g", str(2 * FPS)]
    args += ["-pix_fmt", "yuv420p", "-movflags", "+faststart", str(tmp)]
    subprocess.run(args, check=True, timeout=600)
    tmp.rename(path)
    return path


def build(directory: Path, names: tuple[str, ...] | None = None) -> dict[str, Path]:
    """Render every clip (once: cached by its graph) with `<name>.truth.json` beside it."""
    made: dict[str, Path] = {}
    for name in names or tuple(CLIPS):
        shots = CLIPS[name]
        path = directory / f"{name}.mp4"
        side = directory / f"{name}.truth.json"
        doc = {
            "graph": graph(shots),
            "duration_seconds": duration(shots),
            "boundaries": [asdict(t) for t in truth(shots)],
        }
        if not (path.exists() and side.exists() and json.loads(side.read_text()) == doc):
            path.unlink(missing_ok=True)
            render(path, shots)
            side.write_text(json.dumps(doc, indent=1) + "\n")
        made[name] = path
    return made


def load_truth(path: Path) -> list[Truth]:
    doc = json.loads(path.with_suffix(".truth.json").read_text())
    return [Truth(**b) for b in doc["boundaries"]]
