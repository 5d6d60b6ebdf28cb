"""Error mapping of MediaProcessingWorkflow: its input refused as InvalidInput, and a failure
reported with the catalogue type of its root cause on top, for clients to show."""

from __future__ import annotations

from typing import Any

from temporalio import workflow
from temporalio.exceptions import (
    ActivityError,
    ApplicationError,
    ChildWorkflowError,
    FailureError,
    RetryState,
    is_cancelled_exception,
)

with workflow.unsafe.imports_passed_through():
    from ..contracts.gen import models as m
    from ..contracts.validation import ContractError, check, decode
    from ..errors import ErrorType, failure


def parse_request(raw: Any) -> m.PipelineRequest:
    """A PipelineRequest from the workflow input, which may also be a bare URL string."""
    try:
        check("PipelineInput", raw)
        return decode(m.PipelineRequest, {"video_url": raw} if isinstance(raw, str) else raw)
    except ContractError as err:
        raise failure(ErrorType.INVALID_INPUT, str(err)) from None


def as_catalogued(err: FailureError) -> ApplicationError:
    """The failure with the catalogue type of its root cause on top, for clients to show."""
    cause: BaseException | None = err
    while cause is not None:
        if isinstance(cause, ApplicationError) and cause.type:
            return ApplicationError(cause.message, type=cause.type, non_retryable=True)
        cause = cause.__cause__
    return ApplicationError(str(err), type=ErrorType.PROCESSING_FAILED.value, non_retryable=True)


def ended_by_cancel(err: BaseException) -> bool:
    """True when the run's cancel ended this error: a cancel, or an activity or child that
    failed rather than acknowledged it (a Go activity whose heartbeat RPC timed out on a
    loaded host, say), which the server then did not retry because the cancel was requested."""
    if is_cancelled_exception(err):
        return True
    return (
        isinstance(err, ActivityError | ChildWorkflowError)
        and err.retry_state == RetryState.CANCEL_REQUESTED
    )
