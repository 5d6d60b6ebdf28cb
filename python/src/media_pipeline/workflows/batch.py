"""MediaBatchWorkflow: many videos, one child MediaProcessingWorkflow each.

A bounded number of children run at once, and at most `max_per_host` of them download from
one source host at once: a child holds its host's slot until it signals that its download
ended (or ends itself). Every `continue_every` children the workflow continues as new,
carrying only a cursor, so its history stays small however long the list. A failed video
does not stop the batch: it is counted and listed in the result.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from temporalio import workflow
from temporalio.exceptions import ChildWorkflowError

with workflow.unsafe.imports_passed_through():
    from ..contracts.gen import models as m
    from ..contracts.gen import registry as r
    from ..contracts.validation import ContractError, decode, encode
    from ..errors import ErrorType, describe, failure
    from .calls import call
    from .options import WORKFLOW_ID, BatchOptions

MAX_LISTED_FAILURES = 1000
HOST_SLOTS_PATCH = "batch-host-slots"


@workflow.defn(name=r.MEDIA_BATCH_WORKFLOW)
class MediaBatchWorkflow:
    def __init__(self) -> None:
        self.batch_id = workflow.info().workflow_id
        self.cursor = m.BatchCursor(next_index=0, total=0, succeeded=0, failures=[], runs=1)
        self.done = self.succeeded = self.running = 0
        self.downloaded: set[str] = set()  # children whose download ended, by workflow id
        self.released: set[str] = set()  # children that gave their host slot back
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.per_host = 0  # no host limit

    @workflow.signal(name=r.MEDIA_BATCH_SIGNAL_DOWNLOAD_FINISHED)
    def download_finished(self, raw: Any) -> None:
        try:
            self.downloaded.add(decode(m.DownloadFinished, raw).workflow_id)
        except ContractError as err:  # a signal cannot answer: refuse it in the log
            workflow.logger.warning("refused a download_finished signal: %s", err)

    @workflow.query(name=r.MEDIA_BATCH_QUERY_PROGRESS)
    def progress(self) -> dict[str, Any]:
        done = self.cursor.next_index + self.done
        succeeded = self.cursor.succeeded + self.succeeded
        return encode(
            m.BatchProgress(
                batch_id=self.batch_id, total=self.cursor.total, done=done, succeeded=succeeded,
                failed=done - succeeded, running=self.running, runs=self.cursor.runs,
            )
        )  # fmt: skip

    @workflow.run
    async def run(self, raw: Any) -> dict[str, Any]:
        req = self._parse(raw)
        if req.cursor is not m.MISSING:
            self.cursor = req.cursor
        opts = BatchOptions.of(req)
        every, in_flight = opts.continue_every, opts.max_in_flight
        # Batches started before host slots replay without them (children started as before).
        self.per_host = opts.max_per_host if workflow.patched(HOST_SLOTS_PATCH) else 0
        start = self.cursor.next_index
        items, total = await self._slice(req, start, every)
        self.cursor = self.cursor.model_copy(update={"total": total})

        gate = asyncio.Semaphore(in_flight)
        failures: list[m.BatchFailure] = []
        await asyncio.gather(
            *(self._child(start + i, item, gate, failures) for i, item in enumerate(items))
        )

        failures.sort(key=lambda f: f.index)
        kept = (self.cursor.failures + failures)[:MAX_LISTED_FAILURES]
        cursor = m.BatchCursor(
            next_index=start + len(items), total=total, succeeded=self.cursor.succeeded + self.succeeded,
            failures=kept, runs=self.cursor.runs,
        )  # fmt: skip
        if cursor.next_index < total:
            nxt = req.model_copy(
                update={"cursor": cursor.model_copy(update={"runs": cursor.runs + 1})}
            )
            workflow.continue_as_new(encode(nxt))
        return encode(
            m.BatchResult(
                batch_id=self.batch_id, total=total, succeeded=cursor.succeeded,
                failed=total - cursor.succeeded, failures=kept, runs=cursor.runs,
            )
        )  # fmt: skip

    def _parse(self, raw: Any) -> m.BatchRequest:
        try:
            req = decode(m.BatchRequest, raw)
        except ContractError as err:
            raise failure(ErrorType.INVALID_INPUT, str(err)) from None
        if (req.requests is m.MISSING) == (req.manifest is m.MISSING):
            raise failure(
                ErrorType.INVALID_INPUT,
                "invalid BatchRequest at $: give exactly one of requests and manifest",
            )
        if not WORKFLOW_ID.match(f"{self.batch_id}-{10**8}"):
            raise failure(
                ErrorType.INVALID_INPUT, f"batch id {self.batch_id!r} leaves no room for child ids"
            )
        return req

    async def _slice(
        self, req: m.BatchRequest, start: int, count: int
    ) -> tuple[list[m.PipelineRequest], int]:
        if req.requests is not m.MISSING:
            return req.requests[start : start + count], len(req.requests)
        assert req.manifest is not m.MISSING
        page = await call(
            r.READ_MANIFEST,
            m.ReadManifestInput(manifest=req.manifest, offset=start, limit=min(count, 1000)),
            m.ReadManifestOutput,
        )
        return page.requests, page.total

    async def _child(
        self,
        index: int,
        item: m.PipelineRequest,
        gate: asyncio.Semaphore,
        failures: list[m.BatchFailure],
    ) -> None:
        wid = f"{self.batch_id}-{index}"
        # The host slot first: a child waiting for its host does not take an in-flight slot
        # from a video of another host.
        host = self._host_slot(item.video_url)
        if host:
            await host.acquire()
        try:
            async with gate:
                await self._run_child(index, wid, item, host, failures)
        finally:
            if host and wid not in self.released:
                host.release()

    async def _run_child(
        self,
        index: int,
        wid: str,
        item: m.PipelineRequest,
        host: asyncio.Semaphore | None,
        failures: list[m.BatchFailure],
    ) -> None:
        self.running += 1
        try:
            child = await workflow.start_child_workflow(
                r.MEDIA_PROCESSING_WORKFLOW, encode(item), id=wid,
                task_queue=r.MEDIA_PROCESSING_WORKFLOW_TASK_QUEUE.value, result_type=dict,
            )  # fmt: skip
            if host:
                await workflow.wait_condition(lambda: wid in self.downloaded or child.done())
                host.release()
                self.released.add(wid)
            await child
            self.succeeded += 1
        except ChildWorkflowError as err:
            error_type, message = describe(err, "ChildWorkflowFailed")
            failures.append(
                m.BatchFailure(
                    index=index, video_url=item.video_url, workflow_id=wid,
                    error_type=error_type, message=message[:2000],
                )
            )  # fmt: skip
        finally:
            self.running -= 1
            self.done += 1

    def _host_slot(self, url: str) -> asyncio.Semaphore | None:
        """The slot of the video's source host; none for the media store's own objects."""
        parts = urlsplit(url)
        if not self.per_host or parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        return self.hosts.setdefault(parts.hostname, asyncio.Semaphore(self.per_host))
