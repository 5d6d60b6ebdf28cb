"""Fixtures of the cross-language suites: an isolated stack (dev server + three workers on free
ports, temporary media store and catalog) and a loopback HTTP server with test media.

Each suite (contract, e2e, faults) runs as its own pytest session with its own stack, so
`make test` never touches a `make up` stack running beside it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from media_devtools.devstack.processes import free_port
from media_devtools.devstack.stack import Stack
from support.env import TEST_ENV

# pytest puts this folder (no __init__.py) on sys.path, so `support` imports directly.
from support.httpserver import LoopbackServer
from support.media import build
from temporalio.client import Client


@pytest.fixture(scope="session")
def media_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("served"))


@pytest.fixture(scope="session")
def http(media_files: dict[str, Path]) -> Iterator[LoopbackServer]:
    with LoopbackServer(media_files["cuts"].parent) as server:
        yield server


@pytest.fixture(scope="session")
def stack_env() -> dict[str, str]:
    """Worker environment of this suite's stack; a suite's conftest may override it."""
    return TEST_ENV


@pytest.fixture(scope="session")
def stack_options() -> dict[str, Any]:
    """More Stack arguments (a web port, say); a suite's conftest may override it."""
    return {}


@pytest.fixture(scope="session")
async def stack(
    tmp_path_factory: pytest.TempPathFactory,
    stack_env: dict[str, str],
    stack_options: dict[str, Any],
) -> AsyncIterator[Stack]:
    s = Stack(
        data=tmp_path_factory.mktemp("stack"),
        port=free_port(),
        ui_port=free_port(),
        headless=True,
        env=stack_env,
        **stack_options,
    )
    try:
        await s.up()
        yield s
    finally:
        s.down()


@pytest.fixture(scope="session")
async def client(stack: Stack) -> Client:
    return await stack.client()
