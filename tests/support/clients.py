"""The four ways to start the pipeline: the Python, Go and TypeScript CLIs and `temporal`."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from media_devtools.devstack.stack import Stack, node

from support.tools import REPO

CLIENTS: dict[str, list[str]] = {
    "python": [str(REPO / ".venv/bin/media-pipeline")],
    "go": [str(REPO / "go-worker/bin/client")],
    "ts": [node(REPO), str(REPO / "ts-worker/dist/client.js")],
}
TEMPORAL = str(REPO / ".venv/bin/temporal")


def client_env(stack: Stack, address: str | None = None) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("TEMPORAL_")}
    return base | {
        "TEMPORAL_ADDRESS": address or stack.address,
        "TEMPORAL_NAMESPACE": "default",
        "MEDIA_ROOT": str(stack.media_root),
        # The catalog the stack's TypeScript worker writes, for the list and show commands.
        "CATALOG_URL": f"file:{stack.data / 'catalog.db'}",
        # The stack's web catalog, when it runs one, for the Go client's list and show.
        **(
            {}
            if stack.web_port is None
            else {"WEB_URL": stack.web_url, "WEB_AUTH_TOKEN": stack.env.get("WEB_AUTH_TOKEN", "")}
        ),
    }


def cli(
    language: str, args: list[str], stack: Stack, address: str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLIENTS[language], *args],
        env=client_env(stack, address),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def temporal(
    args: list[str], stack: Stack, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TEMPORAL, *args, "--address", stack.address, "--namespace", "default"],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def comparable(result: dict[str, Any]) -> dict[str, Any]:
    """A result without what legitimately differs between two runs: ids, times, timings."""
    wid = result["workflow_id"]
    text = json.dumps(result).replace(wid, "<workflow-id>")
    out: dict[str, Any] = json.loads(text)
    for key in ("catalog_id", "completed_at", "timings", "workflow_id"):
        out.pop(key)
    out["metadata"].pop("workflow_id")
    return out
