"""The stand-ins of the workflow tests themselves (no server needed)."""

from __future__ import annotations

import pytest
from standins import Fakes, template
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from media_pipeline.contracts.gen import registry as r


async def test_stand_ins_refuse_invalid_input() -> None:
    """The harness itself: a payload off the contract fails the activity, non-retryably, and is
    reported, so a workflow sending one cannot pass these tests."""
    fakes = Fakes()
    probe = fakes.activity(r.PROBE_VIDEO)
    with pytest.raises(ApplicationError) as refused:
        await ActivityEnvironment().run(probe, {"video": {"uri": "file:///etc/passwd"}})
    assert refused.value.type == "ContractViolation" and refused.value.non_retryable
    assert fakes.violations and fakes.started == []


@pytest.mark.parametrize("spec", [s for s in r.ACTIVITIES if s.name != r.READ_MANIFEST.name])
async def test_default_answers_match_the_output_schema(spec: r.ActivitySpec) -> None:
    """Each default behaviour, fed the first valid input vector, answers a valid output."""
    fakes = Fakes()
    await ActivityEnvironment().run(fakes.activity(spec), template(spec.input.__name__))
    assert not fakes.violations
