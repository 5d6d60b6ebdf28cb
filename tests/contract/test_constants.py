"""Every language's generated defaults, policies and constants match schemas/expected/constants.json,
and the expectations match the sources they are generated from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.tools import EXPECTED_CONSTANTS, REPO, TOOLS, constants


@pytest.mark.parametrize("language", list(TOOLS))
def test_generated_constants_match_the_shared_expectations(language: str) -> None:
    report = constants(language)
    assert report["mismatches"] == [], f"{language}: {report['mismatches'][:5]}"
    assert report["failures"] == 0 and report["exit"] == 0, report["stderr"]


@pytest.mark.parametrize("language", list(TOOLS))
def test_a_changed_expectation_is_reported_with_its_path(language: str, tmp_path: Path) -> None:
    doc = json.loads(EXPECTED_CONSTANTS.read_text())
    doc["defaults"]["PipelineRequest"]["max_frames"] += 1
    doc["policies"]["extract_frames"]["heartbeat_timeout_seconds"] = None
    changed = tmp_path / "constants.json"
    changed.write_text(json.dumps(doc))
    report = constants(language, changed)
    assert report["exit"] == 1
    paths = sorted(m["path"] for m in report["mismatches"])
    assert paths == [
        "$.defaults.PipelineRequest.max_frames",
        "$.policies.extract_frames.heartbeat_timeout_seconds",
    ]


def test_expectations_agree_with_the_schema_and_the_registry() -> None:
    """A hand edit of what the expectations pin must be matched by a hand edit of them; a new
    activity needs no pin (its policy is generated like the pinned ones)."""
    doc = json.loads(EXPECTED_CONSTANTS.read_text())
    defs = json.loads((REPO / "schemas/contracts.schema.json").read_text())["$defs"]
    registry = json.loads((REPO / "schemas/registry.json").read_text())
    for name, expected in doc["defaults"].items():
        props = defs[name]["properties"]
        assert expected == {k: v["default"] for k, v in props.items() if "default" in v}
    divisor = registry["heartbeat_interval_divisor"]
    names = {a["name"] for a in registry["activities"]}
    assert set(doc["policies"]) <= names, "a pinned activity is not in the registry"
    for a in (a for a in registry["activities"] if a["name"] in doc["policies"]):
        p: dict[str, Any] = a["policy"]
        want = doc["policies"][a["name"]]
        assert want["retry"] == p["retry"] and want["cancellation"] == p["cancellation"]
        heartbeat = p.get("heartbeat_timeout_seconds")
        assert want["heartbeat_timeout_seconds"] == heartbeat
        assert want["heartbeat_interval_seconds"] == (heartbeat and heartbeat / divisor)
    assert doc["media_root"] == registry["media_root"]
    assert doc["workflow_id_pattern"] == defs["WorkflowId"]["pattern"]
