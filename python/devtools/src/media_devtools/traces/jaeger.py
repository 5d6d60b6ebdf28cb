"""Start Jaeger on loopback, wait until it answers, and read traces back from its query API."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..devstack.processes import Spec, Supervisor, free_port

CONFIG = Path(__file__).with_name("jaeger.yaml")


def binary(repo: Path) -> Path:
    """Where `make setup` builds it (tools/jaeger pins the version)."""
    return repo / ".tools/bin/jaeger"


@dataclass
class Jaeger:
    repo: Path
    data: Path
    ports: dict[str, int] = field(
        default_factory=lambda: {
            name: free_port()
            for name in ("otlp_grpc", "otlp_http", "query", "query_grpc", "health")
        }
    )

    def __post_init__(self) -> None:
        self.supervisor = Supervisor(self.data / "run", self.data / "logs")

    @property
    def otlp_grpc(self) -> str:
        return f"http://127.0.0.1:{self.ports['otlp_grpc']}"

    @property
    def otlp_http(self) -> str:
        return f"http://127.0.0.1:{self.ports['otlp_http']}"

    @property
    def query(self) -> str:
        return f"http://127.0.0.1:{self.ports['query']}"

    def spec(self) -> Spec:
        """Jaeger with this instance's ports (the config reads them from its environment)."""
        env = dict(os.environ) | {
            "JAEGER_OTLP_GRPC_PORT": str(self.ports["otlp_grpc"]),
            "JAEGER_OTLP_HTTP_PORT": str(self.ports["otlp_http"]),
            "JAEGER_QUERY_PORT": str(self.ports["query"]),
            "JAEGER_QUERY_GRPC_PORT": str(self.ports["query_grpc"]),
            "JAEGER_HEALTH_PORT": str(self.ports["health"]),
        }
        return Spec("jaeger", [str(binary(self.repo)), "--config", str(CONFIG)], env, self.repo)

    def start(self, limit: float = 30.0) -> None:
        exe = binary(self.repo)
        if not exe.is_file():
            raise RuntimeError(f"{exe} is missing: run `make setup`")
        self.supervisor.start(self.spec())
        deadline = time.monotonic() + limit
        while True:
            try:
                self.get("/api/services")
                return
            except OSError as err:  # not listening yet
                if time.monotonic() > deadline or not self.supervisor.running("jaeger"):
                    tail = self.supervisor.log_tail("jaeger")
                    raise RuntimeError(f"jaeger did not start: {err}\n{tail}") from err
                time.sleep(0.2)

    def stop(self) -> None:
        self.supervisor.stop("jaeger")

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.query + path, timeout=10) as resp:
            return json.load(resp)

    def traces(self, service: str, limit: int = 200) -> list[dict[str, Any]]:
        """The service's recent traces, each {traceID, spans, processes} as Jaeger returns them."""
        data: list[dict[str, Any]] = self.get(
            f"/api/traces?service={service}&limit={limit}&lookback=1h"
        )["data"]
        return data

    def trace(self, trace_id: str) -> dict[str, Any]:
        found: list[dict[str, Any]] = self.get(f"/api/traces/{trace_id}")["data"]
        return found[0]
