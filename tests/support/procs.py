"""Find processes and activities, for crash and cancellation tests."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Any

from media_devtools.devstack.processes import cmdline
from temporalio.api.enums.v1 import PendingActivityState
from temporalio.client import WorkflowHandle


def ffmpeg_processes(marker: Path) -> list[int]:
    """Pids of ffmpeg/ffprobe processes working on files under `marker` (the test's media root)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            args = cmdline(int(entry.name))
            if (
                args
                and Path(args[0]).name in ("ffmpeg", "ffprobe")
                and any(str(marker) in a for a in args)
            ):
                found.append(int(entry.name))
    return found


async def wait_until(predicate: Any, limit: float, what: str) -> float:
    """Poll `predicate` until true; returns the seconds it took, fails after `limit`."""
    began = time.monotonic()
    while not predicate():
        if time.monotonic() - began > limit:
            raise AssertionError(f"{what}: not within {limit} s")
        await asyncio.sleep(0.05)
    return time.monotonic() - began


async def wait_activity_started(
    handle: WorkflowHandle[Any, Any], name: str, limit: float = 60
) -> None:
    began = time.monotonic()
    while time.monotonic() - began < limit:
        desc = await handle.describe()
        for pending in desc.raw_description.pending_activities:
            if (
                pending.activity_type.name == name
                and pending.state == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
            ):
                return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{name} did not start within {limit} s")


def kill9(pid: int) -> None:
    """kill -9 of the process and its process group, as a crash would."""
    os.killpg(pid, signal.SIGKILL)
