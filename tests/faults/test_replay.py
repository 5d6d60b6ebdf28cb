"""Recorded histories replay cleanly against today's workflow code.

tests/faults/histories/ holds histories recorded from real runs (success, failure, cancel).
A change to MediaProcessingWorkflow that would break running workflows (a non-deterministic
change) fails here, before it ships. Re-record on purpose with RECORD_HISTORIES=1 after a
deliberate, versioned change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from temporalio.client import Client, WorkflowHistory
from temporalio.worker import Replayer

from media_pipeline.workflows.media_processing import MediaProcessingWorkflow

HISTORIES = Path(__file__).parent / "histories"
# Runs of this session worth keeping as recorded histories, by workflow id.
RECORD = {
    "crash-go": "success-after-go-crash",
    "bad-07": "failure-truncated",
    "cancel-extract": "cancelled",
}


def replayer() -> Replayer:
    return Replayer(workflows=[MediaProcessingWorkflow])


@pytest.mark.parametrize("path", sorted(HISTORIES.glob("*.json")), ids=lambda p: p.stem)
async def test_recorded_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, json.loads(path.read_text()))
    await replayer().replay_workflow(history)


async def test_this_sessions_histories_replay(client: Client) -> None:
    """Every MediaProcessingWorkflow run of this session (the fault suite's) replays."""
    histories = client.list_workflows("WorkflowType = 'MediaProcessingWorkflow'").map_histories()
    results = await replayer().replay_workflows(histories, raise_on_replay_failure=False)
    assert results.replay_failures == {}
    if os.environ.get("RECORD_HISTORIES"):
        HISTORIES.mkdir(exist_ok=True)
        for wid, name in RECORD.items():
            history = await client.get_workflow_handle(wid).fetch_history()
            (HISTORIES / f"{name}.json").write_text(
                json.dumps(history.to_json_dict(), indent=1) + "\n"
            )
