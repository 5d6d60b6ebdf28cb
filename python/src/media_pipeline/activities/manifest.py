"""Batch manifests in the media store: JSON Lines of URL strings or PipelineRequest objects.

A bare URL on a line is accepted too; blank lines and lines starting with # are skipped.
This is the one parser of batch lists: clients upload the file unparsed and show its errors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..contracts.gen.models import PipelineRequest, ReadManifestOutput
from ..contracts.validation import ContractError, decode
from ..errors import ErrorType, failure

MAX_LINE = 64 * 1024


def parse_line(line: str, number: int) -> PipelineRequest:
    text = line.strip()
    try:
        value: Any = json.loads(text) if text[:1] in ('"', "{") else text
    except json.JSONDecodeError as err:
        raise failure(
            ErrorType.INVALID_INPUT, f"manifest line {number}: not JSON: {err.msg}"
        ) from None
    if isinstance(value, str):
        value = {"video_url": value}
    try:
        return decode(PipelineRequest, value)
    except ContractError as err:
        raise failure(ErrorType.INVALID_INPUT, f"manifest line {number}: {err}") from None


def read(path: Path, offset: int, limit: int) -> ReadManifestOutput:
    """Entries [offset, offset + limit) of the manifest, and how many it holds in all.

    The first page (offset 0) validates every line, so a bad line anywhere fails the batch
    before any child starts; later pages validate only their own lines.
    """
    requests: list[PipelineRequest] = []
    total = 0
    with path.open(encoding="utf-8", errors="strict") as f:
        for number, line in enumerate(f, start=1):
            if len(line) > MAX_LINE:
                raise failure(
                    ErrorType.INVALID_INPUT,
                    f"manifest line {number} is longer than {MAX_LINE} bytes",
                )
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if offset <= total < offset + limit:
                requests.append(parse_line(line, number))
            elif offset == 0:
                parse_line(line, number)
            total += 1
    return ReadManifestOutput(requests=requests, total=total)
