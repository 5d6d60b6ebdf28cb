"""botocore errors mapped to the error catalogue, and the start-up check of a bucket.

A missing object is SourceUnavailable (not retried); anything that says the store itself is
unwell (no connection, timeouts, 5xx, throttling, refused credentials) is StoreUnavailable,
which Temporal retries until the store is back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]

from ..errors import ErrorType, failure

_MISSING = {"404", "NoSuchKey", "NotFound"}


def _code(err: ClientError) -> str:
    return str(err.response.get("Error", {}).get("Code", ""))


@contextmanager
def store_errors(uri: str, missing_ok: bool = False) -> Iterator[None]:
    try:
        yield
    except ClientError as err:
        code = _code(err)
        if code in _MISSING:
            if missing_ok:
                return
            raise failure(
                ErrorType.SOURCE_UNAVAILABLE, f"{uri} is not in the media store"
            ) from None
        raise failure(
            ErrorType.STORE_UNAVAILABLE, f"media store refused {uri}: {code} {err}"
        ) from None
    except BotoCoreError as err:
        raise failure(
            ErrorType.STORE_UNAVAILABLE, f"media store unreachable for {uri}: {err}"
        ) from None


def bucket_problem(client: Any, bucket: str) -> str | None:
    """Why the bucket cannot be used, in one line, or None when it can."""
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError as err:
        code = _code(err)
        if code in ("404", "NoSuchBucket", "NotFound"):
            return f"bucket {bucket!r} does not exist"
        if code in ("403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
            return f"credentials refused for bucket {bucket!r} ({code})"
        return f"bucket {bucket!r}: {code}"
    except BotoCoreError as err:
        return f"cannot reach the endpoint: {err}"
    return None
