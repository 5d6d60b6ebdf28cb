"""Calling activities from workflow code: by registry name, on the language's queue, checked."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from ..contracts.gen.registry import ActivitySpec
    from ..contracts.validation import ContractError, decode_typed
    from ..errors import ErrorType, failure
    from .policies import CANCELLATION, retry_policy

Out = TypeVar("Out", bound=BaseModel)


async def call(spec: ActivitySpec, arg: BaseModel, out: type[Out]) -> Out:
    """Run an activity by its registry name on its language's queue; check what comes back.

    Timeouts, retries and the cancellation type are the activity's registry policy
    (spec.policy), never typed in workflow code.
    The argument was validated when its model was built and is validated again, against the
    full schema, by the worker that receives it; the result was validated by the worker that
    sent it, and is checked here with the generated type.
    """
    p = spec.policy
    raw = await workflow.execute_activity(
        spec.name,
        arg.model_dump(mode="json"),
        task_queue=spec.task_queue.value,
        start_to_close_timeout=p.start_to_close,
        schedule_to_close_timeout=p.schedule_to_close,
        heartbeat_timeout=p.heartbeat_timeout,
        retry_policy=retry_policy(p.retry),
        cancellation_type=CANCELLATION[p.cancellation],
        result_type=dict,
    )
    try:
        return decode_typed(out, raw)
    except ContractError as err:
        raise failure(ErrorType.CONTRACT_VIOLATION, f"{spec.name} returned {err}") from None
