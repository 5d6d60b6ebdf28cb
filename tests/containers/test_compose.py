"""docker-compose.yaml: valid for Docker Compose, and wired the way the workers need."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import Compose, ComposeError
from dockerfiles import REPO, WORKERS

Services = dict[str, dict[str, Any]]
MEDIA_TARGET = "/media"


def test_checker_rejects_broken_files(compose: Compose, tmp_path: Path) -> None:
    # Proves the loader bites: a misspelt key (schema) and a dangling dependency (consistency).
    typo = tmp_path / "typo.yaml"
    typo.write_text("services:\n  a:\n    image: busybox:1.36\n    helthcheck: {}\n")
    dangling = tmp_path / "dangling.yaml"
    dangling.write_text(
        "services:\n  a:\n    image: busybox:1.36\n    depends_on:\n"
        "      b:\n        condition: service_healthy\n"
    )
    for broken in (typo, dangling):
        with pytest.raises(ComposeError):
            compose.load(broken)


def image_tag(image: str) -> str | None:
    name = image.split("@")[0].rsplit("/", 1)[-1]
    return name.split(":", 1)[1] if ":" in name else None


def test_every_image_is_pinned_by_tag(services: Services) -> None:
    for name, svc in services.items():
        if "build" in svc:
            continue
        tag = image_tag(svc.get("image", ""))
        assert tag and tag != "latest" and re.search(r"\d", tag), f"{name}: {svc.get('image')}"


@pytest.mark.parametrize("worker", WORKERS)
def test_worker_builds_from_its_dockerfile(services: Services, worker: str) -> None:
    build = services[worker]["build"]
    assert Path(build["context"]) == REPO / WORKERS[worker]
    assert build.get("dockerfile", "Dockerfile") == "Dockerfile"


@pytest.mark.parametrize("worker", WORKERS)
def test_worker_can_scale(services: Services, worker: str) -> None:
    # `docker compose up --scale` needs generated names and no fixed host ports.
    svc = services[worker]
    assert "container_name" not in svc
    assert not svc.get("ports")


@pytest.mark.parametrize("worker", WORKERS)
def test_worker_mounts_the_media_volume(services: Services, worker: str) -> None:
    svc = services[worker]
    mounts = [v for v in svc["volumes"] if v["type"] == "volume" and v["source"] == "media"]
    assert [m["target"] for m in mounts] == [MEDIA_TARGET]
    assert svc["environment"]["MEDIA_ROOT"] == MEDIA_TARGET


@pytest.mark.parametrize("worker", WORKERS)
def test_worker_waits_for_the_server(services: Services, worker: str) -> None:
    svc = services[worker]
    assert svc["environment"]["TEMPORAL_ADDRESS"] == "temporal:7233"
    assert svc["environment"]["TEMPORAL_NAMESPACE"] == "default"
    deps = svc["depends_on"]
    assert deps["temporal"]["condition"] == "service_healthy"
    # The namespace is registered by a one-shot job once the server is healthy.
    assert deps["temporal-namespace"]["condition"] == "service_completed_successfully"
    assert services["temporal"]["healthcheck"]["test"]
    assert services["temporal-namespace"]["depends_on"]["temporal"]["condition"] == (
        "service_healthy"
    )


def test_server_schema_comes_from_admin_tools(services: Services) -> None:
    images = {name: svc.get("image", "") for name, svc in services.items()}
    assert not any("auto-setup" in i for i in images.values())
    assert images["temporal"].startswith("temporalio/server:")
    setup = services["temporal-setup"]
    assert setup["image"].startswith("temporalio/admin-tools:")
    # Server and admin tools of one release: the schema matches the server.
    assert image_tag(setup["image"]) == image_tag(images["temporal"])
    dep = services["temporal"]["depends_on"]["temporal-setup"]
    assert dep["condition"] == "service_completed_successfully"
    assert setup["depends_on"]["postgresql"]["condition"] == "service_healthy"
    assert services["postgresql"]["healthcheck"]["test"]


def setup_script(services: Services) -> str:
    mount = next(v for v in services["temporal-setup"]["volumes"] if v["type"] == "bind")
    assert services["temporal-setup"]["entrypoint"][-1] == mount["target"]
    return Path(mount["source"]).read_text()


def test_setup_creates_both_temporal_databases_and_the_catalog(services: Services) -> None:
    script = setup_script(services)
    for step in ("create", "setup-schema -v 0.0", "update-schema -d"):
        assert f'temporal-sql-tool --db "$db" {step}' in script
    assert "for db in temporal temporal_visibility; do" in script
    assert "temporal-sql-tool --db catalog create" in script
    env = services["temporal-setup"]["environment"]
    assert env["SQL_PLUGIN"] == "postgres12" and env["SQL_HOST"] == "postgresql"


def test_catalog_is_postgresql(services: Services) -> None:
    ts = services["ts-worker"]
    url = ts["environment"]["CATALOG_URL"]
    assert re.fullmatch(r"postgres://temporal:[^@]+@postgresql:5432/catalog", url), url
    assert ts["depends_on"]["postgresql"]["condition"] == "service_healthy"
    assert ts["depends_on"]["temporal-setup"]["condition"] == "service_completed_successfully"


def test_server_config_files_exist(services: Services) -> None:
    for name in ("temporal", "temporal-setup", "temporal-namespace"):
        for vol in services[name]["volumes"]:
            assert vol["type"] == "bind" and vol.get("read_only"), (name, vol)
            assert Path(vol["source"]).is_file(), (name, vol["source"])


def test_host_ports_are_loopback_only(services: Services) -> None:
    for name, svc in services.items():
        for port in svc.get("ports", []):
            assert port.get("host_ip") == "127.0.0.1", (name, port)


def test_cloud_override_keeps_workers_off_the_local_server(
    compose: Compose, tmp_path: Path
) -> None:
    for name in ("docker-compose.yaml", "docker-compose.cloud.yaml"):
        shutil.copy(REPO / name, tmp_path / name)
    secrets = tmp_path / ".temporal-cloud"
    secrets.mkdir()
    (secrets / "worker.env").write_text(
        "TEMPORAL_ADDRESS=media.a1b2c.tmprl.cloud:7233\nTEMPORAL_NAMESPACE=media.a1b2c\n"
        "TEMPORAL_TLS_CLIENT_CERT_PATH=/run/secrets/temporal-cloud/client.pem\n"
        "TEMPORAL_TLS_CLIENT_KEY_PATH=/run/secrets/temporal-cloud/client.key\n"
    )
    services = compose.load(
        tmp_path / "docker-compose.yaml", tmp_path / "docker-compose.cloud.yaml"
    )["services"]
    for worker in WORKERS:
        svc = services[worker]
        env = svc["environment"]
        assert env["TEMPORAL_ADDRESS"] == "media.a1b2c.tmprl.cloud:7233"
        assert env["TEMPORAL_NAMESPACE"] == "media.a1b2c"
        assert env["TEMPORAL_TLS_CLIENT_KEY_PATH"].startswith("/run/secrets/temporal-cloud/")
        assert not {"temporal", "temporal-namespace"} & set(svc.get("depends_on") or {})
        mount = next(v for v in svc["volumes"] if v["target"] == "/run/secrets/temporal-cloud")
        assert mount["read_only"] and Path(mount["source"]) == secrets
    assert ".temporal-cloud/" in (REPO / ".gitignore").read_text().splitlines()
