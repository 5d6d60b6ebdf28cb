"""Connect through Temporal's environment configuration, as every worker and client does.

TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE and
temporal.toml profiles all work, so the same code runs on the dev server or Temporal Cloud.
"""

from __future__ import annotations

from collections.abc import Sequence

from temporalio.client import Client, Interceptor
from temporalio.envconfig import ClientConfig


async def connect(interceptors: Sequence[Interceptor] = ()) -> Client:
    """Interceptors (tracing) go on the client; a worker built on it inherits them."""
    config = ClientConfig.load_client_connect_config()
    config.setdefault("target_host", "localhost:7233")
    return await Client.connect(**config, interceptors=interceptors)


def describe_target() -> str:
    config = ClientConfig.load_client_connect_config()
    return f"{config.get('target_host', 'localhost:7233')} (namespace {config.get('namespace', 'default')})"
