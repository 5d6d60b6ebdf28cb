"""A no-op workflow with the same shape of activity hops as a real run, on the same server.

It replays the groups of activities a pipeline run scheduled together (one list of task
queues per workflow task), as no-ops on three bench queues served from this process, so the
difference between the two is the media work and nothing else.
"""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from datetime import timedelta
from typing import Any

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

QUEUES = {"python-tasks": "bench-python", "go-tasks": "bench-go", "ts-tasks": "bench-ts"}


@activity.defn(name="noop")
async def noop(value: Any) -> Any:
    return value


@workflow.defn(name="NoopHopsWorkflow")
class NoopHopsWorkflow:
    @workflow.run
    async def run(self, shape: list[list[str]]) -> int:
        hops = 0
        for group in shape:
            await asyncio.gather(
                *(
                    workflow.execute_activity(
                        "noop",
                        {"queue": q},
                        task_queue=QUEUES.get(q, q),
                        start_to_close_timeout=timedelta(seconds=30),
                    )
                    for q in group
                )
            )
            hops += len(group)
        return hops


async def run_shape(client: Client, shape: list[list[str]], workflow_id: str) -> float:
    """Seconds from start to result of a no-op run with this shape."""
    loop = asyncio.get_running_loop()
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(
            Worker(
                client,
                task_queue="bench-python",
                workflows=[NoopHopsWorkflow],
                activities=[noop],
                workflow_runner=UnsandboxedWorkflowRunner(),
            )
        )
        for queue in ("bench-go", "bench-ts"):
            await stack.enter_async_context(Worker(client, task_queue=queue, activities=[noop]))
        began = loop.time()
        await client.execute_workflow(
            NoopHopsWorkflow.run, shape, id=workflow_id, task_queue="bench-python"
        )
        return loop.time() - began
