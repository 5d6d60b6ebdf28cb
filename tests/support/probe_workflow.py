"""A test-only workflow that calls one activity by name and reports how it failed.

It runs in the test process on its own task queue; the activity runs on the real worker of
its language, so this checks each worker's boundary through real Temporal payloads.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

QUEUE = "contract-probe"


@workflow.defn(name="ContractProbeWorkflow")
class ContractProbeWorkflow:
    @workflow.run
    async def run(self, name: str, task_queue: str, payload: Any) -> dict[str, Any]:
        try:
            await workflow.execute_activity(
                name,
                payload,
                task_queue=task_queue,
                start_to_close_timeout=timedelta(seconds=30),
                # Retries are allowed: the point is that InvalidInput never uses them.
                retry_policy=RetryPolicy(
                    initial_interval=timedelta(milliseconds=100), maximum_attempts=3
                ),
            )
        except ActivityError as err:
            cause = err.cause
            if isinstance(cause, ApplicationError):
                return {
                    "type": cause.type,
                    "non_retryable": cause.non_retryable,
                    "message": cause.message,
                    "retry_state": err.retry_state.name if err.retry_state else None,
                }
            return {"type": type(cause).__name__, "message": str(cause)}
        return {"type": None}
