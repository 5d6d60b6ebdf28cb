"""The local stack: which processes, with which environment, and when they count as ready."""

from __future__ import annotations

import asyncio
import os
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue as TaskQueueRef
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client

from media_pipeline.contracts.gen.registry import TaskQueue
from media_pipeline.media.open import open_store
from media_pipeline.media.store import MediaStore

from ..traces.jaeger import Jaeger
from .processes import Spec, Supervisor
from .s3server import S3Server
from .settings import WORKER_SETTINGS, given, inherited, otel

REPO = Path(__file__).resolve().parents[5]
WORKERS = ("python-worker", "go-worker", "ts-worker")
# (queue, type) pairs each worker must poll before the stack is ready.
POLLS: dict[str, list[tuple[str, int]]] = {
    "python-worker": [
        (TaskQueue.PYTHON.value, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
        (TaskQueue.PYTHON.value, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
    ],
    "go-worker": [(TaskQueue.GO.value, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)],
    "ts-worker": [(TaskQueue.TS.value, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)],
}
# TRACING=1 make up: Jaeger on the ports OpenTelemetry and Jaeger document (README).
JAEGER_PORTS = {
    "otlp_grpc": 4317, "otlp_http": 4318, "query": 16686, "query_grpc": 16685, "health": 13133,
}  # fmt: skip


def node(repo: Path = REPO) -> str:
    """The Node 24 that `make setup` installs: not whatever `node` the machine's PATH finds."""
    return str(repo / ".tools/node/bin/node")


def worker_commands(repo: Path = REPO) -> dict[str, list[str]]:
    """What `make up` runs for each worker; the Dockerfiles run the same entrypoints."""
    return {
        "python-worker": [str(repo / ".venv/bin/python"), "-m", "media_pipeline.worker"],
        "go-worker": [str(repo / "go-worker/bin/worker")],
        "ts-worker": [node(repo), str(repo / "ts-worker/dist/worker.js")],
    }


def web_command(repo: Path = REPO) -> list[str]:
    """The web catalog: the TypeScript package's second entry point (not a queue poller)."""
    return [node(repo), str(repo / "ts-worker/dist/web.js")]


@dataclass
class Stack:
    data: Path
    port: int = 7233
    ui_port: int = 8233
    s3_port: int = 7070  # versitygw, when MEDIA_STORE is s3:// and no endpoint is given
    headless: bool = False
    # The web catalog's port; None runs no web catalog (the test suites that do not need it).
    web_port: int | None = None
    # Explicit worker settings: they beat everything (each test suite sets its own here).
    env: dict[str, str] = field(default_factory=dict)
    # The user's settings, between make up's defaults and `env`. `make up` passes its
    # environment; a test stack passes nothing, so it never sees what the tester exported.
    user_env: Mapping[str, str] = field(default_factory=dict)
    repo: Path = REPO
    # Run a Jaeger beside the server and trace every worker and `make run` client into it.
    tracing: bool = False
    jaeger_ports: dict[str, int] = field(default_factory=lambda: dict(JAEGER_PORTS))

    def __post_init__(self) -> None:
        self.data = self.data.resolve()
        self.supervisor = Supervisor(self.data / "run", self.data / "logs")

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def media_root(self) -> Path:
        # Relative to the repository, like the workers that run there.
        return self.repo / self.worker_env()["MEDIA_ROOT"]

    def store(self) -> MediaStore:
        """The stack's media store as its workers see it (a scratch of its own for S3)."""
        return open_store(
            self.worker_env() | {"MEDIA_SCRATCH": str(self.data / "scratch" / "local")}
        )

    @property
    def s3_env_file(self) -> Path:
        return self.data / "run" / "s3.env"

    @property
    def otel_env_file(self) -> Path:
        return self.data / "run" / "otel.env"

    def jaeger(self) -> Jaeger:
        """The stack's Jaeger, recorded with its other processes (make status, make down)."""
        return Jaeger(self.repo, self.data, dict(self.jaeger_ports))

    def tracing_env(self) -> dict[str, str]:
        """Where the switch sends every worker's and client's spans (none without it)."""
        if not self.tracing:
            return {}
        endpoint = self.jaeger().otlp_http
        return {"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint, "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"}  # fmt: skip

    @property
    def no_profile(self) -> Path:
        return self.data / "run" / "temporal.toml"

    def defaults(self) -> dict[str, str]:
        """make up's values where the workers' own defaults do not fit a local stack."""
        return {
            "MEDIA_ROOT": str(self.data / "media"),
            "CATALOG_URL": f"file:{self.data / 'catalog.db'}",
            # Local runs serve test videos from loopback; production leaves this empty.
            "DOWNLOAD_ALLOW_HOSTS": "127.0.0.1,localhost,::1",
        }

    def worker_env(self) -> dict[str, str]:
        env = self._base_env()
        server = self.s3_server()
        return env if server is None else env | server.env() | self.env

    def s3_server(self) -> S3Server | None:
        """The S3 server this stack runs: for an s3:// store without an endpoint of yours."""
        env = self._base_env()
        if not env.get("MEDIA_STORE", "").startswith("s3://"):
            return None
        if env.get("AWS_ENDPOINT_URL") or env.get("AWS_ENDPOINT_URL_S3"):
            return None  # yours, used as given
        return S3Server(self.repo, self.data / "s3", self.s3_port)

    def _base_env(self) -> dict[str, str]:
        return (
            inherited(os.environ)
            | self.defaults()
            | given(self.user_env, WORKER_SETTINGS)
            | otel(self.user_env, drop_exporter=self.tracing)
            | self.tracing_env()
            | {
                # The stack's own dev server, whatever the user's TEMPORAL_* variables say, and
                # an empty profile file so that no temporal.toml of theirs (an API key, TLS) counts.
                "TEMPORAL_ADDRESS": self.address,
                "TEMPORAL_NAMESPACE": "default",
                "TEMPORAL_CONFIG_FILE": str(self.no_profile),
                "PYTHONUNBUFFERED": "1",
            }
            | self.env
        )

    def server_spec(self) -> Spec:
        argv = [
            str(self.repo / ".venv/bin/temporal"), "server", "start-dev", "--ip", "127.0.0.1",
            "--port", str(self.port), "--ui-port", str(self.ui_port),
            "--db-filename", str(self.data / "temporal.db"), "--log-level", "warn",
        ]  # fmt: skip
        if self.headless:
            argv.append("--headless")
        return Spec("temporal", argv, dict(os.environ), self.repo)

    def worker_spec(self, name: str) -> Spec:
        self.no_profile.write_text(
            "# make up: the workers talk to its dev server only\n[profile.default]\n"
        )
        env = self.worker_env()
        # Each worker its own scratch directory, as if on its own host (unless one is given).
        if "MEDIA_SCRATCH" not in given(self.user_env, ("MEDIA_SCRATCH",)) | self.env:
            env["MEDIA_SCRATCH"] = str(self.data / "scratch" / name)
        return Spec(name, worker_commands(self.repo)[name], env, self.repo)

    def web_spec(self) -> Spec:
        # Links go to this stack's UI unless the user named another one.
        ui = {"WEB_TEMPORAL_UI_URL": f"http://127.0.0.1:{self.ui_port}"}
        env = self.worker_env() | ui | given(self.user_env, ui) | {"WEB_PORT": str(self.web_port)}
        return Spec("web", web_command(self.repo), env, self.repo)

    @property
    def web_url(self) -> str:
        host = self.worker_env().get("WEB_HOST", "").strip() or "127.0.0.1"
        # A wildcard bind answers on loopback.
        host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        return f"http://{'[' + host + ']' if ':' in host else host}:{self.web_port}"

    def web_healthy(self) -> bool:
        with urllib.request.urlopen(f"{self.web_url}/healthz", timeout=2) as answer:
            return bool(answer.status == 200)

    async def wait_web(self, limit: float = 60.0) -> None:
        """Wait until this very process answers /healthz."""
        deadline = time.monotonic() + limit
        while True:
            if self.supervisor.running("web") is None:
                raise RuntimeError(f"web exited:\n{self.supervisor.log_tail('web')}")
            try:
                if await asyncio.to_thread(self.web_healthy):
                    return
            except OSError as err:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"web is not answering after {limit:.0f} s ({err}):\n"
                        + self.supervisor.log_tail("web")
                    ) from err
            await asyncio.sleep(0.2)

    async def client(self) -> Client:
        return await Client.connect(self.address, namespace="default")

    async def wait_server(self, limit: float = 60.0) -> Client:
        deadline = time.monotonic() + limit
        while True:
            try:
                return await asyncio.wait_for(self.client(), 5)
            except Exception as err:  # not up yet: retry until the deadline
                if time.monotonic() > deadline or not self.supervisor.running("temporal"):
                    tail = self.supervisor.log_tail("temporal")
                    raise RuntimeError(
                        f"Temporal dev server not reachable on {self.address}: {err}\n{tail}"
                    ) from err
                await asyncio.sleep(0.2)

    async def pollers(self, client: Client, queue: str, kind: int) -> list[str]:
        req = DescribeTaskQueueRequest(
            namespace="default",
            task_queue=TaskQueueRef(name=queue),
            task_queue_type=kind,  # type: ignore[arg-type]
        )
        resp = await client.workflow_service.describe_task_queue(req)
        return [p.identity for p in resp.pollers]

    async def wait_polling(self, client: Client, name: str, limit: float = 90.0) -> None:
        """Wait until the server sees this very process (identity pid@host) polling its queues."""
        deadline = time.monotonic() + limit
        while True:
            pid = self.supervisor.running(name)
            if pid is None:
                raise RuntimeError(f"{name} exited:\n{self.supervisor.log_tail(name)}")
            seen = [await self.pollers(client, q, k) for q, k in POLLS[name]]
            if all(any(i.startswith(f"{pid}@") for i in ids) for ids in seen):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{name} is not polling after {limit:.0f} s:\n{self.supervisor.log_tail(name)}"
                )
            await asyncio.sleep(0.2)

    async def up(self, workers: tuple[str, ...] = WORKERS) -> Client:
        self.media_root.mkdir(parents=True, exist_ok=True)
        if server := self.s3_server():
            bucket = self.worker_env()["MEDIA_STORE"].removeprefix("s3://").split("/")[0]
            await asyncio.to_thread(server.start, self.supervisor, (bucket,))
            # For `make run`: its clients upload to this server too (tools/run-client.sh).
            write_exports(self.s3_env_file, server.env())
        if self.tracing:
            await asyncio.to_thread(self.jaeger().start)
            # For `make run`: its clients trace into the same Jaeger (tools/run-client.sh).
            write_exports(self.otel_env_file, self.tracing_env())
        self.supervisor.start(self.server_spec())
        client = await self.wait_server()
        for name in workers:
            self.supervisor.start(self.worker_spec(name))
        await asyncio.gather(*(self.wait_polling(client, n) for n in workers))
        if self.web_port is not None:
            self.supervisor.start(self.web_spec())
            await self.wait_web()
        return client

    def start_worker(self, name: str) -> int:
        return self.supervisor.start(self.worker_spec(name))[0]

    def down(self) -> list[str]:
        stopped = [n for n in ("web", *WORKERS) if self.supervisor.stop(n)]
        for name in ("temporal", "s3", "jaeger"):
            if self.supervisor.stop(name):
                stopped.append(name)
        self.s3_env_file.unlink(missing_ok=True)
        self.otel_env_file.unlink(missing_ok=True)
        return stopped


def write_exports(path: Path, env: Mapping[str, str]) -> None:
    """`env` as a file tools/run-client.sh sources (values are URLs and keys: no quoting)."""
    path.write_text("".join(f"export {k}={v}\n" for k, v in env.items()))


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
