"""detect_shots: read the feature series of every extraction segment, classify boundaries."""

from __future__ import annotations

import asyncio

from ..contracts.gen.models import DetectShotsInput, DetectShotsOutput, Kind, ShotBoundary
from ..errors import ErrorType, failure
from ..media.store import MediaStore
from ..shots import series
from ..shots.detect import detect


async def detect_shots(store: MediaStore, req: DetectShotsInput) -> DetectShotsOutput:
    parts = []
    for ref in req.series:
        path = await asyncio.to_thread(store.open_checked, ref)
        try:
            parts.append(series.parse(await asyncio.to_thread(path.read_bytes)))
        except (ValueError, KeyError, TypeError) as err:
            raise failure(ErrorType.MEDIA_CORRUPT, f"{ref.uri} is no shot series: {err}") from None
    frames = series.merge(parts)
    found = await asyncio.to_thread(detect, frames)
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
