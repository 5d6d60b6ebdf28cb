"""Runtime contract checks: JSON Schema (with formats) first, then the generated pydantic type.

JSON Schema is the arbiter so that Python, Go and TypeScript accept and refuse exactly the
same values; pydantic then gives typed access. Both come from schemas/contracts.schema.json.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError
from pydantic import BaseModel, ValidationError
from referencing import Registry, Resource

M = TypeVar("M", bound=BaseModel)

SCHEMA: dict[str, Any] = json.loads(
    resources.files("media_pipeline.contracts.gen").joinpath("contracts.schema.json").read_text()
)
SCHEMA_ID: str = SCHEMA["$id"]
_REGISTRY: Registry[Any] = Registry().with_resource(SCHEMA_ID, Resource.from_contents(SCHEMA))
# uri needs rfc3986-validator and date-time needs rfc3339-validator: both are pinned, and
# format_checks() below fails loudly if either is missing.
_FORMATS = FormatChecker()
REQUIRED_FORMATS = ("uri", "date-time", "uuid")


class ContractError(ValueError):
    """A value does not match its schema. `path` is a JSON path such as $.frames[0].uri."""

    def __init__(self, schema: str, path: str, reason: str, more: int = 0) -> None:
        suffix = f" (and {more} more)" if more else ""
        super().__init__(f"invalid {schema} at {path}: {reason}{suffix}")
        self.schema = schema
        self.path = path
        self.reason = reason


def format_checks() -> tuple[str, ...]:
    missing = [f for f in REQUIRED_FORMATS if f not in _FORMATS.checkers]
    if missing:
        raise RuntimeError(f"JSON Schema format checkers missing: {missing}")
    return REQUIRED_FORMATS


@cache
def validator(schema: str) -> Draft202012Validator:
    if schema not in SCHEMA["$defs"]:
        raise KeyError(f"no schema named {schema} in contracts.schema.json")
    format_checks()
    return Draft202012Validator(
        {"$ref": f"{SCHEMA_ID}#/$defs/{schema}"}, registry=_REGISTRY, format_checker=_FORMATS
    )


def _describe(error: SchemaError) -> tuple[str, str]:
    """Path and reason of one error, pointing at the offending field rather than its parent."""
    path = error.json_path
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        extra = sorted(k for k in error.instance if k not in known)
        if extra:
            return f"{path}.{extra[0]}", "unknown field"
    instance: Any = error.instance
    if error.validator == "required" and isinstance(error.validator_value, list):
        missing = [k for k in error.validator_value if k not in instance]
        if missing:
            return f"{path}.{missing[0]}", "required field missing"
    return path, error.message


def check(schema: str, data: Any) -> None:
    errors = sorted(validator(schema).iter_errors(data), key=lambda e: list(map(str, e.path)))
    if errors:
        path, reason = _describe(errors[0])
        raise ContractError(schema, path, reason, len(errors) - 1)


def integral(value: Any) -> Any:
    """10.0 -> 10 everywhere: JSON Schema counts 10.0 as an integer while the strict generated
    types would refuse it. Float fields accept the integer unchanged."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53 - 1:
        return int(value)
    if isinstance(value, dict):
        return {k: integral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [integral(v) for v in value]
    return value


def decode(model: type[M], data: Any) -> M:
    """Validate `data` against the schema named like `model`, then build the model."""
    check(model.__name__, data)
    # If the schema passed but the generated type does not, that is generator drift.
    return decode_typed(model, data)


def decode_typed(model: type[M], data: Any) -> M:
    """Check `data` with the generated (strict) type only. For values another worker has just
    validated against the full schema before sending, such as activity results inside a
    workflow: 30x cheaper than JSON Schema in Python, and paid again on every replay."""
    try:
        return model.model_validate(integral(data))
    except ValidationError as err:
        first = err.errors()[0]
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"])
        raise ContractError(model.__name__, path, first["msg"]) from err


def encode(value: BaseModel) -> dict[str, Any]:
    """The JSON value of `value`, checked against its schema before it leaves this process."""
    data: dict[str, Any] = value.model_dump(mode="json")
    check(type(value).__name__, data)
    return data
