"""The e2e suite's second stack: the same workers on an S3 store (MEDIA_STORE=s3://...), with
the versitygw the stack starts itself, a scratch directory per worker and no shared MEDIA_ROOT.
Tests that take `any_stack` run on both stores."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from media_devtools.devstack.processes import free_port
from media_devtools.devstack.stack import Stack
from support.env import TEST_ENV
from temporalio.client import Client

BUCKET = "media"


@pytest.fixture(scope="session")
async def s3_stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    s = Stack(
        data=tmp_path_factory.mktemp("s3stack"),
        port=free_port(),
        ui_port=free_port(),
        s3_port=free_port(),
        headless=True,
        env=TEST_ENV | {"MEDIA_STORE": f"s3://{BUCKET}/e2e"},
    )
    try:
        await s.up()
        yield s
    finally:
        s.down()


@pytest.fixture(scope="session", params=["file", "s3"])
def any_stack(request: pytest.FixtureRequest, stack: Stack) -> Stack:
    """The file-store stack, then the S3 one (started only when a test asks for it)."""
    if request.param == "file":
        return stack
    s3: Stack = request.getfixturevalue("s3_stack")
    return s3


@pytest.fixture(scope="session")
async def any_client(any_stack: Stack) -> Client:
    return await any_stack.client()
