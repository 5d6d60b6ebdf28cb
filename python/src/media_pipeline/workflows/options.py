"""PipelineRequest with every default applied: the one place defaults live."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import MISSING

from ..contracts.gen.models import FrameStrategy, ImageFormat, PipelineRequest

# Same pattern as $defs/WorkflowId: the id doubles as the run's folder in the media store.
WORKFLOW_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
STORYBOARD_TILE_WIDTH = 160
STORYBOARD_COLUMNS = 10
STORYBOARD_ROWS = 10


def _or(value: Any, default: Any) -> Any:
    return default if value is MISSING else value


@dataclass(frozen=True)
class Options:
    video_url: str
    strategy: FrameStrategy
    interval_seconds: float
    scene_threshold: float
    max_frames: int
    frame_width: int
    thumbnail_sizes: tuple[int, ...]
    thumbnail_formats: tuple[ImageFormat, ...]
    storyboard: bool
    analysis_batch_size: int
    analysis_parallelism: int
    extract_segments: int
    keep_frames: bool
    keep_on_failure: bool
    child_workflow_frames: int
    detect_shots: bool

    @classmethod
    def of(cls, req: PipelineRequest) -> Options:
        return cls(
            video_url=req.video_url,
            strategy=_or(req.strategy, FrameStrategy.interval),
            interval_seconds=_or(req.interval_seconds, 2.0),
            scene_threshold=_or(req.scene_threshold, 0.3),
            max_frames=_or(req.max_frames, 300),
            frame_width=_or(req.frame_width, 480),
            thumbnail_sizes=tuple(_or(req.thumbnail_sizes, [320, 640, 1280])),
            thumbnail_formats=tuple(
                _or(req.thumbnail_formats, [ImageFormat.jpeg, ImageFormat.webp])
            ),
            storyboard=_or(req.storyboard, True),
            analysis_batch_size=_or(req.analysis_batch_size, 24),
            analysis_parallelism=_or(req.analysis_parallelism, 4),
            extract_segments=_or(req.extract_segments, 0),
            keep_frames=_or(req.keep_frames, False),
            keep_on_failure=_or(req.keep_on_failure, False),
            child_workflow_frames=_or(req.child_workflow_frames, 720),
            detect_shots=_or(req.detect_shots, True),
        )
