"""The plain script a user would write instead of this project: one process, sequential, the
same tools (ffprobe, ffmpeg, the same Pillow analysis, one SQLite insert), the same outputs.

It uses ffmpeg the way its documentation shows (fps/select filters, default threads), which is
what "a competent script" means here; the report shows extraction times separately so any gain
from the Go worker's tuned ffmpeg arguments is visible on its own.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from media_pipeline.activities.metrics import analyze
from media_pipeline.contracts.gen.models import FrameRef, MediaRef
from media_pipeline.workflows.options import (
    STORYBOARD_COLUMNS,
    STORYBOARD_ROWS,
    STORYBOARD_TILE_WIDTH,
)
from media_pipeline.workflows.plan import storyboard_frames
from media_pipeline.workflows.summary import combine, summarize


@dataclass
class Outputs:
    frames: int = 0
    thumbnails: int = 0
    sheets: int = 0
    stages: dict[str, float] = field(default_factory=dict)


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", *args], check=True)


def select_filter(
    strategy: str, interval: float, threshold: float, width: int
) -> tuple[list[str], str]:
    scale = f"scale={width}:-2"
    if strategy == "keyframes":
        return ["-skip_frame", "nokey"], scale
    if strategy == "scene":
        return [], f"select='eq(n,0)+gt(scene,{threshold})',{scale}"
    return [], f"fps=1/{interval},{scale}"


def run(
    video: Path, work: Path, strategy: str = "interval", interval: float = 2.0, threshold: float = 0.3,
    width: int = 480, sizes: tuple[int, ...] = (320, 640, 1280), max_frames: int = 300,
) -> Outputs:  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    (work / "frames").mkdir(parents=True)
    out = Outputs()
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        out.stages[stage] = now - clock
        clock = now

    probe = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(video)],
            check=True, capture_output=True, text=True,
        ).stdout
    )  # fmt: skip
    duration = float(probe["format"]["duration"])
    lap("probe")

    pre, vf = select_filter(strategy, interval, threshold, width)
    ffmpeg(*pre, "-i", str(video), "-vf", vf, "-fps_mode", "vfr", "-frames:v", str(max_frames),
           "-q:v", "3", str(work / "frames" / "%05d.jpg"))  # fmt: skip
    paths = sorted((work / "frames").glob("*.jpg"))
    out.frames = len(paths)
    lap("extract")

    refs = []
    for i, path in enumerate(paths):
        with Image.open(path) as img:
            w, h = img.size
        image = MediaRef(
            uri=f"media://b/{path.name}", sha256="0" * 64, size_bytes=1, content_type="image/jpeg"
        )
        refs.append(
            FrameRef(
                index=i,
                timestamp_seconds=i * interval,
                width=w,
                height=h,
                image=image,
                scene_score=None,
            )
        )  # type: ignore[arg-type]
    analyses = [analyze(ref, path) for ref, path in zip(refs, paths, strict=True)]
    best = combine([summarize(analyses)], duration).best
    lap("analyze")

    args = ["-ss", f"{best.timestamp_seconds}", "-i", str(video)]
    for size in sizes:
        scaled = ["-map", "0:v:0", "-frames:v", "1", "-vf", f"scale={size}:-2"]
        args += [*scaled, "-q:v", "2", str(work / f"poster-{size}.jpg")]
        args += [*scaled, "-c:v", "libwebp", str(work / f"poster-{size}.webp")]
    ffmpeg(*args)
    out.thumbnails = 2 * len(sizes)
    tiles = storyboard_frames(refs)
    out.sheets = write_storyboard(
        work, [paths[t.index] for t in tiles], [t.timestamp_seconds for t in tiles], duration
    )
    lap("render")

    with sqlite3.connect(work / "catalog.db") as db:
        db.execute(
            "CREATE TABLE IF NOT EXISTS media_records (workflow_id TEXT PRIMARY KEY, metadata_json TEXT)"
        )
        record = {
            "video": str(video),
            "probe": probe["format"],
            "frames": out.frames,
            "best": best.model_dump(),
        }
        db.execute(
            "INSERT OR REPLACE INTO media_records VALUES (?, ?)", ("baseline", json.dumps(record))
        )
    lap("store")
    return out


def write_storyboard(work: Path, paths: list[Path], times: list[float], duration: float) -> int:
    per_sheet = STORYBOARD_COLUMNS * STORYBOARD_ROWS
    with Image.open(paths[0]) as first:
        tile_h = round(STORYBOARD_TILE_WIDTH * first.height / first.width / 2) * 2
    cues = ["WEBVTT", ""]
    sheets = 0
    for start in range(0, len(paths), per_sheet):
        group = paths[start : start + per_sheet]
        rows = -(-len(group) // STORYBOARD_COLUMNS)
        sheet = Image.new("RGB", (STORYBOARD_TILE_WIDTH * STORYBOARD_COLUMNS, tile_h * rows))
        for j, path in enumerate(group):
            with Image.open(path) as img:
                x, y = (
                    (j % STORYBOARD_COLUMNS) * STORYBOARD_TILE_WIDTH,
                    (j // STORYBOARD_COLUMNS) * tile_h,
                )
                sheet.paste(img.resize((STORYBOARD_TILE_WIDTH, tile_h)), (x, y))
                i = start + j
                end = times[i + 1] if i + 1 < len(times) else duration
                cues += [f"{stamp(0 if i == 0 else times[i])} --> {stamp(end)}",
                         f"sheet-{sheets:03d}.jpg#xywh={x},{y},{STORYBOARD_TILE_WIDTH},{tile_h}", ""]  # fmt: skip
        sheet.save(work / f"sheet-{sheets:03d}.jpg", quality=85)
        sheets += 1
    (work / "storyboard.vtt").write_text("\n".join(cues))
    return sheets


def stamp(seconds: float) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"
