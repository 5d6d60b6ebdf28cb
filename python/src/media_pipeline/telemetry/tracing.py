"""OpenTelemetry tracing through Temporal's interceptor, from the OTEL_* variables only.

On when an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or ..._TRACES_ENDPOINT), unless
OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. OTEL_EXPORTER_OTLP_PROTOCOL picks
`grpc` or `http/protobuf` (the specification's default); the exporters read endpoint,
headers and timeouts themselves, the provider reads OTEL_TRACES_SAMPLER, and
OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES override the default service name.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from temporalio.client import Interceptor as ClientInterceptor

FLUSH_TIMEOUT_MILLIS = 5000  # a backend that is down must not hold the process at exit
PROTOCOLS = ("grpc", "http/protobuf")


def enabled(env: Mapping[str, str]) -> bool:
    def get(key: str) -> str:
        return env.get(key, "").strip()

    if get("OTEL_SDK_DISABLED").lower() == "true" or get("OTEL_TRACES_EXPORTER") == "none":
        return False
    return bool(get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or get("OTEL_EXPORTER_OTLP_ENDPOINT"))


def protocol(env: Mapping[str, str]) -> str:
    for key in ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"):
        value = env.get(key, "").strip()
        if value:
            if value not in PROTOCOLS:
                raise SystemExit(f"{key}={value!r}: want grpc or http/protobuf")
            return value
    return "http/protobuf"


@dataclass
class Tracing:
    """What setup turned on: client interceptors (a worker built on the client inherits
    them) and the provider to flush at exit (None when off)."""

    interceptors: list[ClientInterceptor] = field(default_factory=list)
    provider: Any = None

    def span(self, name: str) -> AbstractContextManager[object]:
        """A span around a client command: start, queries and result wait become its
        children, so the run is one trace. Nothing at all when tracing is off."""
        if self.provider is None:
            return nullcontext()
        span: AbstractContextManager[object] = self.provider.get_tracer(
            "media_pipeline.client"
        ).start_as_current_span(name)
        return span

    def flush(self) -> None:
        if self.provider is None:
            return
        try:
            self.provider.force_flush(FLUSH_TIMEOUT_MILLIS)
            self.provider.shutdown()
        except Exception as err:  # never turn a finished command into a failure
            print(f"tracing: flush: {err}", file=sys.stderr)


def setup(service: str, env: Mapping[str, str] = os.environ) -> Tracing:
    """Install a global tracer provider exporting over OTLP, or do nothing when off.

    `env` decides whether and with which protocol; the exporters and the provider read the
    process's own environment (endpoint, headers, sampler), as the OpenTelemetry SDK does.

    The OpenTelemetry packages are imported only when tracing is on: an untraced worker
    does not even load them.
    """
    if not enabled(env):
        return Tracing()
    chosen = protocol(env)
    from opentelemetry import trace
    from opentelemetry.sdk.resources import SERVICE_NAME, OTELResourceDetector, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from temporalio.contrib.opentelemetry import TracingInterceptor

    from .annotate import ActivityFacts

    if chosen == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # type: ignore[assignment]
            OTLPSpanExporter,
        )
    # The environment's attributes last, so OTEL_SERVICE_NAME beats the default name.
    resource = Resource.create({SERVICE_NAME: service}).merge(OTELResourceDetector().detect())
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    # Tracing outermost, so ActivityFacts writes on the activity's own span.
    return Tracing(
        [TracingInterceptor(provider.get_tracer("temporalio")), ActivityFacts()], provider
    )
