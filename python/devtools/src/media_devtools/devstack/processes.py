"""Start, find and stop background processes, each in its own process group with a pid file."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Spec:
    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours counts as gone.
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return False
    return True


def start_time(pid: int) -> int | None:
    """Kernel start time of `pid` (clock ticks since boot): with the pid, it names one process
    for good, even after the pid is reused, and it does not change when the process execs."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


def cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def environ(pid: int) -> dict[str, str]:
    """The environment `pid` was started with (what it really runs with, not what we meant)."""
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (a.decode(errors="replace").partition("=") for a in raw.split(b"\0") if a)
    return {k: v for k, _, v in pairs}


class Supervisor:
    """Processes recorded under `run_dir` (pid files), logging to `log_dir`."""

    def __init__(self, run_dir: Path, log_dir: Path) -> None:
        self.run_dir, self.log_dir = run_dir, log_dir
        run_dir.mkdir(parents=True, exist_ok=True)
        log_dir.mkdir(parents=True, exist_ok=True)

    def pidfile(self, name: str) -> Path:
        return self.run_dir / f"{name}.json"

    def running(self, name: str) -> int | None:
        """Pid of `name` if the recorded process is alive and is still the one we started."""
        path = self.pidfile(name)
        if not path.exists():
            return None
        record = json.loads(path.read_text())
        pid = int(record["pid"])
        if alive(pid) and start_time(pid) == record.get("start_time"):
            return pid
        path.unlink(missing_ok=True)
        return None

    def start(self, spec: Spec) -> tuple[int, bool]:
        """Start unless already running; returns (pid, started_now)."""
        existing = self.running(spec.name)
        if existing:
            return existing, False
        log = (self.log_dir / f"{spec.name}.log").open("ab")
        proc = subprocess.Popen(
            spec.argv, cwd=spec.cwd, env=spec.env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        log.close()
        record = {"pid": proc.pid, "start_time": start_time(proc.pid), "argv": spec.argv}
        self.pidfile(spec.name).write_text(json.dumps(record))
        return proc.pid, True

    def stop(self, name: str, grace: float = 10.0) -> bool:
        """SIGTERM the process group, SIGKILL it after `grace` seconds. True if it was running."""
        pid = self.running(name)
        self.pidfile(name).unlink(missing_ok=True)
        if pid is None:
            return False
        kill_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        kill_group(pid, signal.SIGKILL)
        return True

    def log_tail(self, name: str, lines: int = 20) -> str:
        path = self.log_dir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def kill_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
