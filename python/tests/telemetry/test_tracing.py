"""Tracing is configured by OTEL_* only, and off without an OTLP endpoint."""

from __future__ import annotations

import pytest
from temporalio.exceptions import ApplicationError, CancelledError

from media_pipeline.telemetry import tracing
from media_pipeline.telemetry.annotate import error_type, facts


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"OTEL_SERVICE_NAME": "x"},
        {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1", "OTEL_SDK_DISABLED": "true"},
        {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1", "OTEL_TRACES_EXPORTER": "none"},
    ],
)
def test_off_without_endpoint(env: dict[str, str]) -> None:
    traced = tracing.setup("svc", env)
    assert traced.interceptors == [] and traced.provider is None


def test_protocol_from_the_standard_variables() -> None:
    assert tracing.protocol({}) == "http/protobuf"
    assert tracing.protocol({"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}) == "grpc"
    both = {
        "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf",
    }
    assert tracing.protocol(both) == "http/protobuf"
    with pytest.raises(SystemExit, match="OTEL_EXPORTER_OTLP_PROTOCOL"):
        tracing.protocol({"OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"})


def test_error_type_and_facts() -> None:
    assert error_type(ApplicationError("x", type="MediaCorrupt")) == "MediaCorrupt"
    assert error_type(CancelledError("x")) == "Cancelled"
    assert error_type(ValueError("x")) == "Unclassified"
    out = {"video": {"size_bytes": 12}, "container": "mp4", "analyses": [{}, {}]}
    assert facts(out) == {"media.bytes": 12, "media.container": "mp4", "media.frames": 2}
