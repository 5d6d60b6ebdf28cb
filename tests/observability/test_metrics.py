"""Each worker's /metrics, scraped around one run: the SDK's activity metrics are there, and
the pipeline's counters (same names in every language) moved by exactly what the run did."""

from __future__ import annotations

from pathlib import Path

from media_devtools.devstack.stack import Stack
from support.httpserver import LoopbackServer
from support.pipeline import run
from support.prometheus import names, scrape, total
from temporalio.client import Client

OUTCOMES = "media_activity_outcomes_total"


async def test_metrics_match_the_run(
    stack: Stack,
    client: Client,
    http: LoopbackServer,
    media_files: dict[str, Path],
    metrics_ports: dict[str, int],
) -> None:
    py, go, ts = (
        metrics_ports[k]
        for k in ("PYTHON_WORKER_METRICS_PORT", "GO_WORKER_METRICS_PORT", "TS_WORKER_METRICS_PORT")
    )
    before = {port: scrape(port) for port in (py, go, ts)}
    result = await run(client, {"video_url": http.url("files/cuts.mp4")}, "metered")
    after = {port: scrape(port) for port in (py, go, ts)}

    def moved(port: int, name: str, **labels: str) -> float:
        return total(after[port], name, **labels) - total(before[port], name, **labels)

    frames = result.metadata.frames.count
    # The SDK's own metrics, from every worker's runtime.
    for port in (py, go, ts):
        assert "temporal_activity_execution_latency_seconds_count" in names(after[port])
        assert moved(port, OUTCOMES, outcome="ok") >= 1
    # Python: one video downloaded, its bytes, every frame analysed once.
    assert moved(py, OUTCOMES, activity="download_video", outcome="ok") == 1
    assert moved(py, "media_videos_downloaded_total") == 1
    assert moved(py, "media_download_bytes_total") == media_files["cuts"].stat().st_size
    assert moved(py, "media_frames_analyzed_total") == frames
    # Go: one probe, the frames extract_frames wrote, time spent in ffmpeg and ffprobe.
    assert moved(go, OUTCOMES, activity="probe_video", outcome="ok") == 1
    assert moved(go, "media_frames_extracted_total") == frames
    assert moved(go, "media_ffmpeg_seconds_total", program="ffprobe") > 0
    assert moved(go, "media_ffmpeg_seconds_total", program="ffmpeg") > 0
    # TypeScript: one catalog record.
    assert moved(ts, OUTCOMES, activity="store_metadata", outcome="ok") == 1
    assert moved(ts, "media_catalog_records_stored_total") == 1


async def test_failures_are_counted_by_error_type(
    stack: Stack, client: Client, http: LoopbackServer, metrics_ports: dict[str, int]
) -> None:
    go = metrics_ports["GO_WORKER_METRICS_PORT"]
    before = scrape(go)
    handle_error = None
    try:
        await run(client, {"video_url": http.url("files/truncated.mp4")}, "metered-failure")
    except Exception as err:  # the run fails; its type is checked by the faults suite
        handle_error = err
    assert handle_error is not None
    after = scrape(go)
    key = {"activity": "probe_video", "outcome": "MediaCorrupt"}
    assert total(after, OUTCOMES, **key) - total(before, OUTCOMES, **key) == 1
