"""The observability suite's stack: the three workers export traces over OTLP/gRPC to a real
Jaeger started for the session on loopback (the clients in test_traces use OTLP/HTTP, so both
protocols run in every language), and serve /metrics on ports of their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from media_devtools.devstack.processes import free_port
from media_devtools.traces.jaeger import Jaeger
from support.env import TEST_ENV
from support.tools import REPO
from support.traces import FAST_EXPORT


@pytest.fixture(scope="session")
def jaeger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Jaeger]:
    backend = Jaeger(REPO, tmp_path_factory.mktemp("jaeger"))
    try:
        backend.start()
        yield backend
    finally:
        backend.stop()


@pytest.fixture(scope="session")
def metrics_ports() -> dict[str, int]:
    """Each worker's /metrics port (its own setting), free ones for this session."""
    return {
        "PYTHON_WORKER_METRICS_PORT": free_port(),
        "GO_WORKER_METRICS_PORT": free_port(),
        "TS_WORKER_METRICS_PORT": free_port(),
    }


@pytest.fixture(scope="session")
def stack_env(jaeger: Jaeger, metrics_ports: dict[str, int]) -> dict[str, str]:
    otlp = {"OTEL_EXPORTER_OTLP_ENDPOINT": jaeger.otlp_grpc, "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}
    ports = {k: str(v) for k, v in metrics_ports.items()}
    return TEST_ENV | FAST_EXPORT | otlp | ports
