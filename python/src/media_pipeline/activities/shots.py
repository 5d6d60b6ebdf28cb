"""detect_shots: read the feature series of every extraction segment, classify boundaries."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from ..contracts.gen.models import DetectShotsInput, DetectShotsOutput, Kind, ShotBoundary
from ..errors import ErrorType, failure
from ..media.store import MediaStore
from ..shots import series
from ..shots.detect import detect

HEARTBEAT_EVERY = 1.0  # seconds


async def detect_shots(
    store: MediaStore, req: DetectShotsInput, heartbeat: Callable[..., None]
) -> DetectShotsOutput:
    """Heartbeats while it works, so a worker that dies mid-way is noticed in seconds."""
    parts = []
    for ref in req.series:
        heartbeat()
        path = await asyncio.to_thread(store.open_checked, ref)
        try:
            parts.append(series.parse(await asyncio.to_thread(path.read_bytes)))
        except (ValueError, KeyError, TypeError) as err:
            raise failure(ErrorType.MEDIA_CORRUPT, f"{ref.uri} is no shot series: {err}") from None
    frames = series.merge(parts)
    work = asyncio.ensure_future(asyncio.to_thread(detect, frames))
    while not work.done():
        heartbeat(len(frames))
        await asyncio.wait({work}, timeout=HEARTBEAT_EVERY)
    found = work.result()
    return DetectShotsOutput(
        boundaries=[
            ShotBoundary(
                kind=Kind(b.kind),
                start_seconds=b.start_seconds,
                end_seconds=b.end_seconds,
                time_seconds=b.time_seconds,
                confidence=b.confidence,
            )
            for b in found
        ],
        frames=len(frames),
    )
