"""The Python side of the contract: vectors, the activity boundary, the registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.exceptions import ApplicationError

from media_pipeline.activities.boundary import activity_name
from media_pipeline.activities.python_activities import PythonActivities
from media_pipeline.config import DownloadLimits
from media_pipeline.contracts.gen.registry import ACTIVITIES, TaskQueue
from media_pipeline.contracts.validation import ContractError, check
from media_pipeline.contracts.vectors import run_all, same_json
from media_pipeline.media.files import FileStore
from media_pipeline.worker import WORKFLOW_NAMES, check_registry
from media_pipeline.workflows.media_processing import parse_request

VECTORS = Path(__file__).resolve().parents[3] / "schemas" / "vectors"


def test_every_vector_gets_the_expected_verdict() -> None:
    verdicts = run_all(VECTORS)
    print(f"python: {len(verdicts)} vectors checked")
    assert len(verdicts) >= 38 * 8
    assert [v for v in verdicts if not v.ok] == []


def test_canonical_comparison() -> None:
    assert same_json({"a": 1, "b": [1.0]}, {"b": [1], "a": 1.0})
    assert not same_json(True, 1)
    assert not same_json({"a": None}, {})


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"video_url": "http://a/b", "unexpected_field": 1}, "$.unexpected_field"),
        ({}, "$.video_url"),
        ({"video_url": "http://a/b", "thumbnail_sizes": [320, "x"]}, "$.thumbnail_sizes[1]"),
    ],
)
def test_errors_name_the_field_path(data: object, path: str) -> None:
    with pytest.raises(ContractError) as err:
        check("PipelineRequest", data)
    assert err.value.path == path
    assert f"at {path}:" in str(err.value)


def test_workflow_input_accepts_a_bare_url_and_refuses_junk() -> None:
    assert parse_request("https://example.com/v.mp4").video_url == "https://example.com/v.mp4"
    with pytest.raises(ApplicationError) as err:
        parse_request({"video_url": "https://example.com/v.mp4", "speed": 2})
    assert err.value.type == "InvalidInput" and err.value.non_retryable


def test_python_worker_registers_exactly_its_registry_entries(tmp_path: Path) -> None:
    activities = PythonActivities(FileStore(tmp_path), DownloadLimits()).all()
    names = sorted(activity_name(a) for a in activities)
    assert names == sorted(a.name for a in ACTIVITIES if a.task_queue == TaskQueue.PYTHON)
    check_registry(activities)
    with pytest.raises(SystemExit, match="registry says"):
        check_registry(activities[:-1])
    with pytest.raises(SystemExit, match="registry says"):
        check_registry([*activities, activities[0]])
    with pytest.raises(SystemExit, match="registers workflows"):
        check_registry(activities, dict(list(WORKFLOW_NAMES.items())[:-1]))
