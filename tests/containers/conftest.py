"""Fixtures of the container tests: docker-compose.yaml as Docker Compose's own loader reads it.

composecheck (a tiny Go program on compose-go, the library behind `docker compose`) validates
the file against the Compose Specification's JSON schema, interpolates, normalises and checks
consistency, then prints the resolved project as JSON. No Docker engine is needed.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from dockerfiles import REPO

CHECKER = Path(__file__).parent / "composecheck"


class ComposeError(Exception):
    pass


class Compose:
    def __init__(self, binary: Path) -> None:
        self.binary = binary

    def load(self, *files: Path, env: Sequence[str] = ()) -> dict[str, Any]:
        """The resolved project; interpolation sees only `env`, never the caller's environment."""
        args = [str(self.binary), *(f"-env={e}" for e in env), *map(str, files)]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=60)
        if proc.returncode != 0:
            raise ComposeError(proc.stderr.strip())
        project: dict[str, Any] = json.loads(proc.stdout)
        return project


@pytest.fixture(scope="session")
def compose(tmp_path_factory: pytest.TempPathFactory) -> Compose:
    # go build caches compiled packages, so only the first run on a machine is slow.
    binary = tmp_path_factory.mktemp("composecheck") / "composecheck"
    subprocess.run(["go", "build", "-o", str(binary), "."], cwd=CHECKER, check=True, timeout=300)
    return Compose(binary)


@pytest.fixture(scope="session")
def project(compose: Compose) -> dict[str, Any]:
    # Every profile on, so the optional services (s3, jaeger) are checked like the others.
    return compose.load(REPO / "docker-compose.yaml", env=["COMPOSE_PROFILES=*"])


@pytest.fixture(scope="session")
def services(project: dict[str, Any]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = project["services"]
    return result
