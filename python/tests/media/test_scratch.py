"""The per-worker scratch directory: one verified fetch per object, LRU eviction past the cap,
and a start that sweeps what a worker killed with kill -9 left behind."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from temporalio.exceptions import ApplicationError

from media_pipeline.media.scratch import Scratch


def writer(data: bytes, calls: list[int]):  # type: ignore[no-untyped-def]
    def fetch(tmp: Path) -> None:
        calls.append(1)
        tmp.write_bytes(data)

    return fetch


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_fetch_once_verify_and_evict(tmp_path: Path) -> None:
    s = Scratch(tmp_path, max_bytes=10)
    calls: list[int] = []
    a = s.get("a", 6, writer(b"aaaaaa", calls), sha(b"aaaaaa"))
    assert s.get("a", 6, writer(b"aaaaaa", calls), sha(b"aaaaaa")) == a and len(calls) == 1
    s.get("b", 6, writer(b"bbbbbb", calls), sha(b"bbbbbb"))
    assert not a.exists()  # 6 + 6 > 10: the least recently used copy went
    with pytest.raises(ApplicationError) as err:
        s.get("c", 3, writer(b"abc", calls), sha(b"xyz"))
    assert err.value.type == "IntegrityError" and not (s.dir / "c").exists()
    with pytest.raises(ApplicationError) as err:
        s.get("d", 11, writer(b"d" * 11, calls))
    assert err.value.type == "MediaTooLarge"
    s.close()


def test_a_start_sweeps_a_killed_workers_directory(tmp_path: Path) -> None:
    live = Scratch(tmp_path, max_bytes=1 << 20)
    child = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time; from pathlib import Path;"
            "from media_pipeline.media.scratch import Scratch;"
            f"s = Scratch(Path({str(tmp_path)!r}), 1 << 20); print(s.dir, flush=True); time.sleep(600)"
        )],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    dead = Path(child.stdout.readline().strip())
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert dead.is_dir()
    fresh = Scratch(tmp_path, max_bytes=1 << 20)
    assert not dead.exists() and live.dir.is_dir() and fresh.dir.is_dir()
    live.close()
    fresh.close()
