"""The compose services beyond the workers: the web catalog, the `s3` profile's versitygw and
the `tracing` profile's Jaeger, wired as the README's `.env` example says; and every setting a
service is given is one its code reads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import Compose
from dockerfiles import REPO, WORKERS
from test_readme import section

Services = dict[str, dict[str, Any]]
# Where the code of a service built here lives: compose service → its sources.
SOURCES = {
    "python-worker": REPO / "python/src",
    "go-worker": REPO / "go-worker",
    "ts-worker": REPO / "ts-worker/src",
    "web": REPO / "ts-worker/src",
}
# Read by the SDKs rather than by our code (Temporal's envconfig, the AWS SDKs' chain,
# OpenTelemetry), so they count as read when the README documents them.
SDK_PREFIXES = ("TEMPORAL_", "AWS_", "OTEL_")
# What versity/versitygw:v1.8.0 reads: cmd/versitygw/main.go (ROOT_*, VGW_REGION, VGW_PORT)
# and its docker-entrypoint.sh (VGW_BACKEND, VGW_BACKEND_ARG); MEDIA_STORE is read by the
# entrypoint compose gives it (the bucket to create).
VERSITYGW_READS = {
    "ROOT_ACCESS_KEY_ID", "ROOT_SECRET_ACCESS_KEY", "VGW_REGION", "VGW_PORT", "VGW_BACKEND",
    "VGW_BACKEND_ARG",
}  # fmt: skip


def source_text(root: Path) -> str:
    files = [p for ext in ("py", "go", "ts") for p in root.rglob(f"*.{ext}")]
    return "\n".join(
        p.read_text() for p in files if "node_modules" not in p.parts and "_test" not in p.name
    )


def readme_env() -> list[str]:
    """The README's `.env` example (Containers), placeholders replaced by test values."""
    block = re.search(r"```dotenv\n(.*?)```", section("Containers"), re.S)
    assert block, "README's Containers section has no ```dotenv block"
    lines = [ln for ln in block[1].splitlines() if ln and not ln.startswith("#")]
    return [re.sub(r"<[^>]*>", "test-value-0123456789", ln) for ln in lines]


@pytest.fixture(scope="module")
def configured(compose: Compose) -> Services:
    """The services as the README's `.env` example configures them."""
    services: Services = compose.load(REPO / "docker-compose.yaml", env=readme_env())["services"]
    return services


@pytest.mark.parametrize("service", SOURCES)
def test_every_setting_given_is_read_by_the_code(services: Services, service: str) -> None:
    code = source_text(SOURCES[service])
    documented = section("Configuration") + section("Observe a run")
    for name in services[service]["environment"]:
        sdk = name.startswith(SDK_PREFIXES) and f"`{name}`" in documented
        assert sdk or re.search(rf"\b{name}\b", code), f"{service} sets {name}, nothing reads it"


def test_versitygw_is_given_only_what_it_reads(services: Services) -> None:
    s3 = services["s3"]
    assert set(s3["environment"]) - {"MEDIA_STORE"} <= VERSITYGW_READS
    assert "MEDIA_STORE" in s3["entrypoint"][-1]


def test_the_web_catalog_runs_from_the_ts_image_behind_a_token(
    services: Services, configured: Services
) -> None:
    web, ts = services["web"], services["ts-worker"]
    assert web["build"]["context"] == ts["build"]["context"]
    assert web["command"] == ["node", "dist/web.js"]
    env = web["environment"]
    # Not loopback, so ts-worker/src/web/config.ts refuses to start without the token...
    assert env["WEB_HOST"] == "0.0.0.0"
    # ...which comes from the environment only: empty here, the .env's value there.
    assert env["WEB_AUTH_TOKEN"] == ""
    assert configured["web"]["environment"]["WEB_AUTH_TOKEN"] == "test-value-0123456789"
    assert [p["target"] for p in web["ports"]] == [int(env["WEB_PORT"])]
    assert env["CATALOG_URL"] == ts["environment"]["CATALOG_URL"]
    assert web["depends_on"]["postgresql"]["condition"] == "service_healthy"


