"""All three languages run every shared vector and must reach the same verdict on each."""

from __future__ import annotations

from typing import Any

import pytest
from support.tools import TOOLS, vectors


@pytest.fixture(scope="module")
def reports() -> dict[str, dict[str, Any]]:
    return {language: vectors(language) for language in TOOLS}


def test_each_language_agrees_with_every_expected_verdict(
    reports: dict[str, dict[str, Any]],
) -> None:
    for language, report in reports.items():
        print(f"{language}: {report['vectors']} vectors checked, {report['failures']} failures")
        wrong = [v for v in report["verdicts"] if v["validator"] != v["expected"]]
        assert wrong == [], f"{language} validator disagrees with the vectors: {wrong[:5]}"
        lost = [v for v in report["verdicts"] if v["expected"] and v["roundtrip"] is False]
        assert lost == [], f"{language} decode+encode changed a valid value: {lost[:5]}"
        refused = [v for v in report["verdicts"] if v["expected"] and v["typed"] is False]
        assert refused == [], f"{language} generated type refused a valid value: {refused[:5]}"
        assert report["failures"] == 0 and report["exit"] == 0, report["stderr"]


def test_counts_and_verdicts_agree_across_languages(reports: dict[str, dict[str, Any]]) -> None:
    counts = {language: r["vectors"] for language, r in reports.items()}
    assert len(set(counts.values())) == 1, f"vector counts differ: {counts}"

    def key(v: dict[str, Any]) -> tuple[str, str]:
        return v["schema"], v["description"]

    verdicts = {
        lang: {key(v): v["validator"] for v in r["verdicts"]} for lang, r in reports.items()
    }
    python = verdicts["python"]
    for language, seen in verdicts.items():
        assert seen == python, f"{language} and python disagree on: " + str(
            sorted(k for k in python if seen.get(k) != python[k])[:10]
        )


def test_generated_types_catch_what_they_can(reports: dict[str, dict[str, Any]]) -> None:
    """Report how many invalid vectors each generated type refuses on its own (formats are
    left to the validator by design); every one the type accepts is refused by the validator."""
    for language, report in reports.items():
        invalid = [v for v in report["verdicts"] if not v["expected"]]
        caught = sum(1 for v in invalid if v["typed"] is False)
        print(
            f"{language}: generated types refuse {caught}/{len(invalid)} invalid vectors by themselves"
        )
        assert all(not v["validator"] for v in invalid)
