"""A value produced by one language, decoded and re-encoded by the other two, comes back equal.

Every schema's first valid vector travels Python -> Go -> TypeScript, Go -> TypeScript ->
Python and TypeScript -> Python -> Go; the value after each hop must equal the original.
"""

from __future__ import annotations

import json

import pytest
from support.tools import VECTORS, first_valid, roundtrip

from media_pipeline.contracts.vectors import same_json

SCHEMAS = sorted(p.stem for p in VECTORS.glob("*.json"))
CHAINS = [("python", "go", "ts"), ("go", "ts", "python"), ("ts", "python", "go")]


@pytest.mark.parametrize("chain", CHAINS, ids=["->".join(c) for c in CHAINS])
@pytest.mark.parametrize("schema", SCHEMAS)
def test_value_survives_every_language(schema: str, chain: tuple[str, str, str]) -> None:
    original = first_valid(schema)
    value = original
    for language in chain:
        value = roundtrip(language, schema, value)
        assert same_json(value, original), (
            f"{schema} changed in {language}: {json.dumps(value)} != {json.dumps(original)}"
        )


def test_an_invalid_value_is_refused_by_every_language() -> None:
    bad = {**first_valid("MediaRef"), "unexpected_field": 1}
    for language in ("python", "go", "ts"):
        with pytest.raises(AssertionError, match="refused"):
            roundtrip(language, "MediaRef", bad)
