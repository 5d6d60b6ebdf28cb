"""Worker environment of the test stacks."""

from __future__ import annotations

# Limits small enough that hostile downloads fail in seconds.
TEST_ENV = {
    "MAX_DOWNLOAD_BYTES": str(20 * 1024 * 1024),
    "DOWNLOAD_TIMEOUT_SECONDS": "4",
    "DOWNLOAD_ALLOW_HOSTS": "127.0.0.1",
    "WORKER_MAX_CONCURRENT_ACTIVITIES": "8",
}
