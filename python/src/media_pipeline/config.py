"""Project settings from the environment (the table in docs/conventions.md and the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .contracts.gen.registry import MEDIA_ROOT_DEFAULT


def _int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError as err:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from err
    if minimum is not None and value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, got {value}")
    return value


def _rate(name: str) -> float | None:
    """A rate in activities per second, or None (unlimited) when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError as err:
        raise SystemExit(f"{name} must be a number, got {raw!r}") from err
    if not value > 0:
        raise SystemExit(f"{name} must be above 0, got {raw}")
    return value


@dataclass(frozen=True)
class DownloadLimits:
    max_bytes: int = 2 * 1024**3
    timeout_seconds: float = 600.0
    # curl's --speed-limit/--speed-time: below this average rate over the window, give up.
    low_speed_limit: int = 1024
    low_speed_time: float = 15.0
    # From the first DNS lookup to the response headers: a silent server fails here.
    connect_timeout_seconds: float = 10.0
    # Hosts or IP addresses allowed even though they are not global (local runs and tests).
    allow_hosts: frozenset[str] = field(default_factory=frozenset)
    max_redirects: int = 5


@dataclass(frozen=True)
class Settings:
    media_root: Path
    download: DownloadLimits
    max_concurrent_activities: int
    log_level: str
    # Activities per second this worker starts / the whole task queue starts (server-side).
    max_activities_per_second: float | None = None
    max_task_queue_activities_per_second: float | None = None

    @classmethod
    def from_env(cls) -> Settings:
        allow = os.environ.get("DOWNLOAD_ALLOW_HOSTS", "")
        return cls(
            media_root=Path(os.environ.get("MEDIA_ROOT", MEDIA_ROOT_DEFAULT)),
            download=DownloadLimits(
                max_bytes=_int("MAX_DOWNLOAD_BYTES", 2 * 1024**3),
                timeout_seconds=float(_int("DOWNLOAD_TIMEOUT_SECONDS", 600)),
                low_speed_limit=_int("DOWNLOAD_LOW_SPEED_LIMIT", 1024, 1),
                low_speed_time=float(_int("DOWNLOAD_LOW_SPEED_TIME", 15, 1)),
                connect_timeout_seconds=float(_int("DOWNLOAD_CONNECT_TIMEOUT_SECONDS", 10, 1)),
                allow_hosts=frozenset(h.strip().lower() for h in allow.split(",") if h.strip()),
            ),
            max_concurrent_activities=_int("WORKER_MAX_CONCURRENT_ACTIVITIES", 8),
            log_level=os.environ.get("LOG_LEVEL", "info").upper(),
            max_activities_per_second=_rate("WORKER_MAX_ACTIVITIES_PER_SECOND"),
            max_task_queue_activities_per_second=_rate("TASK_QUEUE_MAX_ACTIVITIES_PER_SECOND"),
        )
