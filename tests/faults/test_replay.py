"""Recorded histories replay cleanly against today's workflow code.

tests/faults/histories/ holds histories recorded from real runs (success, failure, cancel).
A change to the workflows that would break running workflows (a non-deterministic
change) fails here, before it ships. Re-record on purpose with RECORD_HISTORIES=1 after a
deliberate, versioned change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.httpserver import LoopbackServer
from support.pipeline import run
from temporalio.client import Client, WorkflowHistory
from temporalio.worker import Replayer

from media_pipeline.contracts.gen.registry import (
    MEDIA_BATCH_WORKFLOW,
    MEDIA_BATCH_WORKFLOW_TASK_QUEUE,
    PYTHON_WORKFLOWS,
)
from media_pipeline.worker import WORKFLOWS

HISTORIES = Path(__file__).parent / "histories"
# Runs of this session worth keeping as recorded histories, by workflow id.
RECORD = {
    "crash-go": "success-after-go-crash",
    "bad-07": "failure-truncated",
    "cancel-extract": "cancelled",
    "replay-children": "success-with-child-workflows",
    "replay-children-analysis-0": "child-analysis-group",
    "replay-batch": "batch-continued-as-new",
}


def replayer() -> Replayer:
    return Replayer(workflows=WORKFLOWS)


@pytest.mark.parametrize("path", sorted(HISTORIES.glob("*.json")), ids=lambda p: p.stem)
async def test_recorded_history_replays(path: Path) -> None:
    # Replay under the original workflow id: child workflow ids derive from it.
    workflow_id = {name: wid for wid, name in RECORD.items()}[path.stem]
    history = WorkflowHistory.from_json(workflow_id, json.loads(path.read_text()))
    await replayer().replay_workflow(history)


async def test_this_sessions_histories_replay(client: Client, http: LoopbackServer) -> None:
    """Every run of this session (the fault suite's, plus a long-video run with child
    workflows and a batch that continues as new) replays against today's code."""
    request = {
        "video_url": http.url("files/short.mp4"),
        "interval_seconds": 0.1,
        "child_workflow_frames": 8,
    }
    await run(client, request, "replay-children")
    batch = {
        "requests": [{"video_url": http.url("files/short.mp4"), "strategy": "keyframes"}] * 2,
        "continue_every": 1,
    }
    await client.execute_workflow(
        MEDIA_BATCH_WORKFLOW,
        batch,
        id="replay-batch",
        task_queue=MEDIA_BATCH_WORKFLOW_TASK_QUEUE.value,
    )
    kinds = " OR ".join(f"WorkflowType = '{w}'" for w in PYTHON_WORKFLOWS)
    histories = client.list_workflows(kinds).map_histories()
    results = await replayer().replay_workflows(histories, raise_on_replay_failure=False)
    assert results.replay_failures == {}
    if os.environ.get("RECORD_HISTORIES"):
        HISTORIES.mkdir(exist_ok=True)
        for wid, name in RECORD.items():
            # The first run of a batch is the one that continued as new.
            first = [w async for w in client.list_workflows(f"WorkflowId = '{wid}'")][-1]
            history = await client.get_workflow_handle(wid, run_id=first.run_id).fetch_history()
            (HISTORIES / f"{name}.json").write_text(
                json.dumps(history.to_json_dict(), indent=1) + "\n"
            )
