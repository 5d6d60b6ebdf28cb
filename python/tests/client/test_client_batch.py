"""The batch request the Python client builds from its flags, checked by the schema."""

from __future__ import annotations

import pytest

from media_pipeline.client.batch import request_for
from media_pipeline.contracts.validation import ContractError

MANIFEST = "media://manifests/4432f14ba69af057.jsonl"


def test_names_the_manifest_and_the_flags_given() -> None:
    req = request_for(MANIFEST, 2, None, 3)
    assert req.model_dump(mode="json", exclude_unset=True) == {
        "manifest": MANIFEST,
        "max_in_flight": 2,
        "max_per_host": 3,
    }
    assert request_for(MANIFEST, None, None).model_dump(mode="json", exclude_unset=True) == {
        "manifest": MANIFEST
    }


def test_a_bad_flag_is_refused_at_its_path() -> None:
    with pytest.raises(ContractError, match=r"\$\.max_per_host"):
        request_for(MANIFEST, None, None, 0)
