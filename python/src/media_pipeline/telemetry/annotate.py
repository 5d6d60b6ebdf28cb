"""Put the error type of a failed activity, and the facts of a successful one, on its span.

A worker interceptor inside the tracing one: the current span is the activity's own, so a
search by error.type finds the attempt that failed, not just its workflow. The facts come
from the activity's JSON output (the contract), so no activity has to know about tracing.
"""

from __future__ import annotations

from typing import Any

from opentelemetry import trace
from temporalio import client, worker
from temporalio.exceptions import ApplicationError, CancelledError

ERROR_TYPE = "error.type"  # OpenTelemetry's semantic convention, the same in every language


def error_type(err: BaseException) -> str:
    if isinstance(err, ApplicationError) and err.type:
        return err.type
    if isinstance(err, CancelledError):
        return "Cancelled"
    return "Unclassified"


def facts(out: Any) -> dict[str, int | float | str]:
    """The few output fields worth a span attribute (and a counter)."""
    if not isinstance(out, dict):
        return {}
    found: dict[str, int | float | str] = {}
    video = out.get("video")
    if isinstance(video, dict) and isinstance(video.get("size_bytes"), int):
        found["media.bytes"] = video["size_bytes"]
        found["media.container"] = str(out.get("container", ""))
    if isinstance(out.get("analyses"), list):
        found["media.frames"] = len(out["analyses"])
    return found


class ActivityFacts(client.Interceptor, worker.Interceptor):
    """On the client, so the worker built on it picks it up after the tracing interceptor."""

    def intercept_activity(
        self, next: worker.ActivityInboundInterceptor
    ) -> worker.ActivityInboundInterceptor:
        return _Inbound(next)


class _Inbound(worker.ActivityInboundInterceptor):
    async def execute_activity(self, input: worker.ExecuteActivityInput) -> Any:
        span = trace.get_current_span()
        try:
            out = await super().execute_activity(input)
        except BaseException as err:
            span.set_attribute(ERROR_TYPE, error_type(err))
            raise
        span.set_attributes(facts(out))
        return out
