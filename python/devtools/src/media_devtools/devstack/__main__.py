"""`make up | down | status | logs`: the dev server and the three workers under .data/."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from media_pipeline.exit import exit_now

from .report import differing, node_version, settings
from .settings import switch
from .stack import POLLS, REPO, WORKERS, Stack


def stack() -> Stack:
    env = os.environ
    return Stack(
        data=Path(env.get("DATA_DIR") or REPO / ".data"),
        port=int(env.get("TEMPORAL_DEV_PORT") or "7233"),
        ui_port=int(env.get("TEMPORAL_UI_PORT") or "8233"),
        s3_port=int(env.get("S3_DEV_PORT") or "7070"),
        web_port=int(env.get("WEB_PORT") or "8090"),
        user_env=dict(env),
        tracing=switch(env.get("TRACING")),
    )


async def up(s: Stack) -> None:
    extra = (("s3",) if s.s3_server() else ()) + (("jaeger",) if s.tracing else ())
    before = {n: s.supervisor.running(n) for n in ("temporal", *extra, *WORKERS, "web")}
    await s.up()
    for name, pid in before.items():
        state = "already running" if pid else "started"
        print(f"  {name:<14} {state} (pid {s.supervisor.running(name)})")
        # An already running worker keeps what it was started with: say so, or it looks applied.
        if pid and name in WORKERS and (names := differing(s, pid)):
            print(f"  {'':<14} runs with other {', '.join(names)}: make down && make up to apply")
    print(f"\nTemporal UI:   http://127.0.0.1:{s.ui_port}")
    print(f"Catalog:       {s.web_url}")
    print(f"Server:        {s.address}   logs: {s.supervisor.log_dir}")
    if s.tracing:
        j = s.jaeger()
        print(f"Traces:        {j.query}/api/traces?service=media-client-go   (Jaeger query API;")
        print(f"               OTLP in on {j.otlp_http} and {j.otlp_grpc.removeprefix('http://')})")
    print("Next:          make run URL=https://...   or   make demo")


async def status(s: Stack) -> int:
    client = None
    if s.supervisor.running("temporal"):
        try:
            client = await asyncio.wait_for(s.client(), 5)
        except Exception as err:  # reported below as "unreachable"
            print(f"  server unreachable: {err}")
    healthy = True
    # Jaeger only when it runs or was asked for: without TRACING=1 it is not part of the stack.
    jaeger = ("jaeger",) if s.tracing or s.supervisor.running("jaeger") else ()
    for name in ("temporal", *jaeger, *WORKERS, "web"):
        pid = s.supervisor.running(name)
        line = f"  {name:<14} {'running pid ' + str(pid) if pid else 'stopped'}"
        if client and name in POLLS:
            polls = [await s.pollers(client, q, k) for q, k in POLLS[name]]
            mine = all(any(i.startswith(f"{pid}@") for i in ids) for ids in polls) if pid else False
            line += f"   polling {POLLS[name][0][0]}: {'yes' if mine else 'no'}"
            healthy &= mine
        if pid and name == "ts-worker":
            line += f"   {node_version(pid)}"
        if pid and name == "jaeger":
            line += f"   query API {s.jaeger().query}"
        healthy &= pid is not None
        print(line)
    print("\n".join(settings(s)))
    return 0 if healthy else 1


def main(argv: list[str]) -> int:
    s = stack()
    command = argv[0] if argv else "status"
    if command == "up":
        try:
            asyncio.run(up(s))
        except RuntimeError as err:  # a process that did not come up: its log tail says why
            print(f"make up failed: {err}", file=sys.stderr)
            return 1
        return 0
    if command == "down":
        stopped = s.down()
        print("stopped: " + (", ".join(stopped) if stopped else "nothing was running"))
        return 0
    if command == "status":
        return asyncio.run(status(s))
    if command == "logs":
        logs = sorted(str(p) for p in s.supervisor.log_dir.glob("*.log"))
        os.execvp("tail", ["tail", "-n", "20", "-F", *logs])
    print("usage: python -m media_devtools.devstack up|down|status|logs", file=sys.stderr)
    return 2


if __name__ == "__main__":
    exit_now(main(sys.argv[1:]))
