"""`make demo`: a generated video with hard cuts, a black segment and audio, served on
127.0.0.1, through the whole pipeline, summarised for humans."""

from __future__ import annotations

import asyncio
import functools
import http.server
import sys
import threading
from pathlib import Path

from media_pipeline.client.display import ProgressView
from media_pipeline.client.ids import default_workflow_id
from media_pipeline.client.pipeline import PipelineFailed, start, watch
from media_pipeline.contracts.gen.models import (
    PipelineRequest,
    PipelineResult,
    SceneSummary,
    Storyboard,
)
from media_pipeline.exit import exit_now
from media_pipeline.media.store import MediaStore

from .devstack.__main__ import stack
from .samples import cuts_clip


def boundaries(scenes: SceneSummary) -> str:
    """`cut 3.00 s, dissolve 8.00-9.12 s, ...`, or the bare cut times of older methods."""
    if not isinstance(scenes.boundaries, list):
        return ", ".join(f"{c:.2f} s" for c in scenes.cuts)
    return ", ".join(
        f"{b.kind.value} {b.start_seconds:.2f} s"
        if b.kind.value == "cut"
        else f"{b.kind.value} {b.start_seconds:.2f}-{b.end_seconds:.2f} s"
        for b in scenes.boundaries
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def summary(result: PipelineResult, store: MediaStore, ui: str) -> str:
    md = result.metadata
    p = md.probe
    audio = f"{p.audio_codec} {p.audio_channels} ch" if p.has_audio else "no audio"
    lines = [
        "",
        f"video       {md.video_url}",
        f"probe       {p.duration_seconds:.2f} s, {p.width}x{p.height}, {p.fps:g} fps, {p.video_codec}, {audio}",
        f"frames      {md.frames.count} ({md.frames.strategy.value}), {md.frames.black_frames} black",
        f"scenes      {md.scenes.count} ({md.scenes.method.value}), boundaries: "
        + (boundaries(md.scenes) or "none"),
        "black       "
        + (
            ", ".join(f"{b.start_seconds:.2f}-{b.end_seconds:.2f} s" for b in md.black_segments)
            or "none"
        ),
        f"poster      frame {md.poster.frame_index} at {md.poster.timestamp_seconds:.2f} s (sharpness {md.poster.sharpness:.0f})",
    ]
    lines += [
        f"            {t.width}x{t.height} {t.format.value}: {store.locate(t.image.uri)}"
        for t in md.poster.thumbnails
    ]
    if isinstance(md.storyboard, Storyboard):
        sb = md.storyboard
        lines.append(
            f"storyboard  {sb.tile_count} tiles, {len(sb.sheets)} sheet(s): {store.locate(sb.vtt.uri)}"
        )
    t = result.timings
    lines += [
        f"catalog     record {result.catalog_id}",
        f"timings     total {t.total:.2f} s (download {t.download:.2f}, probe {t.probe:.2f}, extract {t.extract:.2f}, "
        f"analyze {t.analyze:.2f}, render {t.render:.2f}, store {t.store:.2f}, cleanup {t.cleanup:.2f})",
        f"UI          {ui}",
    ]
    return "\n".join(lines)


async def main() -> int:
    s = stack()
    client = await s.client()
    sample = s.data / "demo" / "sample.mp4"
    if not sample.exists():
        print(f"generating {sample} with ffmpeg (hard cuts at 3, 5, 8 s; black 3-5 s; 440 Hz tone)")
        cuts_clip(sample)
    server = serve(sample.parent)
    url = f"http://127.0.0.1:{server.server_port}/{sample.name}"
    request = PipelineRequest(video_url=url, strategy="scene")  # type: ignore[arg-type]
    handle = await start(client, request, default_workflow_id(url))
    print(f"workflow {handle.id}: {url}")
    try:
        result = await watch(handle, ProgressView(sys.stdout))
    except PipelineFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    finally:
        server.shutdown()
    ui = f"http://127.0.0.1:{s.ui_port}/namespaces/default/workflows/{handle.id}"
    print(summary(result, s.store(), ui))
    # Last, so it is what the terminal shows: the video in the web catalog (poster, storyboard).
    print(f"\ncatalog page  {s.web_url}/videos/{handle.id}")
    return 0


if __name__ == "__main__":
    exit_now(asyncio.run(main()))
