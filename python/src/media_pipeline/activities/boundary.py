"""The contract boundary every Python activity goes through (docs/conventions.md).

The activity receives the raw JSON value, so a bad payload becomes a typed, non-retryable
InvalidInput naming the field, instead of a decode error inside the SDK.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from pydantic import BaseModel
from temporalio import activity

from ..contracts.gen.registry import HEARTBEAT_INTERVAL_DIVISOR, ActivitySpec
from ..contracts.validation import ContractError, decode, encode
from ..errors import ErrorType, failure

S = TypeVar("S")
In = TypeVar("In", bound=BaseModel)
Out = TypeVar("Out", bound=BaseModel)
Handler = Callable[[S, Any], Awaitable[dict[str, Any]]]


# The registry name of every boundary made here, so the worker can check its registrations
# without reading the SDK's private definitions.
registered: dict[Callable[..., Any], str] = {}


def contract_activity(
    spec: ActivitySpec,
) -> Callable[[Callable[[S, In], Awaitable[Out]]], Handler[S]]:
    """Register a typed method under the registry name, validating input and output."""

    def wrap(impl: Callable[[S, In], Awaitable[Out]]) -> Handler[S]:
        async def boundary(self: S, payload: Any) -> dict[str, Any]:
            try:
                request = decode(spec.input, payload)
            except ContractError as err:
                raise failure(ErrorType.INVALID_INPUT, str(err)) from None
            async with _ticker():
                result = await impl(self, request)  # type: ignore[arg-type]
            try:
                return encode(result)
            except ContractError as err:
                raise failure(ErrorType.CONTRACT_VIOLATION, f"{spec.name} output: {err}") from None

        # No functools.wraps: the SDK must see `payload: Any`, not the typed signature.
        boundary.__name__ = impl.__name__
        boundary.__qualname__ = impl.__qualname__
        boundary.__doc__ = impl.__doc__
        registered[boundary] = spec.name
        return activity.defn(name=spec.name)(boundary)

    return wrap


@asynccontextmanager
async def _ticker() -> AsyncIterator[None]:
    """Heartbeat in the background while the activity runs, when a heartbeat timeout is set.

    Heartbeats prove the worker is alive, so a killed worker is noticed within the heartbeat
    timeout; stalls inside the work are bounded by each activity's own deadlines. The interval
    is the registry's rule: the timeout the call was given / HEARTBEAT_INTERVAL_DIVISOR.
    """
    timeout = activity.info().heartbeat_timeout
    if not timeout:
        yield
        return

    async def beat() -> None:
        while True:
            activity.heartbeat()
            await asyncio.sleep(timeout.total_seconds() / HEARTBEAT_INTERVAL_DIVISOR)

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        task.cancel()


def activity_name(fn: Callable[..., Any]) -> str:
    """The registry name `fn` was registered under by contract_activity."""
    func = getattr(fn, "__func__", fn)  # a bound method: the boundary is its function
    if func not in registered:
        raise ValueError(f"{fn!r} is not a contract activity")
    return registered[func]
