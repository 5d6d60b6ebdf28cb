"""Stalled and misdirected downloads through the real workflow and Python worker.

The fault stack keeps the production overall deadline (DOWNLOAD_TIMEOUT_SECONDS=600, see
conftest.py), so these runs can only end through the stall rules: each must fail with its
catalogue type, a message naming the rule that fired, and after a single attempt.
"""

from __future__ import annotations

import asyncio

import pytest
from support.httpserver import LoopbackServer
from support.pipeline import start
from temporalio.client import Client, WorkflowFailureError

from media_pipeline.client.pipeline import failed
from media_pipeline.errors import describe

CASES = [
    (
        "one byte every 2 s",
        "trickle/short.mp4?every=2",
        "DownloadTimeout",
        "below the 1024 B/s minimum",
    ),
    ("never answers", "silent", "DownloadTimeout", "sent no response headers within 2 s"),
    (
        "redirect to [::1] when only 127.0.0.1 is allowed",
        # Percent-encoded: a raw "[" in the query is not a valid workflow input URL.
        "goto?url=http%3A%2F%2F%5B%3A%3A1%5D%3A{port}%2Ffiles%2Fshort.mp4",
        "DownloadRejected",
        "::1 (loopback)",
    ),
]


async def download_attempts(client: Client, workflow_id: str) -> list[int]:
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    scheduled = {
        e.event_id
        for e in history.events
        if e.activity_task_scheduled_event_attributes.activity_type.name == "download_video"
    }
    return [
        e.activity_task_started_event_attributes.attempt
        for e in history.events
        if e.activity_task_started_event_attributes.scheduled_event_id in scheduled
    ]


@pytest.mark.parametrize(("name", "path", "error", "message"), CASES, ids=[c[0] for c in CASES])
async def test_a_stalled_or_misdirected_download_fails_typed_after_one_attempt(
    client: Client, http: LoopbackServer, name: str, path: str, error: str, message: str
) -> None:
    wid = f"stall-{CASES.index((name, path, error, message))}"
    url = http.url(path.format(port=http.server_port))
    handle = await start(client, {"video_url": url}, wid)
    with pytest.raises(WorkflowFailureError) as err:
        await asyncio.wait_for(handle.result(), 60)
    assert failed(err.value).error_type == error
    _, text = describe(err.value, "")
    assert message in text and "600" not in text, text
    assert await download_attempts(client, wid) == [1]
