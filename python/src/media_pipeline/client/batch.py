"""Start and watch MediaBatchWorkflow over a list file.

The file is not parsed here: it goes into the media store unchanged as a manifest, and the
workflow's read_manifest activity is the one parser (its typed errors end the batch).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path
from typing import Any

from temporalio.client import Client, WorkflowFailureError, WorkflowHandle
from temporalio.service import RPCError

from ..contracts.gen.models import BatchProgress, BatchRequest, BatchResult
from ..contracts.gen.registry import (
    MEDIA_BATCH_QUERY_PROGRESS,
    MEDIA_BATCH_WORKFLOW,
    MEDIA_BATCH_WORKFLOW_TASK_QUEUE,
)
from ..contracts.validation import decode
from ..media.store import MediaStore, file_digest
from .pipeline import QUERY_TIMEOUT, failed, start_by_name


def upload_manifest(store: MediaStore, path: Path) -> tuple[str, str]:
    """The manifest reference for a list file (content-addressed) and the batch's default id."""
    digest, _ = file_digest(path)
    uri = f"media://manifests/{digest[:16]}.jsonl"
    if not store.exists(uri):
        store.put_file(path, uri)
    return uri, f"batch-{digest[:16]}"


def request_for(
    manifest: str,
    max_in_flight: int | None,
    continue_every: int | None,
    max_per_host: int | None = None,
) -> BatchRequest:
    fields: dict[str, Any] = {"manifest": manifest}
    if max_in_flight is not None:
        fields["max_in_flight"] = max_in_flight
    if max_per_host is not None:
        fields["max_per_host"] = max_per_host
    if continue_every is not None:
        fields["continue_every"] = continue_every
    return decode(BatchRequest, fields)


async def start(client: Client, request: BatchRequest, batch_id: str) -> WorkflowHandle[Any, Any]:
    return await start_by_name(
        client, MEDIA_BATCH_WORKFLOW, MEDIA_BATCH_WORKFLOW_TASK_QUEUE.value, request, batch_id
    )


async def progress(handle: WorkflowHandle[Any, Any]) -> BatchProgress:
    raw = await handle.query(MEDIA_BATCH_QUERY_PROGRESS, rpc_timeout=QUERY_TIMEOUT)
    return decode(BatchProgress, raw)


async def watch(handle: WorkflowHandle[Any, Any], show: bool) -> BatchResult:
    """The batch's result; while it runs, a line whenever its counts change."""
    result = asyncio.ensure_future(handle.result())
    last = None
    try:
        while show and not result.done():
            with contextlib.suppress(RPCError):
                p = await progress(handle)
                line = f"done {p.done}/{p.total}  ok {p.succeeded}  failed {p.failed}  running {p.running}  runs {p.runs}"
                if line != last:
                    print(line, file=sys.stderr, flush=True)
                    last = line
            await asyncio.wait([result], timeout=1.0)
        return decode(BatchResult, await result)
    except WorkflowFailureError as err:
        raise failed(err) from None
    finally:
        result.cancel()
