"""Frame analysis from workflow code: batches of analyze_frames with bounded parallelism, in
the parent for short videos and in AnalyzeFramesGroupWorkflow children for long ones."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from ..contracts.gen import models as m
    from ..contracts.gen import registry as r
    from ..contracts.validation import ContractError, decode, encode
    from ..errors import ErrorType, failure
    from . import plan
    from .calls import call
    from .summary import summarize

OnBatch = Callable[[int], None]


async def analyze_batches(
    frames: list[m.FrameRef],
    batch_size: int,
    parallelism: int,
    on_batch: OnBatch,
    detectors: list[m.Detector] | None = None,
    details_prefix: str | None = None,
) -> tuple[m.AnalysisSummary, int]:
    """Analyse `frames` in batches, at most `parallelism` at once; returns (summary, batches)."""
    batches = plan.chunks(frames, batch_size)
    gate = asyncio.Semaphore(parallelism)

    async def one(i: int, batch: list[m.FrameRef]) -> m.AnalyzeFramesOutput:
        async with gate:
            out = await call(
                r.ANALYZE_FRAMES,
                m.AnalyzeFramesInput.model_validate(
                    {
                        "batch_index": i,
                        "frames": batch,
                        **({"detectors": detectors} if detectors else {}),
                        **({"details_prefix": details_prefix} if details_prefix else {}),
                    }
                ),
                m.AnalyzeFramesOutput,
            )
        on_batch(len(out.analyses))
        return out

    outputs = await asyncio.gather(*(one(i, b) for i, b in enumerate(batches)))
    analyses = [a for o in sorted(outputs, key=lambda o: o.batch_index) for a in o.analyses]
    return summarize(analyses), len(batches)


@workflow.defn(name=r.ANALYZE_FRAMES_GROUP_WORKFLOW)
class AnalyzeFramesGroupWorkflow:
    """One group of a long video's frames, so the parent's history holds only summaries."""

    @workflow.run
    async def run(self, raw: Any) -> dict[str, Any]:
        try:
            req = decode(m.AnalyzeGroupInput, raw)
        except ContractError as err:
            raise failure(ErrorType.INVALID_INPUT, str(err)) from None
        summary, batches = await analyze_batches(
            req.frames,
            req.batch_size,
            req.parallelism,
            lambda _: None,
            detectors=req.detectors if isinstance(req.detectors, list) else None,
            details_prefix=req.details_prefix if isinstance(req.details_prefix, str) else None,
        )
        return encode(
            m.AnalyzeGroupOutput(group_index=req.group_index, batches=batches, summary=summary)
        )
