"""Start, watch, inspect and cancel MediaProcessingWorkflow runs by their string name."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.service import RPCError

from ..contracts.gen.models import PipelineRequest, PipelineResult, Progress, RunStatus
from ..contracts.gen.registry import (
    MEDIA_PROCESSING_QUERY_PROGRESS,
    MEDIA_PROCESSING_WORKFLOW,
    MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE,
)
from ..contracts.validation import decode, encode
from ..errors import describe
from .display import ProgressView


class PipelineFailed(Exception):
    """The run ended without a result; `error_type` is from the error catalogue."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(f"{error_type}: {message}")
        self.error_type = error_type


async def start_by_name(
    client: Client, workflow: str, task_queue: str, request: BaseModel, workflow_id: str
) -> WorkflowHandle[Any, Any]:
    return await client.start_workflow(
        workflow,
        encode(request),
        id=workflow_id,
        task_queue=task_queue,
        # Same id while running: attach instead of processing twice. After it ends: run again.
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
    )


async def start(
    client: Client, request: PipelineRequest, workflow_id: str
) -> WorkflowHandle[Any, Any]:
    return await start_by_name(
        client,
        MEDIA_PROCESSING_WORKFLOW,
        MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE.value,
        request,
        workflow_id,
    )


# A query needs a worker to answer; without one it would wait for the server's long timeout.
QUERY_TIMEOUT = timedelta(seconds=5)


async def progress(handle: WorkflowHandle[Any, Any]) -> Progress:
    raw = await handle.query(MEDIA_PROCESSING_QUERY_PROGRESS, rpc_timeout=QUERY_TIMEOUT)
    return decode(Progress, raw)


async def watch(
    handle: WorkflowHandle[Any, Any], view: ProgressView | None, every: float = 0.5
) -> PipelineResult:
    """Wait for the result, showing progress from the `progress` query meanwhile."""
    result = asyncio.ensure_future(handle.result())
    try:
        while view is not None and not result.done():
            # No worker may answer a query for a moment: keep waiting for the result.
            with contextlib.suppress(RPCError):
                view.show(await progress(handle))
            await asyncio.wait([result], timeout=every)
        return decode(PipelineResult, await result)
    except WorkflowFailureError as err:
        raise failed(err) from None
    finally:
        if view is not None:
            view.close()
        result.cancel()


def failed(err: WorkflowFailureError) -> PipelineFailed:
    return PipelineFailed(*describe(err, "WorkflowFailed"))


async def status(handle: WorkflowHandle[Any, Any]) -> dict[str, Any]:
    """RunStatus of a run, with its progress while it runs and a worker answers."""
    desc = await handle.describe()
    state = desc.status.name if desc.status else "UNKNOWN"
    out: dict[str, Any] = {"workflow_id": handle.id, "run_id": desc.run_id, "status": state}
    if desc.status == WorkflowExecutionStatus.RUNNING:
        try:
            out["progress"] = encode(await progress(handle))
        except RPCError as err:
            out["progress_error"] = err.message
    return encode(decode(RunStatus, out))


async def cancel(handle: WorkflowHandle[Any, Any], wait_seconds: float = 60.0) -> dict[str, Any]:
    """Request cancellation and wait (bounded) until the run is closed."""
    await handle.cancel()
    with contextlib.suppress(WorkflowFailureError, TimeoutError):
        await asyncio.wait_for(handle.result(), wait_seconds)
    return await status(handle)
