"""The three languages' contract tools (docs/conventions.md), run as subprocesses."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from media_devtools.devstack.stack import node

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "schemas" / "vectors"
EXPECTED_CONSTANTS = REPO / "schemas" / "expected" / "constants.json"
TOOLS: dict[str, list[str]] = {
    "python": [str(REPO / ".venv/bin/python"), "-m", "media_pipeline.contracts"],
    "go": [str(REPO / "go-worker/bin/contracts")],
    "ts": [node(REPO), str(REPO / "ts-worker/dist/tools/contracts.js")],
}


def vectors(language: str) -> dict[str, Any]:
    proc = subprocess.run(
        [*TOOLS[language], "vectors", str(VECTORS)], capture_output=True, text=True, timeout=120
    )
    report: dict[str, Any] = json.loads(proc.stdout)
    report["stderr"] = proc.stderr.strip()
    report["exit"] = proc.returncode
    return report


def constants(language: str, expected: Path = EXPECTED_CONSTANTS) -> dict[str, Any]:
    proc = subprocess.run(
        [*TOOLS[language], "constants", str(expected)], capture_output=True, text=True, timeout=60
    )
    report: dict[str, Any] = json.loads(proc.stdout)
    report["stderr"] = proc.stderr.strip()
    report["exit"] = proc.returncode
    return report


def roundtrip(language: str, schema: str, value: Any) -> Any:
    proc = subprocess.run(
        [*TOOLS[language], "roundtrip", schema],
        input=json.dumps(value),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if proc.returncode != 0:
        raise AssertionError(f"{language} refused a {schema}: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def first_valid(schema: str) -> Any:
    doc = json.loads((VECTORS / f"{schema}.json").read_text())
    return next(t["data"] for t in doc["tests"] if t["valid"])
