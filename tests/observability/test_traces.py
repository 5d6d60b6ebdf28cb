"""One trace per run, across the client and the Python, Go and TypeScript workers, in a real
Jaeger: activity spans under the workflow, ffmpeg spans under their activity, and the error
type on the span that failed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from media_devtools.devstack.stack import Stack
from media_devtools.traces.jaeger import Jaeger
from support.clients import CLIENTS, client_env
from support.httpserver import LoopbackServer
from support.traces import FAST_EXPORT, Trace, traces_of_run, wait_for

WORKERS = ("media-python-worker", "media-go-worker", "media-ts-worker")
GO_ACTIVITIES = ("probe_video", "extract_frames", "generate_thumbnail", "build_storyboard")
FFMPEG = ("ffmpeg", "ffprobe")


def run_client(
    language: str, jaeger: Jaeger, stack: Stack, url: str, workflow_id: str
) -> subprocess.CompletedProcess[str]:
    # The clients export over OTLP/HTTP (the workers over gRPC), with their default names.
    env = (
        client_env(stack)
        | FAST_EXPORT
        | {
            "OTEL_EXPORTER_OTLP_ENDPOINT": jaeger.otlp_http,
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        }
    )
    return subprocess.run(
        [*CLIENTS[language], "run", url, "--id", workflow_id, "--json"],
        env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def one_trace(
    jaeger: Jaeger, client: str, workflow_id: str, last: str, workers: tuple[str, ...] = WORKERS
) -> Trace:
    """The run's single trace, once the span named `last` and every service are in it."""

    def complete() -> Trace | None:
        found = traces_of_run(jaeger, client, workflow_id)
        assert len(found) <= 1, f"{len(found)} traces for one run"
        if found and found[0].named(last) and found[0].services >= {client, *workers}:
            return found[0]
        return None

    trace = wait_for(complete)
    for service in workers:  # no worker has started a trace of its own for this run
        assert {t.id for t in traces_of_run(jaeger, service, workflow_id)} == {trace.id}
    return trace


def under(trace: Trace, span_name: str, ancestor: str) -> None:
    spans = trace.named(span_name)
    assert spans, f"no {span_name} span"
    for span in spans:
        assert ancestor in [a.name for a in trace.ancestors(span)], (
            f"{span_name} not under {ancestor}"
        )


@pytest.mark.parametrize("language", ["python", "go", "ts"])
async def test_one_trace_per_run(
    language: str, jaeger: Jaeger, stack: Stack, http: LoopbackServer, media_files: dict[str, Path]
) -> None:
    wid = f"traced-{language}"
    done = run_client(language, jaeger, stack, http.url("files/cuts.mp4"), wid)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    client = f"media-client-{language}"
    trace = one_trace(jaeger, client, wid, "RunActivity:cleanup_media")

    # The client's start is the workflow's parent; the workflow is the Python worker's.
    (start,) = trace.named("StartWorkflow:MediaProcessingWorkflow", client)
    (run,) = trace.named("RunWorkflow:MediaProcessingWorkflow", "media-python-worker")
    assert start in trace.ancestors(run)

    # Every activity, whatever its language, runs under the StartActivity span the workflow
    # made for it. Python's TracingInterceptor parents workflow-side spans on the workflow's
    # propagated context, so StartActivity and RunWorkflow are siblings of one parent.
    for name, service in [
        ("download_video", "media-python-worker"),
        *((a, "media-go-worker") for a in GO_ACTIVITIES),
        ("store_metadata", "media-ts-worker"),
    ]:
        spans = trace.named(f"RunActivity:{name}", service)
        assert spans, f"no RunActivity:{name} from {service}"
        for span in spans:
            assert trace.parent(span).name == f"StartActivity:{name}"
            assert trace.parent(span).service == "media-python-worker"
            assert trace.parent(span).parent == run.parent

    # Each ffmpeg/ffprobe process is a span right under the Go activity that ran it.
    processes = [s for s in trace.spans.values() if s.name in FFMPEG]
    assert processes and all(s.service == "media-go-worker" for s in processes)
    for span in processes:
        assert trace.parent(span).name.startswith("RunActivity:"), span
        assert span.tags["process.exit.code"] == 0
    (probe_proc,) = [s for s in processes if s.name == "ffprobe"]
    assert trace.parent(probe_proc).name == "RunActivity:probe_video"

    # Attributes that match the run.
    (download,) = trace.named("RunActivity:download_video")
    assert download.tags["media.bytes"] == media_files["cuts"].stat().st_size
    (probe,) = trace.named("RunActivity:probe_video")
    assert probe.tags["media.video_codec"] == result["metadata"]["probe"]["video_codec"]
    frames = sum(s.tags["media.frames"] for s in trace.named("RunActivity:extract_frames"))
    assert frames == result["metadata"]["frames"]["count"]
    under(trace, "catalog upsert", "RunActivity:store_metadata")


async def test_failing_run_marks_its_span(
    jaeger: Jaeger, stack: Stack, http: LoopbackServer
) -> None:
    wid = "traced-failure"
    done = run_client("go", jaeger, stack, http.url("files/truncated.mp4"), wid)
    assert done.returncode == 1 and "MediaCorrupt" in done.stderr, done.stderr
    # The run stops at the probe: the TypeScript worker never sees it.
    workers = ("media-python-worker", "media-go-worker")
    trace = one_trace(jaeger, "media-client-go", wid, "RunActivity:cleanup_media", workers)

    (probe,) = trace.named("RunActivity:probe_video", "media-go-worker")
    assert probe.tags["error.type"] == "MediaCorrupt"
    assert probe.tags.get("error") is True or probe.tags.get("otel.status_code") == "ERROR"
    (proc,) = trace.named("ffprobe")
    assert trace.parent(proc) == probe
    assert proc.tags["process.exit.code"] != 0 and proc.tags["error.type"] == "ExitError"
    # Nothing after the probe ran: the failure stopped the run there.
    assert not trace.named("RunActivity:extract_frames")
