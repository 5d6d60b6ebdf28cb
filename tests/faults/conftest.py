"""The fault suite's stack: the same as the others plus a duration cap it can exceed cheaply."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_devtools.samples import Scene, render
from support.env import TEST_ENV

MAX_VIDEO_SECONDS = 300


@pytest.fixture(scope="session")
def stack_env() -> dict[str, str]:
    # The production overall deadline, so a stalled download can only end in seconds through
    # the stall rules (minimum speed over a 3 s window, 2 s to the response headers).
    stalls = {
        "DOWNLOAD_TIMEOUT_SECONDS": "600",
        "DOWNLOAD_LOW_SPEED_TIME": "3",
        "DOWNLOAD_CONNECT_TIMEOUT_SECONDS": "2",
    }
    return TEST_ENV | stalls | {"MAX_VIDEO_SECONDS": str(MAX_VIDEO_SECONDS)}


@pytest.fixture(scope="session")
def long_video(media_files: dict[str, Path]) -> Path:
    """Longer than MAX_VIDEO_SECONDS, but tiny: probe_video must refuse it before decoding."""
    path = media_files["cuts"].parent / "long.mp4"
    return render(
        path,
        (Scene("testsrc2", MAX_VIDEO_SECONDS + 60),),
        size="96x64",
        fps=5,
        audio=False,
        gop_seconds=60,
    )


@pytest.fixture(scope="session")
def slow_video(media_files: dict[str, Path]) -> Path:
    """A clip whose full decode takes seconds, so a crash or a cancel lands mid-activity."""
    path = media_files["cuts"].parent / "slow.mp4"
    return render(path, (Scene("testsrc2", 90),), size="1280x720", fps=30, audio=False)
