"""Application errors typed from the error catalogue (schemas/errors.json)."""

from __future__ import annotations

from typing import Any, Protocol

from temporalio.exceptions import ApplicationError, CancelledError, FailureError

from .contracts.gen.registry import RETRYABLE, ErrorType

__all__ = ["ErrorType", "describe", "failure"]


def failure(error_type: ErrorType, message: str, *details: Any) -> ApplicationError:
    """An ApplicationError whose type and retryability come from the catalogue, never a class name."""
    return ApplicationError(
        message, *details, type=error_type.value, non_retryable=not RETRYABLE[error_type]
    )


class Failed(Protocol):
    """A failed run as clients and parent workflows see it (its cause chain holds the reason)."""

    @property
    def cause(self) -> BaseException | None: ...


def describe(err: Failed, fallback: str) -> tuple[str, str]:
    """Catalogue type and message of a failed run, from its cause chain: the first typed
    application error, "Cancelled" for a cancel, else `fallback` (never a class name as a
    type: the innermost failure's kind goes into the message)."""
    cause: BaseException | None = err.cause
    while cause is not None:
        if isinstance(cause, CancelledError):
            return "Cancelled", "the run was cancelled"
        if isinstance(cause, ApplicationError) and cause.type:
            return cause.type, cause.message
        if isinstance(cause, FailureError) and cause.__cause__ is None:
            return fallback, f"{type(cause).__name__}: {cause.message}"
        cause = cause.__cause__
    return fallback, str(err)
