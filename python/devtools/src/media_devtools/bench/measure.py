"""What the benchmark reads off histories and processes: activity intervals, payload and
history sizes, the parallel shape of a run, peak memory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from google.protobuf.message import Message
from temporalio.api.common.v1 import Payload
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import Client

E = EventType


@dataclass
class HistoryFacts:
    events: int = 0
    largest_payload: int = 0
    activity_seconds: float = 0.0  # sum of every activity's execution time
    busy_seconds: float = 0.0  # time during which at least one activity was executing
    intervals: list[tuple[float, float]] = field(default_factory=list)
    shape: list[list[str]] = field(default_factory=list)  # task queues scheduled together
    children: list[str] = field(default_factory=list)


def payloads(msg: Message) -> Iterator[int]:
    """Sizes of every Payload inside a protobuf message."""
    for fd, value in msg.ListFields():
        if fd.message_type is None:
            continue
        items: Any = value.values() if fd.message_type.GetOptions().map_entry else (
            value if fd.is_repeated else [value]
        )  # fmt: skip
        for item in items:
            if isinstance(item, Payload):
                yield item.ByteSize()
            elif isinstance(item, Message):
                yield from payloads(item)


def seconds(ts: Any) -> float:
    return float(ts.seconds) + ts.nanos / 1e9


def union(intervals: list[tuple[float, float]]) -> float:
    total, end = 0.0, float("-inf")
    for a, b in sorted(intervals):
        if b > end:
            total += b - max(a, end)
            end = b
    return total


async def facts(client: Client, workflow_id: str, run_id: str | None = None) -> HistoryFacts:
    out = HistoryFacts()
    started: dict[int, float] = {}
    scheduled: dict[int, tuple[int, str]] = {}
    events: list[HistoryEvent] = [
        e
        async for e in client.get_workflow_handle(workflow_id, run_id=run_id).fetch_history_events()
    ]
    for e in events:
        out.events += 1
        out.largest_payload = max([out.largest_payload, *payloads(e)])
        if e.event_type == E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            a = e.activity_task_scheduled_event_attributes
            scheduled[e.event_id] = (a.workflow_task_completed_event_id, a.task_queue.name)
        elif e.event_type == E.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            started[e.activity_task_started_event_attributes.scheduled_event_id] = seconds(
                e.event_time
            )
        elif e.event_type in (
            E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
            E.EVENT_TYPE_ACTIVITY_TASK_FAILED,
        ):
            attrs = (
                e.activity_task_completed_event_attributes
                if e.event_type == E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
                else e.activity_task_failed_event_attributes
            )
            begin = started.get(attrs.scheduled_event_id)
            if begin is not None:
                out.intervals.append((begin, seconds(e.event_time)))
        elif e.event_type == E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
            out.children.append(
                e.start_child_workflow_execution_initiated_event_attributes.workflow_id
            )
    out.activity_seconds = sum(b - a for a, b in out.intervals)
    out.busy_seconds = union(out.intervals)
    groups: dict[int, list[str]] = {}
    for task, queue in scheduled.values():
        groups.setdefault(task, []).append(queue)
    out.shape = [groups[k] for k in sorted(groups)]
    return out


def peak_rss_mib(pid: int) -> float | None:
    """VmHWM: the most resident memory the process ever had."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def stamp_seconds(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds()
