"""Run MediaProcessingWorkflow from tests, through the same client code users get."""

from __future__ import annotations

import re
from typing import Any

from temporalio.client import Client, WorkflowHandle

from media_pipeline.contracts.gen.models import PipelineResult
from media_pipeline.contracts.gen.registry import (
    MEDIA_PROCESSING_WORKFLOW,
    MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE,
)
from media_pipeline.contracts.validation import decode


async def start(client: Client, request: Any, workflow_id: str) -> WorkflowHandle[Any, Any]:
    return await client.start_workflow(
        MEDIA_PROCESSING_WORKFLOW,
        request,
        id=workflow_id,
        task_queue=MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE.value,
    )


async def run(client: Client, request: Any, workflow_id: str) -> PipelineResult:
    handle = await start(client, request, workflow_id)
    return decode(PipelineResult, await handle.result())


def vtt_cues(text: str) -> list[tuple[float, float, str]]:
    """(start, end, payload) of each cue of a WebVTT file."""

    def seconds(stamp: str) -> float:
        parts = [float(p) for p in stamp.split(":")]
        return sum(p * 60**i for i, p in enumerate(reversed(parts)))

    assert text.startswith("WEBVTT"), "a WebVTT file starts with WEBVTT"
    cues = []
    pattern = re.compile(r"^([\d:.]+) --> ([\d:.]+)\s*\n(.+)$", re.M)
    for m in pattern.finditer(text):
        cues.append((seconds(m.group(1)), seconds(m.group(2)), m.group(3).strip()))
    return cues
