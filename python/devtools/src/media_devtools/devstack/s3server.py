"""versitygw, the S3-compatible server of `make up` and the tests (installed by `make setup`).

It serves a plain directory on loopback; a bucket is a folder of it. The credentials are
local-only constants: the server listens on 127.0.0.1 and holds development data.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from pathlib import Path

from .processes import Spec, Supervisor

ACCESS_KEY = "media-dev"
SECRET_KEY = "media-dev-secret"
REGION = "us-east-1"


def binary(repo: Path) -> Path:
    return repo / ".tools/bin/versitygw"


@dataclass(frozen=True)
class S3Server:
    repo: Path
    root: Path  # the served directory: one folder per bucket
    port: int
    name: str = "s3"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """What every worker and client needs to reach this server."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_REGION": REGION,
        }

    def spec(self) -> Spec:
        argv = [
            str(binary(self.repo)), "--access", ACCESS_KEY, "--secret", SECRET_KEY,
            "--region", REGION, "--port", f"127.0.0.1:{self.port}", "posix", str(self.root),
        ]  # fmt: skip
        return Spec(self.name, argv, {"PATH": "/usr/bin:/bin"}, self.repo)

    def start(
        self, supervisor: Supervisor, buckets: tuple[str, ...] = (), limit: float = 30
    ) -> None:
        if not binary(self.repo).is_file():
            raise RuntimeError(f"{binary(self.repo)} is missing: run make setup")
        self.root.mkdir(parents=True, exist_ok=True)
        for bucket in buckets:
            (self.root / bucket).mkdir(exist_ok=True)  # a bucket is a folder of the posix backend
        supervisor.start(self.spec())
        deadline = time.monotonic() + limit
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError as err:
                if time.monotonic() > deadline or not supervisor.running(self.name):
                    tail = supervisor.log_tail(self.name)
                    raise RuntimeError(
                        f"versitygw not ready on {self.endpoint}: {err}\n{tail}"
                    ) from None
                time.sleep(0.05)
