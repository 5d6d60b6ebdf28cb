"""Connect through Temporal's environment configuration, as every worker and client does.

TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE and
temporal.toml profiles all work, so the same code runs on the dev server or Temporal Cloud.
"""

from __future__ import annotations

from collections.abc import Sequence

from temporalio.client import Client, Interceptor
from temporalio.envconfig import ClientConfig
from temporalio.runtime import Runtime


async def connect(
    interceptors: Sequence[Interceptor] = (), runtime: Runtime | None = None
) -> Client:
    """Interceptors (tracing, counters) go on the client; a worker built on it inherits them,
    and the runtime (its metrics endpoint) too."""
    config = ClientConfig.load_client_connect_config()
    config.setdefault("target_host", "localhost:7233")
    return await Client.connect(**config, interceptors=interceptors, runtime=runtime)


def describe_target() -> str:
    config = ClientConfig.load_client_connect_config()
    return f"{config.get('target_host', 'localhost:7233')} (namespace {config.get('namespace', 'default')})"
