"""A boto3 S3 client from the AWS conventions, with bounds so a dead endpoint fails fast."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import boto3  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]


def s3_client(env: Mapping[str, str]) -> Any:
    # The AWS variables of `env` (the process environment for a worker, a test stack's for a
    # test); what `env` leaves out, boto3's own chain finds (profiles, config files, IMDS).
    endpoint = env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL") or None
    config = Config(
        # S3-compatible servers (an endpoint is set) want path-style addressing.
        s3={"addressing_style": "path" if endpoint else "auto"},
        connect_timeout=5,
        read_timeout=60,
        retries={"mode": "standard", "max_attempts": 3},
    )
    session = boto3.session.Session(
        aws_access_key_id=env.get("AWS_ACCESS_KEY_ID") or None,
        aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
        aws_session_token=env.get("AWS_SESSION_TOKEN") or None,
        region_name=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None,
        profile_name=env.get("AWS_PROFILE") or None,
    )
    region = session.region_name or "us-east-1"  # S3-compatible servers accept any region
    return session.client("s3", region_name=region, endpoint_url=endpoint, config=config)
