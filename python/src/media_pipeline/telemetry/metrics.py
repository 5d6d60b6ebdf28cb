"""The worker's Prometheus endpoint: the SDK's runtime metrics and the pipeline's counters.

PYTHON_WORKER_METRICS_PORT turns it on, on loopback (unset: no endpoint, no counting). The
counter names are the same in the Go and TypeScript workers (docs/observability.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from temporalio import activity, client, worker
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from .annotate import error_type, facts

PORT_SETTING = "PYTHON_WORKER_METRICS_PORT"
OUTCOMES = "media_activity_outcomes"  # {activity, outcome}: "ok" or the catalogue's error type
COUNTED = {  # output fact -> counter
    "media.bytes": "media_download_bytes",
    "media.frames": "media_frames_analyzed",
}
VIDEOS = "media_videos_downloaded"


def runtime(env: Mapping[str, str] = os.environ) -> Runtime | None:
    """A runtime serving /metrics on 127.0.0.1:<port>, or None (the SDK's default runtime)."""
    raw = env.get(PORT_SETTING, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SystemExit(f"{PORT_SETTING} must be a TCP port, got {raw!r}")
    # Prometheus conventions, as the Go worker's exporter has them: _total on counters, units
    # in names, durations in seconds (temporal_activity_execution_latency_seconds everywhere).
    prometheus = PrometheusConfig(
        bind_address=f"127.0.0.1:{raw}",
        counters_total_suffix=True,
        durations_as_seconds=True,
        unit_suffix=True,
    )
    return Runtime(telemetry=TelemetryConfig(metrics=prometheus))


class PipelineCounters(client.Interceptor, worker.Interceptor):
    """Counts every activity's outcome and the facts of its output on the SDK's meter (a
    no-op meter when the runtime has no metrics)."""

    def intercept_activity(
        self, next: worker.ActivityInboundInterceptor
    ) -> worker.ActivityInboundInterceptor:
        return _Inbound(next)


class _Inbound(worker.ActivityInboundInterceptor):
    async def execute_activity(self, input: worker.ExecuteActivityInput) -> Any:
        meter = activity.metric_meter()
        name = activity.info().activity_type
        outcomes = meter.create_counter(OUTCOMES, "activity attempts by outcome")
        try:
            out = await super().execute_activity(input)
        except BaseException as err:
            outcomes.add(1, {"activity": name, "outcome": error_type(err)})
            raise
        outcomes.add(1, {"activity": name, "outcome": "ok"})
        found = facts(out)
        for fact, counter in COUNTED.items():
            if isinstance(found.get(fact), int):
                meter.create_counter(counter).add(int(found[fact]))
        if "media.bytes" in found:
            meter.create_counter(VIDEOS, "videos downloaded into the store").add(1)
        return out
