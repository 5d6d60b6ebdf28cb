"""The Python activities of the registry, as methods of one object holding their dependencies."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from temporalio import activity

from ..config import DownloadLimits
from ..contracts.gen.models import (
    AnalyzeAudioInput,
    AnalyzeAudioOutput,
    AnalyzeFramesInput,
    AnalyzeFramesOutput,
    CleanupMediaInput,
    CleanupMediaOutput,
    Detector,
    DetectShotsInput,
    DetectShotsOutput,
    DownloadVideoInput,
    DownloadVideoOutput,
    MergeDetailsInput,
    MergeDetailsOutput,
    ReadManifestInput,
    ReadManifestOutput,
)
from ..contracts.gen.registry import (
    ANALYZE_AUDIO,
    ANALYZE_FRAMES,
    CLEANUP_MEDIA,
    DETECT_SHOTS,
    DOWNLOAD_VIDEO,
    MERGE_DETAILS,
    READ_MANIFEST,
)
from ..detectors import models as detector_models
from ..errors import ErrorType, failure
from ..media.store import MediaStore
from . import content, manifest
from .boundary import contract_activity
from .download import Downloader
from .metrics import analyze
from .shots import detect_shots


class PythonActivities:
    def __init__(
        self,
        store: MediaStore,
        limits: DownloadLimits,
        models: detector_models.Models | None = None,
    ) -> None:
        self.store = store
        self.limits = limits
        self._models = models

    @property
    def models(self) -> detector_models.Models:
        """The worker passes the models it loaded at start-up; tests load them on first use."""
        if self._models is None:
            self._models = detector_models.shared()
        return self._models

    def all(self) -> list[Callable[..., Any]]:
        return [
            self.download_video,
            self.analyze_frames,
            self.detect_shots,
            self.cleanup_media,
            self.read_manifest,
            self.analyze_audio,
            self.merge_details,
        ]

    @contract_activity(DOWNLOAD_VIDEO)
    async def download_video(self, req: DownloadVideoInput) -> DownloadVideoOutput:
        return await Downloader(self.store, self.limits, heartbeat=activity.heartbeat).run(req)

    @contract_activity(ANALYZE_FRAMES)
    async def analyze_frames(self, req: AnalyzeFramesInput) -> AnalyzeFramesOutput:
        want = set(req.detectors if isinstance(req.detectors, list) else []) & {
            Detector.faces,
            Detector.text,
        }
        inferred = content.FrameContent(self.models, want) if want else None
        try:
            analyses = []
            for frame in req.frames:
                # One frame per thread hop: the event loop stays free and heartbeats keep flowing.
                path = await asyncio.to_thread(self.store.open_checked, frame.image)
                try:
                    analysis = await asyncio.to_thread(analyze, frame, path)
                except OSError as err:  # PIL raises OSError subclasses for undecodable images
                    raise failure(
                        ErrorType.MEDIA_CORRUPT, f"frame {frame.image.uri} cannot be decoded: {err}"
                    ) from err
                analyses.append(analysis)
                if inferred:
                    inferred.add(analysis, path, frame.image.uri)
                activity.heartbeat(len(analyses))
            if inferred:
                analyses = await inferred.results(analyses)
        finally:
            if inferred:
                inferred.cancel()  # after a failure or a cancel: nothing left running
        if req.details_prefix and want:
            uri = f"{req.details_prefix}/b{req.batch_index:06d}.json"
            body = content.details_doc(analyses)
            await asyncio.to_thread(content.write_json, self.store, uri, body)
        return AnalyzeFramesOutput(batch_index=req.batch_index, analyses=analyses)

    @contract_activity(ANALYZE_AUDIO)
    async def analyze_audio(self, req: AnalyzeAudioInput) -> AnalyzeAudioOutput:
        return await content.speech(self.models, self.store, req.audio)

    @contract_activity(MERGE_DETAILS)
    async def merge_details(self, req: MergeDetailsInput) -> MergeDetailsOutput:
        return await asyncio.to_thread(content.merge, self.store, req)

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
        path = await asyncio.to_thread(self.store.local, req.manifest)
        try:
            return await asyncio.to_thread(manifest.read, path, req.offset, req.limit)
        except UnicodeDecodeError as err:
            raise failure(
                ErrorType.INVALID_INPUT, f"{req.manifest} is not UTF-8 text: {err}"
            ) from None
