"""Project settings from the environment (the table in docs/conventions.md and the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError as err:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from err


@dataclass(frozen=True)
class DownloadLimits:
    max_bytes: int = 2 * 1024**3
    timeout_seconds: float = 600.0
    # Hosts or IP addresses allowed even though they are not global (local runs and tests).
    allow_hosts: frozenset[str] = field(default_factory=frozenset)
    max_redirects: int = 5


@dataclass(frozen=True)
class Settings:
    media_root: Path
    download: DownloadLimits
    max_concurrent_activities: int
    log_level: str

    @classmethod
    def from_env(cls) -> Settings:
        allow = os.environ.get("DOWNLOAD_ALLOW_HOSTS", "")
        return cls(
            media_root=Path(os.environ.get("MEDIA_ROOT", ".data/media")),
            download=DownloadLimits(
                max_bytes=_int("MAX_DOWNLOAD_BYTES", 2 * 1024**3),
                timeout_seconds=float(_int("DOWNLOAD_TIMEOUT_SECONDS", 600)),
                allow_hosts=frozenset(h.strip().lower() for h in allow.split(",") if h.strip()),
            ),
            max_concurrent_activities=_int("WORKER_MAX_CONCURRENT_ACTIVITIES", 8),
            log_level=os.environ.get("LOG_LEVEL", "info").upper(),
        )
