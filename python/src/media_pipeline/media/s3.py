"""The S3 store (MEDIA_STORE=s3://bucket/prefix): objects in S3-compatible storage, via boto3.

The connection follows the AWS conventions (AWS_ENDPOINT_URL[_S3], AWS_REGION, credentials
and profiles), read by boto3 itself. Writes stream: parts of PART_BYTES are uploaded as they
fill (a multipart upload, aborted when the write fails or is cancelled), so memory stays
bounded and no object is visible before it is complete. Local copies for ffmpeg and the
models live in the worker's Scratch, fetched once and verified.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..contracts.gen.models import MediaRef
from ..errors import ErrorType, failure
from .s3errors import bucket_problem, store_errors
from .scratch import Scratch
from .store import SCHEME, HashingWriter, copy_into, key

# S3's minimum part size is 5 MiB; 8 MiB parts keep a 2 GiB download under 300 parts.
PART_BYTES = 8 * 1024 * 1024
BATCH = 1000  # DeleteObjects takes at most 1000 keys


class S3Store:
    def __init__(self, client: Any, bucket: str, prefix: str, scratch: Scratch) -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.scratch = scratch

    def _key(self, uri: str) -> str:
        return self.prefix + key(uri)

    def check(self) -> None:
        problem = bucket_problem(self.client, self.bucket)
        if problem:
            raise SystemExit(f"media store s3://{self.bucket}/{self.prefix}: {problem}")

    def locate(self, uri: str) -> str:
        return f"s3://{self.bucket}/{self._key(uri)}"

    def presign(self, uri: str, seconds: int = 3600) -> str:
        with store_errors(uri):
            url: str = self.client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": self._key(uri)},
                ExpiresIn=seconds,
            )
        return url

    def _head(self, uri: str) -> dict[str, Any] | None:
        with store_errors(uri, missing_ok=True):
            head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=self._key(uri))
            return head
        return None

    def exists(self, uri: str) -> bool:
        return self._head(uri) is not None

    def ref(self, uri: str, content_type: str) -> MediaRef:
        h, size = hashlib.sha256(), 0
        with store_errors(uri):
            body = self.client.get_object(Bucket=self.bucket, Key=self._key(uri))["Body"]
            for chunk in body.iter_chunks(1024 * 1024):
                h.update(chunk)
                size += len(chunk)
        return MediaRef(uri=uri, sha256=h.hexdigest(), size_bytes=size, content_type=content_type)

    def _download(self, uri: str) -> Any:
        def fetch(tmp: Path) -> None:
            with store_errors(uri):
                self.client.download_file(self.bucket, self._key(uri), str(tmp))

        return fetch

    def open_checked(self, ref: MediaRef) -> Path:
        # Named by content: one fetch per worker however many activities read the object.
        return self.scratch.get(ref.sha256, ref.size_bytes, self._download(ref.uri), ref.sha256)

    def local(self, uri: str) -> Path:
        head = self._head(uri)
        if head is None:
            raise failure(ErrorType.SOURCE_UNAVAILABLE, f"{uri} is not in the media store")
        # Named by key and version (ETag): a rewritten object is fetched again.
        name = hashlib.sha256(f"{uri}\n{head['ETag']}".encode()).hexdigest()
        return self.scratch.get(f"o-{name}", int(head["ContentLength"]), self._download(uri))

    def read_bytes(self, uri: str) -> bytes:
        with store_errors(uri):
            data: bytes = self.client.get_object(Bucket=self.bucket, Key=self._key(uri))[
                "Body"
            ].read()
        return data

    def _keys(self, prefix: str) -> Iterator[tuple[str, int]]:
        """(key, size) of the object named `prefix` and of everything below it, page by page."""
        pages = self.client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=self.bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                if obj["Key"] == prefix or obj["Key"].startswith(prefix + "/"):
                    yield obj["Key"], int(obj["Size"])

    def list_below(self, prefix: str) -> list[str]:
        with store_errors(prefix):
            keys = [k for k, _ in self._keys(self._key(prefix))]
        return sorted(SCHEME + k[len(self.prefix) :] for k in keys)

    @contextmanager
    def writer(self, uri: str) -> Iterator[HashingWriter]:
        upload = _MultipartUpload(self.client, self.bucket, self._key(uri))
        try:
            with store_errors(uri):
                out = HashingWriter(upload)
                yield out
                upload.complete()
        except BaseException:
            upload.abort()  # also on cancellation: no orphaned parts
            raise

    def remove(self, uri: str) -> tuple[int, int]:
        target = self._key(uri)
        if target == self.prefix:
            raise failure(ErrorType.INVALID_INPUT, "refusing to remove the whole media store")
        files = total = 0
        with store_errors(uri):
            batch: list[dict[str, str]] = []
            for k, size in self._keys(target):
                batch.append({"Key": k})
                files, total = files + 1, total + size
                if len(batch) == BATCH:
                    self._delete(batch)
                    batch = []
            if batch:
                self._delete(batch)
            self._abort_uploads(target)
        return files, total

    def _delete(self, batch: list[dict[str, str]]) -> None:
        resp = self.client.delete_objects(
            Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
        )
        if resp.get("Errors"):
            e = resp["Errors"][0]
            raise failure(
                ErrorType.STORE_UNAVAILABLE, f"cannot delete {e.get('Key')}: {e.get('Code')}"
            )

    def _abort_uploads(self, target: str) -> None:
        """A worker killed mid-upload leaves an incomplete multipart upload: abort them too."""
        pages = self.client.get_paginator("list_multipart_uploads")
        for page in pages.paginate(Bucket=self.bucket, Prefix=target):
            for up in page.get("Uploads", []):
                k = up["Key"]
                if k == target or k.startswith(target + "/"):
                    self.client.abort_multipart_upload(
                        Bucket=self.bucket, Key=k, UploadId=up["UploadId"]
                    )

    def put_file(self, source: Path, uri: str) -> None:
        with self.writer(uri) as out:
            copy_into(source, out)


class _MultipartUpload:
    """A sink that uploads PART_BYTES parts as they fill; small objects go in one PUT."""

    def __init__(self, client: Any, bucket: str, key: str) -> None:
        self.client, self.bucket, self.key = client, bucket, key
        self.buffer = bytearray()
        self.upload_id: str | None = None
        self.parts: list[dict[str, Any]] = []

    def write(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= PART_BYTES:
            self._part(bytes(self.buffer[:PART_BYTES]))
            del self.buffer[:PART_BYTES]

    def _part(self, body: bytes) -> None:
        if self.upload_id is None:
            created = self.client.create_multipart_upload(Bucket=self.bucket, Key=self.key)
            self.upload_id = created["UploadId"]
        number = len(self.parts) + 1
        resp = self.client.upload_part(
            Bucket=self.bucket, Key=self.key, UploadId=self.upload_id, PartNumber=number, Body=body
        )
        self.parts.append({"ETag": resp["ETag"], "PartNumber": number})

    def complete(self) -> None:
        if self.upload_id is None:
            self.client.put_object(Bucket=self.bucket, Key=self.key, Body=bytes(self.buffer))
            return
        if self.buffer:
            self._part(bytes(self.buffer))
            self.buffer.clear()
        self.client.complete_multipart_upload(
            Bucket=self.bucket,
            Key=self.key,
            UploadId=self.upload_id,
            MultipartUpload={"Parts": self.parts},
        )
        self.upload_id = None

    def abort(self) -> None:
        if self.upload_id is not None:
            # Best effort: cleanup_media aborts whatever is left under the run's prefix.
            with contextlib.suppress(Exception):
                self.client.abort_multipart_upload(
                    Bucket=self.bucket, Key=self.key, UploadId=self.upload_id
                )
            self.upload_id = None
