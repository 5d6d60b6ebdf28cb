"""MediaProcessingWorkflow: the one workflow, calling Python, Go and TypeScript activities by name.

download_video -> probe_video -> extract_frames (time segments in parallel) -> analyze_frames
(batches in parallel, bounded) -> generate_thumbnail + build_storyboard (in parallel) ->
store_metadata -> cleanup_media. Every payload is checked against schemas/ on the way in and
out; a failure leaves no artifacts behind unless the request asks to keep them.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from pydantic import BaseModel
from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError, FailureError
from temporalio.workflow import ActivityCancellationType

with workflow.unsafe.imports_passed_through():
    from ..contracts.gen import models as m
    from ..contracts.gen import registry as r
    from ..contracts.validation import ContractError, check, decode, encode
    from ..errors import ErrorType, failure
    from . import plan, policies
    from .options import (
        STORYBOARD_COLUMNS,
        STORYBOARD_ROWS,
        STORYBOARD_TILE_WIDTH,
        WORKFLOW_ID,
        Options,
    )
    from .progress import Tracker

Out = TypeVar("Out", bound=BaseModel)


def parse_request(raw: Any) -> m.PipelineRequest:
    """A PipelineRequest from the workflow input, which may also be a bare URL string."""
    try:
        check("PipelineInput", raw)
        return decode(m.PipelineRequest, {"video_url": raw} if isinstance(raw, str) else raw)
    except ContractError as err:
        raise failure(ErrorType.INVALID_INPUT, str(err)) from None


@workflow.defn(name=r.MEDIA_PROCESSING_WORKFLOW)
class MediaProcessingWorkflow:
    def __init__(self) -> None:
        self.track = Tracker(workflow.info().workflow_id, workflow.now())

    @workflow.query(name=r.MEDIA_PROCESSING_QUERY_PROGRESS)
    def progress(self) -> dict[str, Any]:
        return encode(self.track.snapshot(workflow.now()))

    @workflow.run
    async def run(self, raw: Any) -> dict[str, Any]:
        wid = workflow.info().workflow_id
        if not WORKFLOW_ID.match(wid):
            raise failure(
                ErrorType.INVALID_INPUT, f"workflow id {wid!r} must match {WORKFLOW_ID.pattern}"
            )
        opts = Options.of(parse_request(raw))
        self.prefix = f"media://runs/{wid}"
        try:
            result = await self._pipeline(wid, opts)
        except asyncio.CancelledError:
            await self._compensate(opts)
            raise
        except (ActivityError, ApplicationError) as err:
            self.track.fail()
            await self._compensate(opts)
            raise self._as_catalogued(err) from err
        return encode(result)

    async def _pipeline(self, wid: str, opts: Options) -> m.PipelineResult:
        t = self.track
        self._enter(m.Stage.downloading)
        dl = await self._call(
            r.DOWNLOAD_VIDEO,
            m.DownloadVideoInput(url=opts.video_url, output_prefix=self.prefix),
            m.DownloadVideoOutput,
            policies.DOWNLOAD,
        )
        self._enter(m.Stage.probing)
        probe = (
            await self._call(
                r.PROBE_VIDEO, m.ProbeVideoInput(video=dl.video), m.ProbeVideoOutput, policies.PROBE
            )
        ).probe

        self._enter(m.Stage.extracting)
        frames, truncated = await self._extract(dl.video, probe, opts)
        t.frames_extracted = len(frames)
        if not frames:
            raise failure(ErrorType.UNSUPPORTED_MEDIA, "ffmpeg extracted no frames from the video")

        self._enter(m.Stage.analyzing)
        analyses = await self._analyze(frames, opts)
        best = plan.best_frame(analyses)

        self._enter(m.Stage.rendering)
        thumbs, storyboard = await self._render(dl.video, frames[best.index], frames, probe, opts)

        metadata = m.MediaMetadata.model_validate(
            {
                "workflow_id": wid,
                "video_url": opts.video_url,
                "video": dl.video,
                "probe": probe,
                "frames": self._summary(frames, analyses, opts, truncated),
                "scenes": plan.scenes(opts.strategy, frames, analyses, opts.scene_threshold),
                "black_segments": plan.black_segments(analyses, probe.duration_seconds),
                "dominant_colors": plan.dominant_colors(analyses),
                "poster": m.Poster(
                    frame_index=best.index,
                    timestamp_seconds=thumbs.source_timestamp_seconds,
                    sharpness=best.sharpness,
                    thumbnails=thumbs.thumbnails,
                ),
                **({"storyboard": storyboard} if storyboard else {}),
            }
        )
        self._enter(m.Stage.storing)
        stored = await self._call(
            r.STORE_METADATA,
            m.StoreMetadataInput(metadata=metadata),
            m.StoreMetadataOutput,
            policies.STORE,
        )

        self._enter(m.Stage.cleaning)
        if not opts.keep_frames:
            await self._cleanup([f"{self.prefix}/frames"])
        self._enter(m.Stage.completed)
        return m.PipelineResult(
            workflow_id=wid,
            catalog_id=stored.record_id,
            metadata=metadata,
            frames_kept=opts.keep_frames,
            timings=t.timings(),
            completed_at=workflow.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        )

    def _enter(self, stage: m.Stage) -> None:
        self.track.enter(stage, workflow.now())

    async def _extract(
        self, video: m.MediaRef, probe: m.VideoProbe, opts: Options
    ) -> tuple[list[m.FrameRef], bool]:
        parts = plan.segments(
            probe.duration_seconds, opts.strategy, opts.interval_seconds, opts.extract_segments
        )
        calls = [
            self._call(
                r.EXTRACT_FRAMES,
                m.ExtractFramesInput(
                    video=video,
                    strategy=opts.strategy,
                    interval_seconds=opts.interval_seconds,
                    scene_threshold=opts.scene_threshold,
                    max_frames=opts.max_frames,
                    frame_width=opts.frame_width,
                    segment=segment,
                    output_prefix=f"{self.prefix}/frames",
                ),
                m.ExtractFramesOutput,
                policies.EXTRACT,
                # Wait for ffmpeg to be killed and its partial frames removed before compensating.
                cancellation=ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
            )
            for segment in parts
        ]
        outputs = await asyncio.gather(*calls)
        frames, dropped = plan.merge_frames([o.frames for o in outputs], opts.max_frames)
        return frames, dropped or any(o.truncated for o in outputs)

    async def _analyze(self, frames: list[m.FrameRef], opts: Options) -> list[m.FrameAnalysis]:
        groups = plan.batches(frames, opts.analysis_batch_size)
        self.track.batches_total = len(groups)
        gate = asyncio.Semaphore(opts.analysis_parallelism)

        async def one(i: int, batch: list[m.FrameRef]) -> m.AnalyzeFramesOutput:
            async with gate:
                out = await self._call(
                    r.ANALYZE_FRAMES,
                    m.AnalyzeFramesInput(batch_index=i, frames=batch),
                    m.AnalyzeFramesOutput,
                    policies.ANALYZE,
                )
            self.track.batch_done(len(out.analyses))
            return out

        outputs = await asyncio.gather(*(one(i, b) for i, b in enumerate(groups)))
        return [a for o in sorted(outputs, key=lambda o: o.batch_index) for a in o.analyses]

    async def _render(
        self,
        video: m.MediaRef,
        best: m.FrameRef,
        frames: list[m.FrameRef],
        probe: m.VideoProbe,
        opts: Options,
    ) -> tuple[m.GenerateThumbnailOutput, m.Storyboard | None]:
        thumb = self._call(
            r.GENERATE_THUMBNAIL,
            m.GenerateThumbnailInput(
                video=video,
                frame=best,
                sizes=list(opts.thumbnail_sizes),
                formats=list(opts.thumbnail_formats),
                output_prefix=f"{self.prefix}/poster",
            ),
            m.GenerateThumbnailOutput,
            policies.RENDER,
        )
        if not opts.storyboard:
            return await thumb, None
        board = self._call(
            r.BUILD_STORYBOARD,
            m.BuildStoryboardInput(
                frames=frames,
                duration_seconds=max(probe.duration_seconds, frames[-1].timestamp_seconds + 0.001),
                tile_width=STORYBOARD_TILE_WIDTH,
                columns=STORYBOARD_COLUMNS,
                rows=STORYBOARD_ROWS,
                output_prefix=f"{self.prefix}/storyboard",
            ),
            m.BuildStoryboardOutput,
            policies.RENDER,
        )
        t, b = await asyncio.gather(thumb, board)
        return t, b.storyboard

    def _summary(
        self,
        frames: list[m.FrameRef],
        analyses: list[m.FrameAnalysis],
        opts: Options,
        truncated: bool,
    ) -> m.FrameSummary:
        n = len(analyses)
        return m.FrameSummary(
            strategy=opts.strategy,
            count=len(frames),
            width=frames[0].width,
            height=frames[0].height,
            black_frames=sum(a.is_black for a in analyses),
            mean_brightness=sum(a.brightness for a in analyses) / n,
            mean_sharpness=sum(a.sharpness for a in analyses) / n,
            truncated=truncated,
        )

    async def _call(
        self,
        spec: r.ActivitySpec,
        arg: BaseModel,
        out: type[Out],
        policy: policies.Policy,
        cancellation: ActivityCancellationType = ActivityCancellationType.TRY_CANCEL,
    ) -> Out:
        """Call an activity by its registry name on its language's queue; check what comes back."""
        raw = await workflow.execute_activity(
            spec.name,
            encode(arg),
            task_queue=spec.task_queue.value,
            start_to_close_timeout=policy.start_to_close,
            schedule_to_close_timeout=policy.schedule_to_close,
            heartbeat_timeout=policy.heartbeat,
            retry_policy=policy.retry,
            cancellation_type=cancellation,
            result_type=dict,
        )
        try:
            return decode(out, raw)
        except ContractError as err:
            raise failure(ErrorType.CONTRACT_VIOLATION, f"{spec.name} returned {err}") from None

    async def _cleanup(self, prefixes: list[str]) -> None:
        await self._call(
            r.CLEANUP_MEDIA,
            m.CleanupMediaInput(prefixes=prefixes),
            m.CleanupMediaOutput,
            policies.CLEANUP,
        )

    async def _compensate(self, opts: Options) -> None:
        """Remove what a failed or cancelled run wrote; the original failure is what gets reported."""
        if opts.keep_on_failure:
            return
        try:
            await self._cleanup([self.prefix])
        except (ActivityError, ApplicationError) as err:
            workflow.logger.warning("cleanup after failure did not finish: %s", err)

    @staticmethod
    def _as_catalogued(err: FailureError) -> ApplicationError:
        """The failure with the catalogue type of its root cause on top, for clients to show."""
        cause: BaseException | None = err
        while cause is not None:
            if isinstance(cause, ApplicationError) and cause.type:
                return ApplicationError(cause.message, type=cause.type, non_retryable=True)
            cause = cause.__cause__
        return ApplicationError(
            str(err), type=ErrorType.PROCESSING_FAILED.value, non_retryable=True
        )


__all__ = ["MediaProcessingWorkflow", "parse_request"]
