"""`make up`'s settings: precedence, isolation of the test stacks, masking, the README's table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from media_devtools.devstack import __main__ as devstack
from media_devtools.devstack.report import node_version, settings
from media_devtools.devstack.settings import (
    CLIENT_SETTINGS,
    COMPOSE_SETTINGS,
    STACK_SETTINGS,
    WORKER_SETTINGS,
    mask,
)
from media_devtools.devstack.stack import REPO, Stack, node

# What the person running the tests might have exported; a test stack must see none of it.
AMBIENT = {
    "MEDIA_ROOT": "/elsewhere/media",
    "CATALOG_URL": "postgres://me:hunter2@db.example/catalog",
    "DOWNLOAD_ALLOW_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "debug",
    "TEMPORAL_ADDRESS": "cloud.example:7233",
    "TEMPORAL_API_KEY": "sekrit-api-key",
}


@pytest.fixture
def ambient(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for k, v in AMBIENT.items():
        monkeypatch.setenv(k, v)
    return AMBIENT


def test_user_values_beat_make_up_defaults_and_explicit_values_beat_both(tmp_path: Path) -> None:
    user = {"CATALOG_URL": "postgres://u@h/db", "LOG_LEVEL": "debug", "MAX_VIDEO_SECONDS": "60"}
    env = Stack(data=tmp_path, user_env=user, env={"LOG_LEVEL": "warn"}).worker_env()
    assert env["CATALOG_URL"] == "postgres://u@h/db"  # yours over make up's SQLite file
    assert env["MAX_VIDEO_SECONDS"] == "60"  # yours where make up has no default
    assert env["LOG_LEVEL"] == "warn"  # explicit over yours
    assert env["MEDIA_ROOT"] == str(tmp_path / "media")  # make up's where you set nothing
    assert env["DOWNLOAD_ALLOW_HOSTS"] == "127.0.0.1,localhost,::1"
    assert "FFMPEG_PATH" not in env  # nobody's: the worker's own default


def test_an_empty_value_counts_as_unset(tmp_path: Path) -> None:
    env = Stack(data=tmp_path, user_env={"CATALOG_URL": "", "MEDIA_ROOT": " "}).worker_env()
    assert env["CATALOG_URL"] == f"file:{tmp_path / 'catalog.db'}"
    assert env["MEDIA_ROOT"] == str(tmp_path / "media")


def test_make_up_passes_the_users_environment(
    ambient: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    s = devstack.stack()
    env = s.worker_env()
    for name in ("MEDIA_ROOT", "CATALOG_URL", "DOWNLOAD_ALLOW_HOSTS", "LOG_LEVEL"):
        assert env[name] == ambient[name]
    assert s.media_root == Path("/elsewhere/media")


def test_a_test_stack_sees_nothing_the_tester_exported(
    ambient: dict[str, str], tmp_path: Path
) -> None:
    env = Stack(data=tmp_path, env={"DOWNLOAD_ALLOW_HOSTS": "127.0.0.1"}).worker_env()
    assert env["MEDIA_ROOT"] == str(tmp_path / "media")
    assert env["CATALOG_URL"] == f"file:{tmp_path / 'catalog.db'}"
    assert "LOG_LEVEL" not in env and "TEMPORAL_API_KEY" not in env
    assert env["PATH"]  # the process basics still come through


def test_workers_talk_to_the_stacks_server_whatever_the_user_configured(
    ambient: dict[str, str], tmp_path: Path
) -> None:
    # A temporal.toml profile in the home folder with an API key must not reach the workers.
    home = tmp_path / "home"
    (home / ".config/temporalio").mkdir(parents=True)
    (home / ".config/temporalio/temporal.toml").write_text(
        '[profile.default]\naddress = "cloud.example:7233"\napi_key = "from-profile"\n'
    )
    s = Stack(data=tmp_path / "data", port=17233, user_env=dict(ambient))
    env = s.worker_spec("python-worker").env | {"HOME": str(home)}
    # Read by the SDKs themselves, in processes with the worker's environment.
    python = [sys.executable, "-c", PY_CONNECT]
    assert run(python, env) == "{'target_host': '127.0.0.1:17233', 'namespace': 'default'}"
    ts = [node(REPO), "-e", TS_CONNECT]
    assert run(ts, env, REPO / "ts-worker") == '{"address":"127.0.0.1:17233"}'


PY_CONNECT = (
    "from temporalio.envconfig import ClientConfig as C; print(C.load_client_connect_config())"
)
TS_CONNECT = (
    "const c = require('@temporalio/envconfig').loadClientConnectConfig();"
    "console.log(JSON.stringify(c.connectionOptions))"
)


def run(argv: list[str], env: dict[str, str], cwd: Path = REPO) -> str:
    return subprocess.run(
        argv, env=env, cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("CATALOG_URL", "postgres://me:hunter2@db:5432/catalog", "postgres://me:***@db:5432/catalog"),
        ("CATALOG_URL", "postgres://me:p@ss/w@db/catalog", "postgres://me:***@db/catalog"),
        ("CATALOG_URL", "postgres://db/catalog?user=me&password=x1", "postgres://db/catalog?user=me&password=***"),
        ("CATALOG_URL", "host=db password=x1 dbname=catalog", "host=db password=*** dbname=catalog"),
        ("CATALOG_URL", "file:.data/catalog.db", "file:.data/catalog.db"),
        ("TEMPORAL_API_KEY", "eyJhbGciOi", "***"),
        ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI", "***"),
        ("POSTGRES_PASSWORD", "temporal", "***"),
        ("TEMPORAL_TLS_CLIENT_KEY_PATH", "/run/secrets/client.key", "/run/secrets/client.key"),
        ("MEDIA_ROOT", "/media", "/media"),
        ("TEMPORAL_API_KEY", "", ""),
    ],
)  # fmt: skip
def test_mask(name: str, value: str, shown: str) -> None:
    assert mask(name, value) == shown


def test_status_report_shows_values_and_sources_with_secrets_masked(
    ambient: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    lines = {line.split()[0]: line for line in settings(devstack.stack()) if line.startswith("  ")}
    text = "\n".join(lines.values())
    assert "hunter2" not in text and "sekrit" not in text
    assert lines["CATALOG_URL"].split()[1:] == ["postgres://me:***@db.example/catalog", "yours"]
    assert lines["DATA_DIR"].split()[1:] == [str(tmp_path), "yours"]
    assert lines["TEMPORAL_DEV_PORT"].endswith("make up default")
    assert lines["MAX_VIDEO_SECONDS"].split()[1:] == ["14400", "worker", "default"]
    assert "127.0.0.1:7233" in lines["TEMPORAL_ADDRESS"]
    assert "yours, ignored: ***" in lines["TEMPORAL_API_KEY"]


def test_node_version_is_read_from_the_running_process() -> None:
    proc = subprocess.Popen([node(REPO), "-e", "setTimeout(() => {}, 10000)"])
    try:
        assert re.match(r"Node v24\.\d+\.\d+ \(.*/\.tools/node/bin/node\)$", node_version(proc.pid))
    finally:
        proc.kill()
        proc.wait()


def readme_table() -> dict[str, str]:
    """README's configuration table: variable → its default column (backticks removed)."""
    text = (REPO / "README.md").read_text()
    section = text[text.index("## Configuration\n") :]
    section = section[: section.index("\n## ")]
    out: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`(\w+)`", cells[0])
        values = cells[2].replace("`", "").split(" (")[0].split(", ")
        # One default for several names ("from PATH"), or one each ("7233, 8233").
        values = values if len(values) == len(names) else values * len(names)
        out |= dict(zip(names, values, strict=True))
    return out


def test_every_documented_setting_is_known_with_its_documented_default() -> None:
    known = WORKER_SETTINGS | STACK_SETTINGS | CLIENT_SETTINGS | dict.fromkeys(COMPOSE_SETTINGS, "")
    table = readme_table()
    assert set(table) == set(known)
    for name, default in (WORKER_SETTINGS | STACK_SETTINGS | CLIENT_SETTINGS).items():
        assert table[name] == default, name
