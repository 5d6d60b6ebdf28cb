"""This suite's stack also runs the web catalog, behind a token: the Go client's list and show
read it (WEB_URL), where the Python and TypeScript clients read the catalog file itself."""

from __future__ import annotations

from typing import Any

import pytest
from media_devtools.devstack.processes import free_port
from support.env import TEST_ENV

# A test value, not a secret: the web catalog refuses tokens shorter than 16 characters.
WEB_TOKEN = "conformance-web-token"


@pytest.fixture(scope="session")
def stack_env() -> dict[str, str]:
    return TEST_ENV | {"WEB_AUTH_TOKEN": WEB_TOKEN}


@pytest.fixture(scope="session")
def stack_options() -> dict[str, Any]:
    return {"web_port": free_port()}
