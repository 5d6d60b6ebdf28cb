"""The Python worker (python-tasks): MediaProcessingWorkflow and the Python activities.

Run with `python -m media_pipeline.worker`; configuration comes from the environment.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from temporalio.worker import Worker

from .activities.boundary import activity_name
from .activities.python_activities import PythonActivities
from .client.connect import connect, describe_target
from .config import Settings
from .contracts.gen.registry import (
    ACTIVITIES,
    ANALYZE_FRAMES_GROUP_WORKFLOW,
    MEDIA_BATCH_WORKFLOW,
    MEDIA_PROCESSING_WORKFLOW,
    MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE,
    PYTHON_WORKFLOWS,
    TaskQueue,
)
from .detectors.models import ModelError, Models
from .exit import exit_now
from .media.open import open_store, store_spec
from .media.store import MediaStore
from .telemetry import logs, metrics, tracing
from .workflows.analysis import AnalyzeFramesGroupWorkflow
from .workflows.batch import MediaBatchWorkflow
from .workflows.media_processing import MediaProcessingWorkflow

# By registry name, the same constants each class's @workflow.defn(name=...) uses.
WORKFLOW_NAMES: dict[str, type] = {
    MEDIA_PROCESSING_WORKFLOW: MediaProcessingWorkflow,
    ANALYZE_FRAMES_GROUP_WORKFLOW: AnalyzeFramesGroupWorkflow,
    MEDIA_BATCH_WORKFLOW: MediaBatchWorkflow,
}
WORKFLOWS: list[type] = list(WORKFLOW_NAMES.values())

log = logging.getLogger("media_pipeline.worker")


def check_registry(
    activities: list[Callable[..., Any]], workflows: dict[str, type] = WORKFLOW_NAMES
) -> None:
    """Refuse to start unless this worker implements exactly the registry's Python entries."""
    registered = sorted(activity_name(fn) for fn in activities)
    expected = sorted(a.name for a in ACTIVITIES if a.task_queue == TaskQueue.PYTHON)
    if registered != expected:
        raise SystemExit(f"python worker registers {registered}, registry says {expected}")
    names = sorted(workflows)
    if names != sorted(PYTHON_WORKFLOWS):
        raise SystemExit(
            f"python worker registers workflows {names}, registry says {sorted(PYTHON_WORKFLOWS)}"
        )


def load_models() -> Models:
    """Every model, once per process, before polling: a missing or corrupt file stops the
    worker with one line naming it."""
    try:
        return Models.load()
    except ModelError as err:
        raise SystemExit(f"python worker: {err}") from None


def load_store() -> MediaStore:
    """The configured media store, reached once: bad configuration stops the worker with one
    line (unknown scheme, missing bucket, refused credentials, unreachable endpoint)."""
    try:
        store = open_store()
        store.check()
    except SystemExit as err:
        raise SystemExit(f"python worker: {err.code}") from None
    return store


def build(client: Any, settings: Settings, models: Models, store: MediaStore) -> Worker:
    activities = PythonActivities(store, settings.download, models).all()
    check_registry(activities)
    return Worker(
        client,
        task_queue=MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE.value,
        workflows=WORKFLOWS,
        activities=activities,
        max_concurrent_activities=settings.max_concurrent_activities,
        max_activities_per_second=settings.max_activities_per_second,
        max_task_queue_activities_per_second=settings.max_task_queue_activities_per_second,
        graceful_shutdown_timeout=timedelta(seconds=10),
    )


async def main() -> None:
    settings = Settings.from_env()
    logs.configure(settings.log_level)
    store = load_store()  # before the models: bad configuration fails in a second
    models = load_models()
    traced = tracing.setup("media-python-worker")
    runtime = metrics.runtime()
    counters = [metrics.PipelineCounters()] if runtime else []
    try:
        client = await connect([*traced.interceptors, *counters], runtime)
    except Exception as err:  # any connection failure ends here, as one line
        raise SystemExit(
            f"python worker: cannot connect to Temporal at {describe_target()}: {err}"
        ) from None
    worker = build(client, settings, models, store)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with worker:
        log.info("polling %s (media store %s)", worker.task_queue, store_spec())
        await stop.wait()
        log.info("stopping")
    traced.flush()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except SystemExit as stop:
        print(stop.code, file=sys.stderr)
        exit_now(1)
    exit_now(0)
