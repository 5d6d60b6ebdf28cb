"""The registry's activity policies (schemas/registry.json) as Temporal SDK values.

Each activity has a start-to-close bound, a schedule-to-close cap and at most a few attempts;
long ones heartbeat so a dead worker is noticed in seconds, not at the start-to-close bound.
The numbers live in the registry and are generated into ActivitySpec.policy; this module only
translates them. Non-retryable catalogue types are listed too, as a second guard beside the
flag each worker sets.
"""

from __future__ import annotations

from temporalio.common import RetryPolicy
from temporalio.workflow import ActivityCancellationType

from ..contracts.gen.registry import RETRYABLE, Cancellation, Retry

NON_RETRYABLE = [t.value for t, retryable in RETRYABLE.items() if not retryable]

CANCELLATION = {
    Cancellation.TRY_CANCEL: ActivityCancellationType.TRY_CANCEL,
    Cancellation.WAIT_CANCELLATION_COMPLETED: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    Cancellation.ABANDON: ActivityCancellationType.ABANDON,
}


def retry_policy(retry: Retry) -> RetryPolicy:
    return RetryPolicy(
        initial_interval=retry.initial_interval,
        backoff_coefficient=retry.backoff_coefficient,
        maximum_interval=retry.maximum_interval,
        maximum_attempts=retry.maximum_attempts,
        non_retryable_error_types=NON_RETRYABLE,
    )
