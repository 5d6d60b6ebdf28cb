"""The README's configuration table as `make up` hands it to its workers, and as `make status`
shows it.

Precedence, lowest first: `make up`'s defaults, the user's environment, a caller's explicit
values. A value set to the empty string counts as unset, as it does for the workers and compose.
The Temporal connection is not among them: `make up` runs its own dev server and its workers
always talk to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Read by the workers: name → what applies when nobody sets it (the worker's own default).
WORKER_SETTINGS: dict[str, str] = {
    "MEDIA_ROOT": ".data/media",
    "MEDIA_STORE": "file://<MEDIA_ROOT>",
    "MEDIA_SCRATCH": ".data/scratch",
    "MEDIA_SCRATCH_MAX_BYTES": "10737418240",
    # AWS conventions for an s3:// store; without an endpoint `make up` runs versitygw.
    "AWS_ENDPOINT_URL": "AWS S3",
    "AWS_ENDPOINT_URL_S3": "AWS_ENDPOINT_URL",
    "AWS_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "the SDK's chain",
    "AWS_SECRET_ACCESS_KEY": "the SDK's chain",
    "AWS_SESSION_TOKEN": "empty",
    "AWS_PROFILE": "default",
    "CATALOG_URL": "file:.data/catalog.db",
    "FFMPEG_PATH": "from PATH",
    "FFPROBE_PATH": "from PATH",
    "MAX_VIDEO_SECONDS": "14400",
    "MAX_VIDEO_PIXELS": "33177600",
    "MAX_VIDEO_FRAMES": "1000000",
    "MAX_DOWNLOAD_BYTES": "2147483648",
    "DOWNLOAD_TIMEOUT_SECONDS": "600",
    "DOWNLOAD_LOW_SPEED_LIMIT": "1024",
    "DOWNLOAD_LOW_SPEED_TIME": "15",
    "DOWNLOAD_CONNECT_TIMEOUT_SECONDS": "10",
    "DOWNLOAD_ALLOW_HOSTS": "empty",
    "WORKER_MAX_CONCURRENT_ACTIVITIES": "8",
    "WORKER_MAX_ACTIVITIES_PER_SECOND": "unlimited",
    "TASK_QUEUE_MAX_ACTIVITIES_PER_SECOND": "unlimited",
    "LOG_LEVEL": "info",
    # Each worker's /metrics on 127.0.0.1 (issue 15): a port each, since they run side by side.
    "PYTHON_WORKER_METRICS_PORT": "off",
    "GO_WORKER_METRICS_PORT": "off",
    "TS_WORKER_METRICS_PORT": "off",
    "WEB_HOST": "127.0.0.1",
    "WEB_PORT": "8090",
    "WEB_AUTH_TOKEN": "empty",
    "WEB_TEMPORAL_UI_URL": "http://127.0.0.1:8233",
}
# Read by `make up` itself (python -m media_devtools.devstack).
STACK_SETTINGS: dict[str, str] = {
    "DATA_DIR": ".data",
    "TEMPORAL_DEV_PORT": "7233",
    "TEMPORAL_UI_PORT": "8233",
    "S3_DEV_PORT": "7070",
    "TRACING": "off",
}
# The SDKs' environment configuration: `make up` replaces all of it with its dev server.
TEMPORAL_SETTINGS = (
    "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY", "TEMPORAL_TLS",
    "TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_KEY_PATH",
    "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "TEMPORAL_TLS_SERVER_NAME", "TEMPORAL_PROFILE",
    "TEMPORAL_CONFIG_FILE",
)  # fmt: skip
# Read by a client only (the Go client's list and show); `make up` does not read them.
CLIENT_SETTINGS: dict[str, str] = {"WEB_URL": "http://127.0.0.1:8090"}
# Documented for docker compose only; `make up` does not read them.
COMPOSE_SETTINGS = (
    "TEMPORAL_HOST_PORT", "TEMPORAL_UI_HOST_PORT", "POSTGRES_PASSWORD",
    "WEB_HOST_PORT", "S3_HOST_PORT", "JAEGER_UI_HOST_PORT",
)  # fmt: skip

YOURS, MAKE_UP, DEFAULT = "yours", "make up default", "worker default"


def given(env: Mapping[str, str], names: Mapping[str, str] | tuple[str, ...]) -> dict[str, str]:
    """The settings among `names` that `env` sets (to anything but the empty string)."""
    return {k: env[k] for k in names if env.get(k, "").strip()}


def inherited(ambient: Mapping[str, str]) -> dict[str, str]:
    """What a worker inherits whatever the caller asked: the process basics (PATH, HOME,
    proxies...), never a documented setting, a Temporal connection or an OpenTelemetry
    variable, so a test stack sees none of what the person running the tests exported."""
    return {
        k: v
        for k, v in ambient.items()
        if k not in WORKER_SETTINGS and not k.startswith(("TEMPORAL_", "OTEL_"))
    }


def otel(env: Mapping[str, str], drop_exporter: bool = False) -> dict[str, str]:
    """The OpenTelemetry variables `env` sets (make up hands the user's to its workers);
    with `drop_exporter`, none of OTEL_EXPORTER_OTLP_*, since TRACING=1 names the endpoint
    (a ..._TRACES_ENDPOINT of the user's would otherwise beat it in every SDK)."""
    return {
        k: v
        for k, v in env.items()
        if k.startswith("OTEL_")
        and v.strip()
        and not (drop_exporter and k.startswith("OTEL_EXPORTER_OTLP_"))
    }


def switch(value: str | None) -> bool:
    """An on/off setting such as TRACING: on for 1, true, yes or on (any case)."""
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def source(name: str, env: Mapping[str, str], defaults: Mapping[str, str]) -> str:
    """Where a worker's value came from, told from the value itself: one equal to make up's
    default is reported as that default (the same value either way)."""
    if not env.get(name, "").strip():
        return DEFAULT
    return MAKE_UP if defaults.get(name) == env[name] else YOURS


_SECRET_NAME = re.compile(r"KEY|SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL", re.I)
# user:password@ in a URL, up to the last @: a careless password may hold an @ or a /.
_URL_PASSWORD = re.compile(r"(://[^/:@\s]*:)\S*@")
# password=..., api_key=..., sslkey=... in a query string or a key=value connection string.
_PARAM_SECRET = re.compile(
    r"((?:^|[?&;\s])[\w.-]*(?:password|passwd|secret|token|key)[\w.-]*=)[^&;\s]*", re.I
)


def mask(name: str, value: str) -> str:
    """The value with its secrets replaced by ***: fit to print."""
    if not value:
        return value
    # TEMPORAL_TLS_CLIENT_KEY_PATH names a file; the file is the secret, not its path.
    if _SECRET_NAME.search(name) and not name.endswith(("_PATH", "_FILE")):
        return "***"
    return _PARAM_SECRET.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", value))
