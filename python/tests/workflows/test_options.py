"""Options.of applies the schema's `default` keywords (generated DEFAULTS) and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

from media_pipeline.contracts.gen import models as m
from media_pipeline.contracts.gen.registry import ACTIVITIES, DEFAULTS, HEARTBEAT_INTERVAL_DIVISOR
from media_pipeline.workflows.options import WORKFLOW_ID, BatchOptions, Options

SCHEMA = Path(__file__).resolve().parents[3] / "schemas" / "contracts.schema.json"


def test_every_option_left_out_takes_the_schema_default() -> None:
    props = json.loads(SCHEMA.read_text())["$defs"]["PipelineRequest"]["properties"]
    opts = Options.of(m.PipelineRequest(video_url="https://example.com/a.mp4"))
    for name, prop in props.items():
        if name == "video_url":
            continue
        value = getattr(opts, name)
        assert (list(value) if isinstance(value, tuple) else value) == prop["default"], name
    assert isinstance(opts.strategy, m.FrameStrategy)
    assert all(isinstance(f, m.ImageFormat) for f in opts.thumbnail_formats)


def test_given_options_win_over_defaults() -> None:
    req = m.PipelineRequest(
        video_url="https://example.com/a.mp4", max_frames=7, storyboard=False, thumbnail_sizes=[99]
    )
    opts = Options.of(req)
    assert (opts.max_frames, opts.storyboard, opts.thumbnail_sizes) == (7, False, (99,))
    assert opts.frame_width == DEFAULTS["PipelineRequest"]["frame_width"]


def test_batch_defaults() -> None:
    req = m.BatchRequest(manifest="media://manifests/a.jsonl", continue_every=3)
    assert BatchOptions.of(req) == BatchOptions(
        max_in_flight=DEFAULTS["BatchRequest"]["max_in_flight"],
        max_per_host=DEFAULTS["BatchRequest"]["max_per_host"],
        continue_every=3,
    )


def test_workflow_id_pattern_is_the_schemas() -> None:
    assert WORKFLOW_ID.pattern == json.loads(SCHEMA.read_text())["$defs"]["WorkflowId"]["pattern"]


def test_heartbeat_interval_is_the_timeout_over_the_divisor() -> None:
    for spec in ACTIVITIES:
        p = spec.policy
        if p.heartbeat_timeout is None:
            assert p.heartbeat_interval is None
        else:
            assert p.heartbeat_interval == p.heartbeat_timeout / HEARTBEAT_INTERVAL_DIVISOR
