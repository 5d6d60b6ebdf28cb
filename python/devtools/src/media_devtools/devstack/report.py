"""What `make status` and `make up` say about the stack beyond its processes."""

from __future__ import annotations

import os
import subprocess

from .processes import environ
from .settings import (
    COMPOSE_SETTINGS,
    DEFAULT,
    MAKE_UP,
    STACK_SETTINGS,
    TEMPORAL_SETTINGS,
    WORKER_SETTINGS,
    YOURS,
    given,
    mask,
    source,
)
from .stack import WORKERS, Stack


def differing(s: Stack, pid: int) -> list[str]:
    """Worker settings a running worker has other than the ones `make up` would give it now."""
    running, wanted = environ(pid), s.worker_env()
    # OTEL_* too: TRACING=1 on a stack already up must say its workers are not traced yet.
    otel = sorted(k for k in running.keys() | wanted.keys() if k.startswith("OTEL_"))
    return [k for k in [*WORKER_SETTINGS, *otel] if running.get(k, "") != wanted.get(k, "")]


def node_version(pid: int) -> str:
    """The Node the running TypeScript worker executes: its own binary, run via /proc."""
    try:
        path = os.readlink(f"/proc/{pid}/exe")
        out = subprocess.run([f"/proc/{pid}/exe", "--version"], capture_output=True, text=True)
    except OSError as err:
        return f"Node unknown ({err})"
    return f"Node {out.stdout.strip()} ({path})"


def settings(s: Stack) -> list[str]:
    """Every documented setting: its effective value (masked) and where it came from."""
    pid = next((p for n in WORKERS if (p := s.supervisor.running(n))), None)
    env = environ(pid) if pid else s.worker_env()
    wanted, defaults, mine = s.worker_env(), s.defaults(), given(os.environ, TEMPORAL_SETTINGS)
    if pid:
        lines = [f"\nsettings of the running workers (environment of pid {pid}):"]
    else:
        lines = ["\nsettings `make up` would start the workers with (none is running):"]
    row = "  {:<34} {:<44} {}".format
    stack_values = {
        "DATA_DIR": s.data, "TEMPORAL_DEV_PORT": s.port, "TEMPORAL_UI_PORT": s.ui_port,
        "S3_DEV_PORT": s.s3_port, "TRACING": "on" if s.tracing else "off",
    }  # fmt: skip
    for name in STACK_SETTINGS:
        origin = YOURS if given(os.environ, (name,)) else MAKE_UP
        lines.append(row(name, str(stack_values[name]), origin))
    for name, default in WORKER_SETTINGS.items():
        origin = source(name, env, defaults)
        line = row(name, mask(name, env[name]) if origin != DEFAULT else default, origin)
        if env.get(name, "") != wanted.get(name, ""):
            line += (
                f" (make down && make up would give: {mask(name, wanted.get(name, '')) or 'unset'})"
            )
        lines.append(line)
    lines.append("Temporal: make up's workers talk to the dev server it started; your TEMPORAL_*")
    lines.append("variables and temporal.toml profiles are not used (docker compose and the")
    lines.append("README's Temporal Cloud section use them):")
    for name in TEMPORAL_SETTINGS:
        line = row(name, env.get(name) or "unset", "make up")
        if name in mine and mine[name] != env.get(name):
            line += f" (yours, ignored: {mask(name, mine[name])})"
        lines.append(line)
    lines.append("docker compose only, not read by make up: " + ", ".join(COMPOSE_SETTINGS))
    return lines
