"""JSON lines on stdout, one per record, the same fields as the Go and TypeScript workers:
time, level, logger, msg, and inside a task workflow_id, run_id, activity (or workflow),
attempt, and trace_id/span_id when the task is traced, so a log line leads to its trace."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from opentelemetry import trace
from temporalio import activity

# The SDK's task details (record.temporal_activity / temporal_workflow) under common names.
_ACTIVITY = {"workflow_id": "workflow_id", "workflow_run_id": "run_id", "activity_type": "activity", "attempt": "attempt"}  # fmt: skip
_WORKFLOW = {"workflow_id": "workflow_id", "run_id": "run_id", "workflow_type": "workflow", "attempt": "attempt"}  # fmt: skip


def task_fields(record: logging.LogRecord) -> dict[str, Any]:
    details: dict[str, Any] = getattr(record, "temporal_workflow", None) or {}
    names = _WORKFLOW
    if not details:
        names = _ACTIVITY
        details = getattr(record, "temporal_activity", None) or {}
        if not details and activity.in_activity():  # any logger, not only activity.logger
            info = activity.info()
            details = {
                "workflow_id": info.workflow_id, "workflow_run_id": info.workflow_run_id,
                "activity_type": info.activity_type, "attempt": info.attempt,
            }  # fmt: skip
    fields = {common: details[sdk] for sdk, common in names.items() if details.get(sdk) is not None}
    span = trace.get_current_span().get_span_context()
    if span.is_valid:
        fields["trace_id"] = format(span.trace_id, "032x")
        fields["span_id"] = format(span.span_id, "016x")
    return fields


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            **task_fields(record),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def configure(level: str) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonLines())
    logging.basicConfig(level=level, handlers=[handler], force=True)
