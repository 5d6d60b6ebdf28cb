"""Runs the shared test vectors (schemas/vectors) through the validator and the generated types.

Each vector gets a verdict from the JSON Schema validator and from the generated pydantic type;
for valid vectors, decode-then-encode must give back the same JSON value. Go and TypeScript
run the same files and must reach the same verdicts (tests/contract compares them).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .gen import models
from .validation import SCHEMA_ID, integral, validator


@dataclass(frozen=True)
class Verdict:
    schema: str
    description: str
    expected: bool
    validator: bool
    typed: bool | None  # None: the schema has no generated type of its own (inlined scalar)
    roundtrip: bool | None  # None: not a valid vector

    @property
    def ok(self) -> bool:
        return (
            self.validator == self.expected
            and (self.typed is None or not self.expected or self.typed)
            and self.roundtrip in (None, True)
        )


def same_json(a: Any, b: Any) -> bool:
    """Equality of JSON values: key order ignored, 1 == 1.0, but true != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def schema_name(doc: dict[str, Any]) -> str:
    ref: str = doc["schema"]["$ref"]
    prefix = f"{SCHEMA_ID}#/$defs/"
    if not ref.startswith(prefix):
        raise ValueError(f"vector schema must reference {prefix}<Name>, got {ref}")
    return ref.removeprefix(prefix)


def typed_roundtrip(name: str, data: Any) -> tuple[bool | None, Any]:
    generated = getattr(models, name, None)
    if generated is None:
        return None, None
    adapter: TypeAdapter[Any] = TypeAdapter(generated)
    try:
        value = adapter.validate_python(integral(data))
    except ValidationError:
        return False, None
    return True, adapter.dump_python(value, mode="json")


def run_file(path: Path) -> list[Verdict]:
    doc = json.loads(path.read_text())
    name = schema_name(doc)
    check = validator(name)
    verdicts = []
    for test in doc["tests"]:
        data, expected = test["data"], test["valid"]
        typed, encoded = typed_roundtrip(name, data)
        roundtrip = None
        if expected:
            roundtrip = same_json(encoded, data) if typed else typed is None
        verdicts.append(
            Verdict(name, test["description"], expected, check.is_valid(data), typed, roundtrip)
        )
    return verdicts


def run_all(directory: Path) -> list[Verdict]:
    return [v for path in sorted(directory.glob("*.json")) for v in run_file(path)]


def report(verdicts: list[Verdict]) -> dict[str, Any]:
    return {
        "language": "python",
        "vectors": len(verdicts),
        "failures": sum(not v.ok for v in verdicts),
        "verdicts": [asdict(v) for v in verdicts],
    }
