"""`TRACING=1 make up`: a Jaeger beside the stack, every worker and `make run` client traced
into it; without the switch no process and no OTEL_* variable changes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from media_devtools.devstack import __main__ as devstack
from media_devtools.devstack.processes import free_port
from media_devtools.devstack.report import settings
from media_devtools.devstack.stack import JAEGER_PORTS, WORKERS, Stack, write_exports
from media_devtools.traces.jaeger import binary

# Yours: the switch names the exporter's endpoint, the rest of your OTEL_* still applies.
USER_OTEL = {
    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector.example:4318",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector.example:4318/v1/traces",
    "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=laptop",
}


def specs(s: Stack) -> dict[str, dict[str, str]]:
    return {n: s.worker_spec(n).env for n in WORKERS} | {"web": s.web_spec().env}


def test_without_the_switch_nothing_is_traced(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TRACING", raising=False)
    for k in [k for k in os.environ if k.startswith("OTEL_")]:  # the tester's own
        monkeypatch.delenv(k)
    s = devstack.stack()
    assert not s.tracing and s.tracing_env() == {}
    for name, env in specs(s).items():
        assert not [k for k in env if k.startswith("OTEL_")], name


@pytest.mark.parametrize("value", ["1", "true", "ON"])
def test_the_switch_points_every_worker_at_the_stacks_jaeger(
    value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TRACING", value)
    for k, v in USER_OTEL.items():
        monkeypatch.setenv(k, v)
    s = devstack.stack()
    assert s.tracing and s.jaeger_ports == JAEGER_PORTS  # the README's ports
    for name, env in specs(s).items():
        assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://127.0.0.1:4318", name
        assert env["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf", name
        assert "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" not in env, name  # it would win in the SDKs
        assert env["OTEL_RESOURCE_ATTRIBUTES"] == "deployment.environment=laptop", name
    lines = {line.split()[0]: line for line in settings(s) if line.startswith("  ")}
    assert lines["TRACING"].split()[1:] == ["on", "yours"]


def test_jaeger_is_one_of_the_stacks_processes_on_its_ports(tmp_path: Path) -> None:
    ports = {name: free_port() for name in JAEGER_PORTS}
    s = Stack(data=tmp_path, tracing=True, jaeger_ports=ports)
    jaeger = s.jaeger()
    spec = jaeger.spec()
    assert spec.name == "jaeger" and spec.argv[0] == str(binary(s.repo))
    assert spec.env["JAEGER_OTLP_HTTP_PORT"] == str(ports["otlp_http"])
    assert spec.env["JAEGER_QUERY_PORT"] == str(ports["query"])
    # Recorded beside the server and the workers, so make status and make down find it.
    assert jaeger.supervisor.run_dir == s.supervisor.run_dir
    assert s.worker_env()["OTEL_EXPORTER_OTLP_ENDPOINT"] == f"http://127.0.0.1:{ports['otlp_http']}"
    assert jaeger.query == f"http://127.0.0.1:{ports['query']}"


def test_make_runs_clients_read_the_same_endpoint(tmp_path: Path) -> None:
    s = Stack(data=tmp_path, tracing=True, jaeger_ports={n: free_port() for n in JAEGER_PORTS})
    write_exports(s.otel_env_file, s.tracing_env())
    # What tools/run-client.sh does with it: bash sources the file.
    script = f'source {s.otel_env_file}; echo "$OTEL_EXPORTER_OTLP_ENDPOINT $OTEL_EXPORTER_OTLP_PROTOCOL"'
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [s.jaeger().otlp_http, "http/protobuf"]
    assert s.down() == [] and not s.otel_env_file.exists()  # make down removes it
