"""A hand-written input with an unknown field, sent through Temporal to every activity of every
language, fails with InvalidInput, non-retryable, on the first attempt."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from support.probe_workflow import QUEUE, ContractProbeWorkflow
from support.tools import first_valid
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

from media_pipeline.contracts.gen.registry import ACTIVITIES, ActivitySpec


@pytest.fixture(scope="module")
async def probe_worker(client: Client) -> Any:
    worker = Worker(
        client,
        task_queue=QUEUE,
        workflows=[ContractProbeWorkflow],
        workflow_runner=UnsandboxedWorkflowRunner(),
    )
    async with worker:
        yield worker


async def probe(
    client: Client, spec: ActivitySpec, payload: Any
) -> tuple[dict[str, Any], list[int]]:
    handle = await client.start_workflow(
        ContractProbeWorkflow.run,
        args=[spec.name, spec.task_queue.value, payload],
        id=f"probe-{spec.name}-{uuid.uuid4().hex[:8]}",
        task_queue=QUEUE,
    )
    outcome = await handle.result()
    attempts = [
        e.activity_task_started_event_attributes.attempt
        async for e in handle.fetch_history_events()
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
    ]
    return outcome, attempts


@pytest.mark.parametrize("spec", ACTIVITIES, ids=[a.name for a in ACTIVITIES])
async def test_unknown_field_is_invalid_input_on_first_attempt(
    client: Client, probe_worker: Any, spec: ActivitySpec
) -> None:
    payload = {**first_valid(spec.input.__name__), "unexpected_field": 1}
    outcome, attempts = await probe(client, spec, payload)
    assert outcome["type"] == "InvalidInput", outcome
    assert outcome["non_retryable"] is True
    assert "$.unexpected_field" in outcome["message"]
    assert outcome["retry_state"] == "NON_RETRYABLE_FAILURE"
    assert attempts == [1], f"{spec.name} ({spec.language}) was attempted {attempts}"


@pytest.mark.parametrize("spec", ACTIVITIES, ids=[a.name for a in ACTIVITIES])
async def test_a_bare_string_is_invalid_input_too(
    client: Client, probe_worker: Any, spec: ActivitySpec
) -> None:
    outcome, attempts = await probe(client, spec, "not an object")
    assert (outcome["type"], outcome["non_retryable"], attempts) == ("InvalidInput", True, [1])
