"""MediaProcessingWorkflow: the one workflow, calling Python, Go and TypeScript activities by name.

download_video -> probe_video -> extract_frames (time segments in parallel) -> analyze_frames
(batches in parallel, in child workflows for long videos) alongside build_storyboard and
generate_preview ->
generate_thumbnail -> store_metadata alongside cleanup_media. Every payload is checked against
schemas/ on the way in and out; a failure or a cancel leaves no artifacts behind unless the
request asks to keep them. This file is the orchestration; the record is assembled in
result.py, errors are mapped in failures.py, activities are called through calls.py.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable
from typing import Any, TypeVar, cast

from temporalio import workflow
from temporalio.exceptions import (
    ActivityError,
    ApplicationError,
    CancelledError,
    ChildWorkflowError,
    is_cancelled_exception,
)

with workflow.unsafe.imports_passed_through():
    from ..contracts.gen import models as m
    from ..contracts.gen import registry as r
    from ..contracts.validation import decode_typed, encode
    from ..errors import ErrorType, failure
    from . import content, plan, shots
    from .analysis import analyze_batches
    from .calls import all_or_cancel, call
    from .failures import as_catalogued, ended_by_cancel, parse_request
    from .options import (
        PREVIEW_CLIP_SECONDS,
        PREVIEW_CLIPS,
        PREVIEW_FPS,
        PREVIEW_WIDTH,
        STORYBOARD_COLUMNS,
        STORYBOARD_ROWS,
        STORYBOARD_TILE_WIDTH,
        WORKFLOW_ID,
        Options,
    )
    from .progress import Tracker
    from .result import build_metadata, frame_scenes
    from .summary import Combined, combine

T = TypeVar("T")
# Child workflows of analysis running at once (each runs its own batches in parallel).
CHILDREN_IN_FLIGHT = 2
# The storyboard leaves out frames inside transitions (it waits for detect_shots).
STORYBOARD_SHOTS_PATCH = "storyboard-shots"
# Runs started before batches limited downloads per host replay without telling their batch.
BATCH_SIGNAL_PATCH = "batch-download-signal"
# The hover preview (generate_preview): runs started before it replay without it.
PREVIEW_PATCH = "preview"


@workflow.defn(name=r.MEDIA_PROCESSING_WORKFLOW)
class MediaProcessingWorkflow:
    def __init__(self) -> None:
        self.track = Tracker(workflow.info().workflow_id, workflow.now())
        self.side_tasks: list[asyncio.Future[Any]] = []
        self.series: list[m.MediaRef] = []  # shot series of the extraction segments

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
        except BaseException as err:
            # A cancel can surface as asyncio's CancelledError, as an activity's or child's
            # error with a CancelledError cause when it acknowledged the cancel first, or as
            # its failure that the cancel kept from being retried: in each case the run ends
            # as cancelled (the SDK does so for a cancel we raise), after compensation.
            if ended_by_cancel(err):
                await self._compensate(opts)
                if is_cancelled_exception(err):
                    raise
                raise CancelledError("the run was cancelled") from err
            if not isinstance(err, ActivityError | ChildWorkflowError | ApplicationError):
                raise
            self.track.fail()
            await self._compensate(opts)
            raise as_catalogued(err) from err
        return encode(result)

    async def _pipeline(self, wid: str, opts: Options) -> m.PipelineResult:
        self._enter(m.Stage.downloading)
        try:
            dl = await call(
                r.DOWNLOAD_VIDEO,
                m.DownloadVideoInput(url=opts.video_url, output_prefix=self.prefix),
                m.DownloadVideoOutput,
            )
        except ActivityError:
            await self._download_finished(wid, downloaded=False)
            raise
        await self._download_finished(wid, downloaded=True)
        self._enter(m.Stage.probing)
        probed = await call(r.PROBE_VIDEO, m.ProbeVideoInput(video=dl.video), m.ProbeVideoOutput)
        probe = probed.probe

        self._enter(m.Stage.extracting)
        frames, truncated = await self._extract(dl.video, probe, opts)
        self.track.frames_extracted = len(frames)
        if not frames:
            raise failure(ErrorType.UNSUPPORTED_MEDIA, "ffmpeg extracted no frames from the video")

        self._enter(m.Stage.analyzing)
        # Runs started before content analysis replay without it: no audio branch, no
        # details document, no content summary, only the frames as scratch.
        analysed = workflow.patched(content.PATCH)
        if not analysed:
            opts = dataclasses.replace(opts, detectors=())
        # The storyboard needs only the frames, and the audio branch only the video: both
        # run while the frames are analysed.
        # Runs started before the storyboard waited for the shots replay as they ran.
        board_shots = workflow.patched(STORYBOARD_SHOTS_PATCH)
        if not board_shots:
            board = self._side(self._storyboard(frames, probe)) if opts.storyboard else None
        audio = self._side(content.audio(dl.video, probe, opts.wanted, self.prefix))
        # Shot detection reads the series extraction wrote: it runs beside the analysis.
        found = (
            self._side(shots.detect(self.series, probe.duration_seconds)) if self.series else None
        )
        if board_shots:
            # The storyboard waits for the shots (they come well before the analysis ends), so
            # that no tile shows a blend of two shots.
            board = self._side(self._storyboard(frames, probe, found)) if opts.storyboard else None
        # The preview, like the storyboard, needs only the frames (and the shots if any).
        preview = (
            self._side(self._preview(dl.video, frames, probe, found))
            if workflow.patched(PREVIEW_PATCH)
            else None
        )
        combined = await self._analyze(frames, opts, probe.duration_seconds)
        want_frames = bool(opts.wanted & content.FRAME_DETECTORS)
        details = await content.details(self.prefix) if want_frames else None
        facts = await audio
        summary = content.summary(opts.wanted, probe, combined, facts, details)
        scenes = (
            shots.summary(await found, frames, probe.duration_seconds)
            if found
            else frame_scenes(opts, frames, combined)
        )
        best = await self._poster_source(combined.best, scenes, frames)

        self._enter(m.Stage.rendering)
        thumbs = await call(
            r.GENERATE_THUMBNAIL,
            m.GenerateThumbnailInput(
                video=dl.video,
                frame=frames[best.index],
                sizes=list(opts.thumbnail_sizes),
                formats=list(opts.thumbnail_formats),
                output_prefix=f"{self.prefix}/poster",
            ),
            m.GenerateThumbnailOutput,
        )
        storyboard = await board if board else None
        previewed = await preview if preview else None
        metadata = build_metadata(
            wid,
            opts,
            dl.video,
            probe,
            frames,
            truncated,
            combined,
            scenes,
            best,
            thumbs,
            storyboard,
            previewed,
        )
        if analysed:
            metadata = metadata.model_copy(update={"content": summary})

        self._enter(m.Stage.storing)
        store = call(
            r.STORE_METADATA,
            m.StoreMetadataInput(metadata=metadata),
            m.StoreMetadataOutput,
        )
        if opts.keep_frames:
            stored = await store
        else:  # the frames are no longer needed: remove them while the record is written
            kinds = ("frames", "audio", "details/parts") if analysed else ("frames",)
            scratch = [f"{self.prefix}/{p}" for p in kinds]
            done = await all_or_cancel(store, self._timed_cleanup(scratch))
            stored = cast(m.StoreMetadataOutput, done[0])
        self._enter(m.Stage.completed)
        return m.PipelineResult(
            workflow_id=wid,
            catalog_id=stored.record_id,
            metadata=metadata,
            frames_kept=opts.keep_frames,
            timings=self.track.timings(),
            completed_at=workflow.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        )

    async def _download_finished(self, wid: str, downloaded: bool) -> None:
        """Tell a parent batch that this run's download ended, so it frees the host's slot."""
        parent = workflow.info().parent
        if parent is None or not workflow.patched(BATCH_SIGNAL_PATCH):
            return
        batch = workflow.get_external_workflow_handle(parent.workflow_id, run_id=parent.run_id)
        signal = m.DownloadFinished(workflow_id=wid, downloaded=downloaded)
        try:
            await batch.signal(r.MEDIA_BATCH_SIGNAL_DOWNLOAD_FINISHED, encode(signal))
        except ApplicationError as err:  # a parent gone meanwhile: nothing waits for the slot
            workflow.logger.warning("could not signal batch %s: %s", parent.workflow_id, err)

    def _enter(self, stage: m.Stage) -> None:
        self.track.enter(stage, workflow.now())

    def _side(self, work: Awaitable[T]) -> asyncio.Future[T]:
        task = asyncio.ensure_future(work)
        self.side_tasks.append(task)
        return task

    async def _extract(
        self, video: m.MediaRef, probe: m.VideoProbe, opts: Options
    ) -> tuple[list[m.FrameRef], bool]:
        parts = plan.segments(
            probe.duration_seconds,
            opts.strategy,
            opts.interval_seconds,
            opts.max_frames,
            opts.extract_segments,
            decode_all=opts.detect_shots,
        )
        # extract_frames' policy waits for ffmpeg to be killed and its partial frames removed
        # before the workflow compensates (cancellation: wait_cancellation_completed).
        calls = [
            call(
                r.EXTRACT_FRAMES,
                m.ExtractFramesInput(
                    video=video,
                    strategy=opts.strategy,
                    interval_seconds=opts.interval_seconds,
                    scene_threshold=opts.scene_threshold,
                    max_frames=min(opts.max_frames, plan.SEGMENT_FRAME_CAP),
                    frame_width=opts.frame_width,
                    segment=segment,
                    output_prefix=f"{self.prefix}/frames",
                    parallel_segments=len(parts),
                    shot_series=opts.detect_shots,
                ),
                m.ExtractFramesOutput,
            )
            for segment in parts
        ]
        outputs = await all_or_cancel(*calls)
        self.series = [o.shot_series for o in outputs if isinstance(o.shot_series, m.MediaRef)]
        frames, dropped = plan.merge_frames([o.frames for o in outputs], opts.max_frames)
        return frames, dropped or any(o.truncated for o in outputs)

    async def _analyze(self, frames: list[m.FrameRef], opts: Options, duration: float) -> Combined:
        groups = (
            plan.chunks(frames, opts.child_workflow_frames)
            if len(frames) > opts.child_workflow_frames
            else [frames]
        )
        self.track.batches_total = sum(
            len(plan.chunks(g, opts.analysis_batch_size)) for g in groups
        )
        detectors = [d for d in m.Detector if d in opts.wanted & content.FRAME_DETECTORS]
        parts = f"{self.prefix}/details/parts"
        if len(groups) == 1:
            summary, _ = await analyze_batches(
                frames,
                opts.analysis_batch_size,
                opts.analysis_parallelism,
                self.track.batch_done,
                detectors=detectors,
                details_prefix=f"{parts}/g00000" if detectors else None,
            )
            return combine([summary], duration)
        gate = asyncio.Semaphore(CHILDREN_IN_FLIGHT)

        async def child(i: int, group: list[m.FrameRef]) -> m.AnalysisSummary:
            request = m.AnalyzeGroupInput.model_validate(
                {
                    "group_index": i,
                    "frames": group,
                    "batch_size": opts.analysis_batch_size,
                    "parallelism": opts.analysis_parallelism,
                    **(
                        {"detectors": detectors, "details_prefix": f"{parts}/g{i:05d}"}
                        if detectors
                        else {}
                    ),
                }
            )
            async with gate:
                raw = await workflow.execute_child_workflow(
                    r.ANALYZE_FRAMES_GROUP_WORKFLOW,
                    request.model_dump(mode="json"),
                    id=f"{workflow.info().workflow_id}-analysis-{i}",
                    task_queue=r.ANALYZE_FRAMES_GROUP_WORKFLOW_TASK_QUEUE.value,
                    result_type=dict,
                )
            out = decode_typed(m.AnalyzeGroupOutput, raw)
            self.track.batches_done += out.batches
            self.track.frames_analyzed += out.summary.frames
            return out.summary

        summaries = await all_or_cancel(*(child(i, g) for i, g in enumerate(groups)))
        return combine(summaries, duration)

    async def _storyboard(
        self,
        frames: list[m.FrameRef],
        probe: m.VideoProbe,
        found: Awaitable[list[m.ShotBoundary]] | None = None,
    ) -> m.Storyboard:
        tiles = shots.outside_transitions(frames, await found) if found else frames
        # A storyboard still being written must not outlive compensation: build_storyboard's
        # policy waits for the cancellation to complete.
        out = await call(
            r.BUILD_STORYBOARD,
            m.BuildStoryboardInput(
                frames=plan.storyboard_frames(tiles),
                duration_seconds=max(probe.duration_seconds, frames[-1].timestamp_seconds + 0.001),
                tile_width=STORYBOARD_TILE_WIDTH,
                columns=STORYBOARD_COLUMNS,
                rows=STORYBOARD_ROWS,
                output_prefix=f"{self.prefix}/storyboard",
            ),
            m.BuildStoryboardOutput,
        )
        return out.storyboard

    async def _preview(
        self,
        video: m.MediaRef,
        frames: list[m.FrameRef],
        probe: m.VideoProbe,
        found: Awaitable[list[m.ShotBoundary]] | None,
    ) -> m.MediaRef:
        """Clips at the scene starts: the shots' scenes when detected, else the frames' times
        (scene changes with the scene strategy, an even spread otherwise)."""
        duration = probe.duration_seconds
        if found:
            starts = [s.start_seconds for s in shots.scene_list(await found, frames, duration)]
        else:
            starts = [f.timestamp_seconds for f in frames]
        # Like the storyboard, a preview still being written must not outlive compensation.
        out = await call(
            r.GENERATE_PREVIEW,
            m.GeneratePreviewInput(
                video=video,
                times_seconds=plan.preview_times(
                    starts, duration, PREVIEW_CLIPS, PREVIEW_CLIP_SECONDS
                ),
                clip_seconds=PREVIEW_CLIP_SECONDS,
                fps=PREVIEW_FPS,
                width=PREVIEW_WIDTH,
                output_prefix=f"{self.prefix}/preview",
            ),
            m.GeneratePreviewOutput,
        )
        return out.preview

    async def _poster_source(
        self, best: m.FrameAnalysis, scenes: m.SceneSummary, frames: list[m.FrameRef]
    ) -> m.FrameAnalysis:
        """The poster's frame: the analysis' best unless it lies in a transition; then the
        longest scene's representative, analysed on its own (one frame)."""
        if not isinstance(scenes.boundaries, list) or not isinstance(scenes.scenes, list):
            return best
        index = shots.poster_index(best, scenes.boundaries, scenes.scenes)
        if index == best.index:
            return best
        out = await call(
            r.ANALYZE_FRAMES,
            m.AnalyzeFramesInput(batch_index=0, frames=[frames[index]]),
            m.AnalyzeFramesOutput,
        )
        return out.analyses[0]

    async def _timed_cleanup(self, prefixes: list[str]) -> m.CleanupMediaOutput:
        """Cleanup beside the catalog write, timed on its own (it has no stage of its own)."""
        began = workflow.now()
        out = await self._cleanup(prefixes)
        self.track.seconds["cleanup"] = (workflow.now() - began).total_seconds()
        return out

    async def _cleanup(self, prefixes: list[str]) -> m.CleanupMediaOutput:
        return await call(
            r.CLEANUP_MEDIA,
            m.CleanupMediaInput(prefixes=prefixes),
            m.CleanupMediaOutput,
        )

    async def _compensate(self, opts: Options) -> None:
        """Stop side work, then remove what the run wrote; the original failure is what gets reported."""
        for task in self.side_tasks:
            task.cancel()
        await asyncio.gather(*self.side_tasks, return_exceptions=True)
        if opts.keep_on_failure:
            return
        try:
            await self._cleanup([self.prefix])
        except (ActivityError, ApplicationError) as err:
            workflow.logger.warning("cleanup after failure did not finish: %s", err)
