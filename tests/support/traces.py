"""Jaeger's JSON traces as spans with their service and parent, for parent-link checks."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from media_devtools.traces.jaeger import Jaeger

# Export within a fraction of a second instead of the default 5 s (a standard variable).
FAST_EXPORT = {"OTEL_BSP_SCHEDULE_DELAY": "200"}


@dataclass(frozen=True)
class Span:
    id: str
    parent: str | None
    name: str
    service: str
    tags: dict[str, Any]


class Trace:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.id: str = raw["traceID"]
        services = {pid: p["serviceName"] for pid, p in raw["processes"].items()}
        self.spans: dict[str, Span] = {}
        for s in raw["spans"]:
            parents = [r["spanID"] for r in s.get("references", []) if r["refType"] == "CHILD_OF"]
            self.spans[s["spanID"]] = Span(
                s["spanID"], parents[0] if parents else None, s["operationName"],
                services[s["processID"]], {t["key"]: t["value"] for t in s.get("tags", [])},
            )  # fmt: skip

    @property
    def services(self) -> set[str]:
        return {s.service for s in self.spans.values()}

    def named(self, name: str, service: str | None = None) -> list[Span]:
        return [s for s in self.spans.values() if s.name == name and service in (None, s.service)]

    def parent(self, span: Span) -> Span:
        assert span.parent in self.spans, f"{span.name} ({span.service}) has no parent in the trace"
        return self.spans[span.parent]

    def ancestors(self, span: Span) -> list[Span]:
        out = []
        while span.parent in self.spans:
            span = self.spans[span.parent]
            out.append(span)
        return out


def workflow_id_of(span: Span) -> str | None:
    # Python and Go spell the attribute temporalWorkflowID, TypeScript temporalWorkflowId.
    value = span.tags.get("temporalWorkflowID", span.tags.get("temporalWorkflowId"))
    return value if isinstance(value, str) else None


def traces_of_run(jaeger: Jaeger, service: str, workflow_id: str) -> list[Trace]:
    """The service's traces holding a span of this workflow id (child ids included)."""
    found = [Trace(raw) for raw in jaeger.traces(service)]
    return [
        t
        for t in found
        if any((workflow_id_of(s) or "").startswith(workflow_id) for s in t.spans.values())
    ]


def wait_for(check: Callable[[], Trace | None], limit: float = 60.0) -> Trace:
    """Poll until the exporters have delivered everything `check` wants (bounded)."""
    deadline = time.monotonic() + limit
    while True:
        got = check()
        if got is not None:
            return got
        assert time.monotonic() < deadline, "the run's spans did not all reach Jaeger"
        time.sleep(0.3)
