"""Application errors typed from the error catalogue (schemas/errors.json)."""

from __future__ import annotations

from typing import Any

from temporalio.exceptions import ApplicationError

from .contracts.gen.registry import RETRYABLE, ErrorType

__all__ = ["ErrorType", "failure"]


def failure(error_type: ErrorType, message: str, *details: Any) -> ApplicationError:
    """An ApplicationError whose type and retryability come from the catalogue, never a class name."""
    return ApplicationError(
        message, *details, type=error_type.value, non_retryable=not RETRYABLE[error_type]
    )
