"""download_video's guard against a hostile loopback server: called directly, no Temporal.

Each case must end with the catalogue error type within a bounded time and leave nothing
in the media store.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import time
from pathlib import Path

import pytest
from support.httpserver import LoopbackServer
from temporalio.exceptions import ApplicationError

from media_pipeline.activities.download import Downloader
from media_pipeline.config import DownloadLimits
from media_pipeline.contracts.gen.models import DownloadVideoInput
from media_pipeline.media.files import FileStore
from media_pipeline.media.store import file_digest

LIMITS = DownloadLimits(
    max_bytes=8 * 1024 * 1024, timeout_seconds=2.0, allow_hosts=frozenset({"127.0.0.1"})
)


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "media")


async def fetch(store: FileStore, url: str, limits: DownloadLimits = LIMITS):  # type: ignore[no-untyped-def]
    req = DownloadVideoInput(url=url, output_prefix="media://runs/t")
    return await Downloader(store, limits, heartbeat=lambda _: None).run(req)


def leftovers(store: FileStore) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file()]


async def test_a_good_download_is_hashed_and_placed(
    store: FileStore, http: LoopbackServer, media_files: dict[str, Path]
) -> None:
    out = await fetch(store, http.url("redirect/3/short.mp4"))
    digest, size = file_digest(media_files["short"])
    assert (out.video.sha256, out.video.size_bytes) == (digest, size)
    assert out.video.uri == "media://runs/t/source.mp4" and out.container.value == "mp4"
    assert out.redirects == 3 and out.final_url.endswith("/files/short.mp4")


async def test_proxy_settings_from_the_environment_are_ignored(
    store: FileStore, http: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    assert (await fetch(store, http.url("files/short.mp4"))).video.size_bytes > 0


CASES = [
    ("404", "status/404", "SourceUnavailable"),
    ("500", "status/500", "DownloadFailed"),
    ("trickle", "trickle/short.mp4", "DownloadTimeout"),
    ("endless body without length", "endless/20000000", "MediaTooLarge"),
    ("declared too large", "files/cuts.mp4", "MediaTooLarge"),
    ("html page", "files/notvideo.mp4", "UnsupportedMedia"),
    ("empty body", "files/empty.mp4", "UnsupportedMedia"),
    ("playlist named .mp4", "files/playlist.mp4", "UnsupportedMedia"),
    ("six redirects", "redirect/6/short.mp4", "DownloadRejected"),
]


@pytest.mark.parametrize(("name", "path", "error"), CASES, ids=[c[0] for c in CASES])
async def test_hostile_answers_fail_typed_fast_and_clean(
    store: FileStore, http: LoopbackServer, name: str, path: str, error: str
) -> None:
    limits = LIMITS
    if name == "declared too large":
        limits = DownloadLimits(max_bytes=1000, timeout_seconds=2.0, allow_hosts=LIMITS.allow_hosts)
    began = time.monotonic()
    with pytest.raises(ApplicationError) as err:
        await fetch(store, http.url(path), limits)
    assert err.value.type == error, err.value.message
    assert time.monotonic() - began < LIMITS.timeout_seconds + 1.5
    assert leftovers(store) == []


async def test_a_lying_content_length_never_lets_extra_bytes_in(
    store: FileStore, http: LoopbackServer
) -> None:
    """The server declares 1000 bytes and sends 20 MB: exactly the declared bytes are read.
    (The stub then fails in probe_video as MediaCorrupt: see the workflow-level table.)"""
    out = await fetch(store, http.url("lying/20000000"))
    assert out.video.size_bytes == 1000


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x.mp4",
        "gopher://127.0.0.1/x",
        "http://127.0.0.2:9/x.mp4",
        "http://[::1]:9/x.mp4",
        "http://0.0.0.0:9/x",
    ],
)
async def test_refused_before_any_connection(store: FileStore, url: str) -> None:
    with pytest.raises(ApplicationError) as err:
        await fetch(store, url)
    assert err.value.type == "DownloadRejected" and err.value.non_retryable


async def test_a_redirect_to_a_forbidden_address_is_refused(
    store: FileStore, http: LoopbackServer
) -> None:
    target = http.url("files/short.mp4").replace("127.0.0.1", "127.0.0.2")
    with pytest.raises(ApplicationError) as err:
        await fetch(store, http.url(f"goto?url={target}"))
    assert err.value.type == "DownloadRejected"
    assert "127.0.0.2" in err.value.message
    # The guard refused it before connecting: the forbidden address never saw a request.
    assert not any("short.mp4" in r and "goto" not in r for r in http.requests[-1:])


# The production overall deadline: only the stall rules can end these downloads in time.
STALL_LIMITS = dataclasses.replace(
    LIMITS, timeout_seconds=600.0, low_speed_time=3.0, connect_timeout_seconds=1.0
)
STALLS = [
    ("one byte every 2 s", "trickle/short.mp4?every=2", "below the 1024 B/s minimum"),
    ("one byte then silence", "trickle/short.mp4?every=30", "received 0 bytes in the last 3 s"),
    ("never answers", "silent", "sent no response headers within 1 s"),
]


@pytest.mark.parametrize(("name", "path", "message"), STALLS, ids=[c[0] for c in STALLS])
async def test_a_stalled_download_ends_by_the_stall_rules_not_the_deadline(
    store: FileStore, http: LoopbackServer, name: str, path: str, message: str
) -> None:
    with pytest.raises(ApplicationError) as err:
        await asyncio.wait_for(fetch(store, http.url(path), STALL_LIMITS), 30)
    assert err.value.type == "DownloadTimeout" and err.value.non_retryable
    assert message in err.value.message and "600" not in err.value.message
    assert leftovers(store) == []


async def test_a_download_fast_enough_for_the_speed_rule_still_meets_the_deadline(
    store: FileStore, http: LoopbackServer
) -> None:
    slow = dataclasses.replace(LIMITS, low_speed_limit=1)  # 5 B/s passes the speed rule
    with pytest.raises(ApplicationError) as err:
        await asyncio.wait_for(fetch(store, http.url("trickle/short.mp4"), slow), 30)
    assert err.value.type == "DownloadTimeout"
    assert err.value.message == "download did not finish within 2 s"


async def test_a_redirect_to_ipv6_loopback_is_refused_when_only_ipv4_loopback_is_allowed(
    store: FileStore, http: LoopbackServer
) -> None:
    target = http.url("files/short.mp4").replace("127.0.0.1", "[::1]")
    with pytest.raises(ApplicationError) as err:
        await fetch(store, http.url(f"goto?url={target}"))
    assert err.value.type == "DownloadRejected"
    assert "::1 (loopback)" in err.value.message


async def test_media_references_are_checked_not_copied(
    store: FileStore, media_files: dict[str, Path]
) -> None:
    store.put_file(media_files["short"], "media://uploads/a/short.mp4")
    out = await fetch(store, "media://uploads/a/short.mp4")
    assert out.video.uri == "media://uploads/a/short.mp4" and out.redirects == 0
    with pytest.raises(ApplicationError) as err:
        await fetch(store, "media://uploads/missing.mp4")
    assert err.value.type == "SourceUnavailable"
    os.symlink("/etc", store.root / "uploads" / "etc")
    with pytest.raises(ApplicationError) as err:
        await fetch(store, "media://uploads/etc/passwd")
    assert err.value.type == "IntegrityError"
