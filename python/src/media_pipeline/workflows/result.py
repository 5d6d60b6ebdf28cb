"""Result assembly of MediaProcessingWorkflow: the catalog record from what the stages returned.
Pure functions: no activity calls, nothing non-deterministic."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from ..contracts.gen import models as m
    from .options import Options
    from .summary import Combined
    from .summary import scenes as scenes_of


def build_metadata(
    wid: str,
    opts: Options,
    video: m.MediaRef,
    probe: m.VideoProbe,
    frames: list[m.FrameRef],
    truncated: bool,
    combined: Combined,
    scenes: m.SceneSummary,
    best: m.FrameAnalysis,
    thumbs: m.GenerateThumbnailOutput,
    storyboard: m.Storyboard | None,
    preview: m.MediaRef | None = None,
) -> m.MediaMetadata:
    summary = m.FrameSummary(
        strategy=opts.strategy,
        count=len(frames),
        width=frames[0].width,
        height=frames[0].height,
        black_frames=combined.black_frames,
        mean_brightness=combined.mean_brightness,
        mean_sharpness=combined.mean_sharpness,
        truncated=truncated,
    )
    poster = m.Poster(
        frame_index=best.index,
        timestamp_seconds=thumbs.source_timestamp_seconds,
        sharpness=best.sharpness,
        thumbnails=thumbs.thumbnails,
        phash=best.phash,
    )
    return m.MediaMetadata.model_validate(
        {
            "workflow_id": wid,
            "video_url": opts.video_url,
            "video": video,
            "probe": probe,
            "frames": summary,
            "scenes": scenes,
            "black_segments": combined.black_segments,
            "dominant_colors": combined.dominant_colors,
            "poster": poster,
            **({"storyboard": storyboard} if storyboard else {}),
            **({"preview": preview} if preview else {}),
        }
    )


def frame_scenes(opts: Options, frames: list[m.FrameRef], combined: Combined) -> m.SceneSummary:
    """Scenes from the sampled frames' scene scores, when no shot series was extracted."""
    scores = [(f.timestamp_seconds, f.scene_score) for f in frames]
    return scenes_of(opts.strategy, scores, combined, opts.scene_threshold)
