"""Timeouts and retries of every activity call, in one place.

Each activity has a start-to-close bound, a schedule-to-close cap and at most a few attempts;
long ones heartbeat so a dead worker is noticed in seconds, not at the start-to-close bound.
Non-retryable catalogue types are listed too, as a second guard beside the flag each worker sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from temporalio.common import RetryPolicy

from ..contracts.gen.registry import RETRYABLE

NON_RETRYABLE = [t.value for t, retryable in RETRYABLE.items() if not retryable]
# Short enough that a cancel reaches a running ffmpeg within seconds (SDKs send heartbeats at
# most every 0.8 x this), long enough for a busy machine.
HEARTBEAT = timedelta(seconds=5)


@dataclass(frozen=True)
class Policy:
    start_to_close: timedelta
    schedule_to_close: timedelta
    heartbeat: timedelta | None = None
    attempts: int = 3

    @property
    def retry(self) -> RetryPolicy:
        return RetryPolicy(
            initial_interval=timedelta(milliseconds=500),
            backoff_coefficient=2.0,
            maximum_interval=timedelta(seconds=10),
            maximum_attempts=self.attempts,
            non_retryable_error_types=NON_RETRYABLE,
        )


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


DOWNLOAD = Policy(minutes(11), minutes(35), HEARTBEAT)
PROBE = Policy(minutes(2), minutes(7))
EXTRACT = Policy(minutes(60), minutes(180), HEARTBEAT)
ANALYZE = Policy(minutes(10), minutes(31), HEARTBEAT)
RENDER = Policy(minutes(10), minutes(31))
STORE = Policy(timedelta(seconds=10), minutes(2), attempts=5)
CLEANUP = Policy(minutes(2), minutes(7))
