"""The Python activities of the registry, as methods of one object holding their dependencies."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from temporalio import activity

from ..config import DownloadLimits
from ..contracts.gen.models import (
    AnalyzeFramesInput,
    AnalyzeFramesOutput,
    CleanupMediaInput,
    CleanupMediaOutput,
    DetectShotsInput,
    DetectShotsOutput,
    DownloadVideoInput,
    DownloadVideoOutput,
    ReadManifestInput,
    ReadManifestOutput,
)
from ..contracts.gen.registry import (
    ANALYZE_FRAMES,
    CLEANUP_MEDIA,
    DETECT_SHOTS,
    DOWNLOAD_VIDEO,
    READ_MANIFEST,
)
from ..errors import ErrorType, failure
from ..media.store import MediaStore
from . import manifest
from .boundary import contract_activity
from .download import Downloader
from .metrics import analyze
from .shots import detect_shots


class PythonActivities:
    def __init__(self, store: MediaStore, limits: DownloadLimits) -> None:
        self.store = store
        self.limits = limits

    def all(self) -> list[Callable[..., Any]]:
        return [
            self.download_video,
            self.analyze_frames,
            self.detect_shots,
            self.cleanup_media,
            self.read_manifest,
        ]

    @contract_activity(DOWNLOAD_VIDEO)
    async def download_video(self, req: DownloadVideoInput) -> DownloadVideoOutput:
        return await Downloader(self.store, self.limits, heartbeat=activity.heartbeat).run(req)

    @contract_activity(ANALYZE_FRAMES)
    async def analyze_frames(self, req: AnalyzeFramesInput) -> AnalyzeFramesOutput:
        analyses = []
        for frame in req.frames:
            # One frame per thread hop: the event loop stays free and heartbeats keep flowing.
            path = await asyncio.to_thread(self.store.open_checked, frame.image)
            try:
                analyses.append(await asyncio.to_thread(analyze, frame, path))
            except OSError as err:  # PIL raises OSError subclasses for undecodable images
                raise failure(
                    ErrorType.MEDIA_CORRUPT, f"frame {frame.image.uri} cannot be decoded: {err}"
                ) from err
            activity.heartbeat(len(analyses))
        return AnalyzeFramesOutput(batch_index=req.batch_index, analyses=analyses)

    @contract_activity(DETECT_SHOTS)
    async def detect_shots(self, req: DetectShotsInput) -> DetectShotsOutput:
        return await detect_shots(self.store, req, activity.heartbeat)

    @contract_activity(CLEANUP_MEDIA)
    async def cleanup_media(self, req: CleanupMediaInput) -> CleanupMediaOutput:
        files = size = 0
        for prefix in req.prefixes:
            f, s = await asyncio.to_thread(self.store.remove, prefix)
            files, size = files + f, size + s
        return CleanupMediaOutput(removed_files=files, removed_bytes=size)

    @contract_activity(READ_MANIFEST)
    async def read_manifest(self, req: ReadManifestInput) -> ReadManifestOutput:
        path = self.store.path(req.manifest)
        if not path.is_file():
            raise failure(ErrorType.SOURCE_UNAVAILABLE, f"{req.manifest} is not in the media store")
        try:
            return await asyncio.to_thread(manifest.read, path, req.offset, req.limit)
        except UnicodeDecodeError as err:
            raise failure(
                ErrorType.INVALID_INPUT, f"{req.manifest} is not UTF-8 text: {err}"
            ) from None
