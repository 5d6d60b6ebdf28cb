"""Start and watch MediaBatchWorkflow from a local list of videos.

The list is a file of JSON Lines (URL strings or PipelineRequest objects; bare URLs too).
Up to 1000 entries travel inline; a longer list is put into the media store as a manifest,
so no payload grows with the size of the batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import sys
from pathlib import Path
from typing import Any

from temporalio.client import Client, WorkflowFailureError, WorkflowHandle
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError

from ..activities.manifest import read
from ..contracts.gen.models import BatchProgress, BatchRequest, BatchResult, ReadManifestOutput
from ..contracts.gen.registry import (
    MEDIA_BATCH_QUERY_PROGRESS,
    MEDIA_BATCH_WORKFLOW,
    MEDIA_BATCH_WORKFLOW_TASK_QUEUE,
)
from ..contracts.validation import ContractError, decode, encode
from ..media.store import MediaStore
from .pipeline import QUERY_TIMEOUT, PipelineFailed, failed, start_by_name

INLINE_LIMIT = 1000


def default_batch_id(path: Path) -> str:
    return "batch-" + hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def request_for(
    path: Path, store: MediaStore, max_in_flight: int | None, continue_every: int | None
) -> BatchRequest:
    """The batch request for a list file; entries are validated here, before anything starts."""
    page = checked_read(path, 0)
    fields: dict[str, Any] = {}
    if page.total <= INLINE_LIMIT:
        fields["requests"] = [encode(r) for r in page.requests]
    else:
        for offset in range(INLINE_LIMIT, page.total, INLINE_LIMIT):
            checked_read(path, offset)  # every line is validated before anything is uploaded
        uri = f"media://manifests/{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}.jsonl"
        if not store.path(uri).is_file():
            store.put_file(path, uri)
        fields["manifest"] = uri
    if max_in_flight is not None:
        fields["max_in_flight"] = max_in_flight
    if continue_every is not None:
        fields["continue_every"] = continue_every
    try:
        return decode(BatchRequest, fields)
    except ContractError as err:
        raise PipelineFailed("InvalidInput", str(err)) from None


def checked_read(path: Path, offset: int) -> ReadManifestOutput:
    """One page of the list, every entry validated; problems become one-line errors."""
    try:
        return read(path, offset, INLINE_LIMIT)
    except ApplicationError as err:
        raise PipelineFailed(err.type or "InvalidInput", err.message) from None
    except UnicodeDecodeError:
        raise PipelineFailed("InvalidInput", f"{path} is not UTF-8 text") from None


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
