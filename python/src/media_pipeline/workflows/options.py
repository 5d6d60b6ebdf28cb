"""PipelineRequest with every default applied: the one place defaults are applied.

The defaults themselves are the `default` keywords of schemas/contracts.schema.json, generated
into DEFAULTS (tools/gen_registry.py); the generated models leave an omitted option MISSING.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from ..contracts.gen.models import (
    BatchRequest,
    Detector,
    FrameStrategy,
    ImageFormat,
    PipelineRequest,
)
from ..contracts.gen.registry import DEFAULTS, WORKFLOW_ID_PATTERN

# $defs/WorkflowId: the id doubles as the run's folder in the media store.
WORKFLOW_ID = re.compile(WORKFLOW_ID_PATTERN)
STORYBOARD_TILE_WIDTH = 160
STORYBOARD_COLUMNS = 10
STORYBOARD_ROWS = 10
# The hover preview (generate_preview): at most 6 clips of 1 s at 6 fps, 320 px wide.
PREVIEW_CLIPS = 6
PREVIEW_CLIP_SECONDS = 1.0
PREVIEW_FPS = 6
PREVIEW_WIDTH = 320


def _complete(model: type[Any], req: Any) -> dict[str, Any]:
    """Every field of `req`, the schema's default where it was left out (Python values:
    enums as enums, lists as tuples)."""
    given = req.model_dump(mode="json")
    full = model.model_validate({**DEFAULTS[model.__name__], **given})
    return {k: tuple(v) if isinstance(v, list) else v for k, v in full.model_dump().items()}


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
    detectors: tuple[Detector, ...]
    detect_shots: bool

    @classmethod
    def of(cls, req: PipelineRequest) -> Options:
        values = _complete(PipelineRequest, req)
        return cls(**{f.name: values[f.name] for f in fields(cls)})

    @property
    def wanted(self) -> frozenset[Detector]:
        """The content detectors to run, as a set."""
        return frozenset(self.detectors)


@dataclass(frozen=True)
class BatchOptions:
    """BatchRequest's options with their defaults (requests, manifest and cursor stay on the
    request: they have none)."""

    max_in_flight: int
    max_per_host: int
    continue_every: int

    @classmethod
    def of(cls, req: BatchRequest) -> BatchOptions:
        values = _complete(BatchRequest, req)
        return cls(**{f.name: values[f.name] for f in fields(cls)})