def test_the_web_catalog_shares_the_workers_media_store(configured: Services) -> None:
    web = configured["web"]
    for worker in WORKERS:
        svc = configured[worker]
        for name in ("MEDIA_ROOT", "MEDIA_STORE", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID"):
            assert web["environment"][name] == svc["environment"][name], (worker, name)
        assert [v["source"] for v in web["volumes"]] == [v["source"] for v in svc["volumes"]]


def test_the_s3_profile_serves_the_bucket_the_workers_use(configured: Services) -> None:
    s3 = configured["s3"]
    assert s3["profiles"] == ["s3"]
    listen = s3["environment"]["VGW_PORT"]
    for worker in (*WORKERS, "web"):
        env = configured[worker]["environment"]
        endpoint = urlsplit(env["AWS_ENDPOINT_URL"])
        assert (endpoint.hostname, f":{endpoint.port}") == ("s3", listen), worker
        assert env["MEDIA_STORE"].startswith("s3://")
        assert env["AWS_ACCESS_KEY_ID"] == s3["environment"]["ROOT_ACCESS_KEY_ID"]
        assert env["AWS_SECRET_ACCESS_KEY"] == s3["environment"]["ROOT_SECRET_ACCESS_KEY"]
        assert configured[worker]["depends_on"]["s3"] == {
            "condition": "service_healthy", "required": False,
        }  # fmt: skip
    assert s3["environment"]["MEDIA_STORE"] == configured["go-worker"]["environment"]["MEDIA_STORE"]
    assert s3["healthcheck"]["test"]
    assert [v["target"] for v in s3["volumes"]] == [s3["environment"]["VGW_BACKEND_ARG"]]


def test_versitygw_is_the_release_make_setup_installs(services: Services) -> None:
    pinned = re.search(r"^VERSITYGW_VERSION=(\S+)$", (REPO / "tools/setup.sh").read_text(), re.M)
    assert pinned and services["s3"]["image"] == f"versity/versitygw:{pinned[1]}"


def test_the_tracing_profile_receives_every_workers_spans(configured: Services) -> None:
    jaeger = configured["jaeger"]
    assert jaeger["profiles"] == ["tracing"]
    for worker in WORKERS:
        env = configured[worker]["environment"]
        endpoint = urlsplit(env["OTEL_EXPORTER_OTLP_ENDPOINT"])
        # 4318 is Jaeger's OTLP/HTTP receiver, the protocol the workers are given.
        assert (endpoint.hostname, endpoint.port) == ("jaeger", 4318), worker
        assert env["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf"
        assert configured[worker]["depends_on"]["jaeger"]["required"] is False


def test_jaeger_is_the_release_make_setup_builds(services: Services) -> None:
    # Jaeger tags v1.(N+63).x and v2.N.x from one commit (its CHANGELOG: "v1.76.0 / v2.13.0").
    go_mod = (REPO / "tools/jaeger/go.mod").read_text()
    v1 = re.search(r"github.com/jaegertracing/jaeger v1\.(\d+)\.(\d+)", go_mod)
    assert v1
    expected = f"jaegertracing/jaeger:2.{int(v1[1]) - 63}.{v1[2]}"
    assert services["jaeger"]["image"] == expected


def test_without_profiles_nothing_optional_runs_and_nothing_points_at_it(
    compose: Compose,
) -> None:
    services = compose.load(REPO / "docker-compose.yaml")["services"]
    assert "s3" not in services and "jaeger" not in services
    for worker in WORKERS:
        env = services[worker]["environment"]
        assert env["MEDIA_STORE"] == "file:///media"
        # Unset, not empty: passed only when the .env or the shell sets them.
        assert env["AWS_ENDPOINT_URL"] is None and env["OTEL_EXPORTER_OTLP_ENDPOINT"] is None
