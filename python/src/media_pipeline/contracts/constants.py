"""The generated constants, checked against the shared expectations (schemas/expected/constants.json).

Request defaults, activity policies and the constants retyped from the schema (strategies,
image formats, the workflow id pattern, the default media root) are generated into every
language; each language's contract tool rebuilds the expected document from its own generated
code and compares it with the shared file. Go and TypeScript do the same (docs/conventions.md).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .gen import registry as r
from .vectors import same_json


def _seconds(d: timedelta | None) -> float | None:
    return None if d is None else d.total_seconds()


def actual() -> dict[str, Any]:
    """The expectations document as this language's generated code has it."""
    policies = {}
    for spec in r.ACTIVITIES:
        p = spec.policy
        policies[spec.name] = {
            "start_to_close_seconds": _seconds(p.start_to_close),
            "schedule_to_close_seconds": _seconds(p.schedule_to_close),
            "heartbeat_timeout_seconds": _seconds(p.heartbeat_timeout),
            "heartbeat_interval_seconds": _seconds(p.heartbeat_interval),
            "retry": {
                "initial_interval_seconds": _seconds(p.retry.initial_interval),
                "backoff_coefficient": p.retry.backoff_coefficient,
                "maximum_interval_seconds": _seconds(p.retry.maximum_interval),
                "maximum_attempts": p.retry.maximum_attempts,
            },
            "cancellation": p.cancellation.value,
        }
    return {
        "defaults": r.DEFAULTS,
        "policies": policies,
        "heartbeat_interval_divisor": r.HEARTBEAT_INTERVAL_DIVISOR,
        "media_root": r.MEDIA_ROOT_DEFAULT,
        "workflow_id_pattern": r.WORKFLOW_ID_PATTERN,
        "frame_strategies": list(r.FRAME_STRATEGIES),
        "image_formats": list(r.IMAGE_FORMATS),
    }


def mismatches(expected: Any, got: Any, path: str = "$") -> list[dict[str, Any]]:
    """Leaf-by-leaf differences between two JSON values. Objects are compared on the keys the
    expectations pin: a new activity or default needs no entry there to pass."""
    if isinstance(expected, dict) and isinstance(got, dict):
        return [
            m
            for key in sorted(expected.keys())
            for m in mismatches(expected.get(key), got.get(key), f"{path}.{key}")
        ]
    if same_json(expected, got):
        return []
    return [{"path": path, "expected": expected, "actual": got}]


def check(expected: dict[str, Any]) -> dict[str, Any]:
    """The `contracts constants` report: every key but the description must match."""
    wanted = {k: v for k, v in expected.items() if k != "description"}
    found = mismatches(wanted, actual())
    return {"language": "python", "failures": len(found), "mismatches": found}
