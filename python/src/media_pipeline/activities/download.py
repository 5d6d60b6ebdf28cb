"""download_video: stream a URL into the media store, refusing anything unsafe or oversized."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import aclosing, asynccontextmanager
from datetime import timedelta

import httpx

from ..config import DownloadLimits
from ..contracts.gen.models import DownloadVideoInput, DownloadVideoOutput, MediaRef
from ..contracts.gen.registry import DOWNLOAD_VIDEO
from ..errors import ErrorType, failure
from ..media.sniff import CONTAINERS, SNIFF_BYTES, sniff
from ..media.store import MediaStore, file_digest
from .netguard import NetGuard
from .speed import MinimumSpeed

# The registry's heartbeat rule (heartbeat timeout / HEARTBEAT_INTERVAL_DIVISOR).
HEARTBEAT_EVERY = (DOWNLOAD_VIDEO.policy.heartbeat_interval or timedelta(seconds=1)).total_seconds()
Heartbeat = Callable[[int], None]


class Downloader:
    def __init__(self, store: MediaStore, limits: DownloadLimits, heartbeat: Heartbeat) -> None:
        self.store = store
        self.limits = limits
        self.guard = NetGuard(limits.allow_hosts)
        self.heartbeat = heartbeat
        self.received = 0  # body bytes of the current hop, reported by each heartbeat

    async def run(self, req: DownloadVideoInput) -> DownloadVideoOutput:
        if req.url.startswith("media://"):
            return self._from_store(req)
        url = httpx.URL(req.url)
        if url.scheme not in ("http", "https"):
            raise failure(ErrorType.DOWNLOAD_REJECTED, f"scheme {url.scheme!r} is not allowed")
        beat = asyncio.create_task(self._beat())
        try:
            async with asyncio.timeout(self.limits.timeout_seconds):
                return await self._download(url, req.output_prefix)
        except TimeoutError as err:
            raise failure(
                ErrorType.DOWNLOAD_TIMEOUT,
                f"download did not finish within {self.limits.timeout_seconds:g} s",
            ) from err
        except httpx.TransportError as err:
            raise failure(ErrorType.DOWNLOAD_FAILED, f"download of {url} failed: {err!r}") from err
        finally:
            beat.cancel()

    async def _beat(self) -> None:
        # Beat while waiting on a silent server too: the stall bounds below, not the
        # heartbeat timeout (which would retry), decide when a download has stalled.
        while True:
            self.heartbeat(self.received)
            await asyncio.sleep(HEARTBEAT_EVERY)

    def _from_store(self, req: DownloadVideoInput) -> DownloadVideoOutput:
        path = self.store.local(req.url)  # one local copy (a scratch file on S3) for both reads
        with path.open("rb") as f:
            container = sniff(f.read(SNIFF_BYTES))
        digest, size = file_digest(path)
        video = MediaRef(
            uri=req.url, sha256=digest, size_bytes=size, content_type=CONTAINERS[container][0]
        )
        return DownloadVideoOutput(video=video, final_url=req.url, redirects=0, container=container)

    async def _download(self, url: httpx.URL, prefix: str) -> DownloadVideoOutput:
        # A read that waits a whole low-speed window for one byte fails the rule by definition.
        timeout = httpx.Timeout(
            self.limits.connect_timeout_seconds, read=self.limits.low_speed_time
        )
        async with httpx.AsyncClient(
            trust_env=False, follow_redirects=False, timeout=timeout
        ) as client:
            for redirects in range(self.limits.max_redirects + 1):
                async with self._request(client, url) as resp:
                    if resp.is_redirect:
                        url = self._next_hop(url, resp)
                        continue
                    self._check_status(url, resp)
                    return await self._save(url, resp, prefix, redirects)
        raise failure(
            ErrorType.DOWNLOAD_REJECTED, f"more than {self.limits.max_redirects} redirects"
        )

    @asynccontextmanager
    async def _request(
        self, client: httpx.AsyncClient, url: httpx.URL
    ) -> AsyncIterator[httpx.Response]:
        # Lookup, connect and response headers share one bound: a server that accepts and
        # stays silent fails here. Not retried: a stalled server is not a transient error.
        connect, window = self.limits.connect_timeout_seconds, self.limits.low_speed_time
        # The read timeout (one low-speed window) also waits on the headers: the smaller wins.
        bound, setting = min((connect, "CONNECT_TIMEOUT_SECONDS"), (window, "LOW_SPEED_TIME"))
        try:
            async with asyncio.timeout(connect):
                # Connect to the address the guard checked, not to what a second lookup returns.
                target = await self.guard.resolve(
                    url.host, url.port or (443 if url.scheme == "https" else 80)
                )
                request = client.build_request(
                    "GET",
                    url.copy_with(host=target.address),
                    headers={"Host": url.netloc.decode("ascii"), "Accept": "video/*,*/*;q=0.5"},
                    extensions={"sni_hostname": url.host} if url.scheme == "https" else {},
                )
                resp = await client.send(request, stream=True)
        except (TimeoutError, httpx.TimeoutException) as err:
            raise failure(
                ErrorType.DOWNLOAD_TIMEOUT,
                f"{url.host} sent no response headers within {bound:g} s (DOWNLOAD_{setting})",
            ) from err
        try:
            yield resp
        finally:
            await resp.aclose()

    def _next_hop(self, url: httpx.URL, resp: httpx.Response) -> httpx.URL:
        location = resp.headers.get("location")
        if not location:
            raise failure(ErrorType.SOURCE_UNAVAILABLE, f"{url} redirects without a Location")
        nxt = url.join(location)
        if nxt.scheme not in ("http", "https"):
            raise failure(ErrorType.DOWNLOAD_REJECTED, f"redirect to scheme {nxt.scheme!r} refused")
        return nxt

    def _check_status(self, url: httpx.URL, resp: httpx.Response) -> None:
        code = resp.status_code
        if code >= 500 or code in (408, 425, 429):
            raise failure(ErrorType.DOWNLOAD_FAILED, f"{url} answered HTTP {code}")
        if code >= 400:
            raise failure(ErrorType.SOURCE_UNAVAILABLE, f"{url} answered HTTP {code}")
        if code != 200:
            raise failure(ErrorType.SOURCE_UNAVAILABLE, f"{url} answered HTTP {code}, expected 200")
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limits.max_bytes:
            raise failure(
                ErrorType.MEDIA_TOO_LARGE,
                f"{url} declares {declared} bytes, above the {self.limits.max_bytes} byte limit",
            )

    async def _save(
        self, url: httpx.URL, resp: httpx.Response, prefix: str, redirects: int
    ) -> DownloadVideoOutput:
        async with aclosing(self._body(resp)) as chunks:
            head = b""
            # Look at the magic bytes before writing anything: a hostile body is refused early.
            async for chunk in chunks:
                head += chunk
                if len(head) >= SNIFF_BYTES:
                    break
            container = sniff(head[:SNIFF_BYTES])
            content_type, ext = CONTAINERS[container]
            uri = f"{prefix}/source.{ext}"
            with self.store.writer(uri) as out:
                out.write(self._capped(out.size, head))
                async for chunk in chunks:
                    out.write(self._capped(out.size, chunk))
                digest, size = out.sha256.hexdigest(), out.size
        video = {"uri": uri, "sha256": digest, "size_bytes": size, "content_type": content_type}
        return DownloadVideoOutput.model_validate(
            {"video": video, "final_url": str(url), "redirects": redirects, "container": container}
        )

    async def _body(self, resp: httpx.Response) -> AsyncGenerator[bytes, None]:
        """The body's chunks, failing as DownloadTimeout when it arrives too slowly."""
        speed = MinimumSpeed(self.limits.low_speed_limit, self.limits.low_speed_time)
        self.received = 0
        try:
            async for chunk in resp.aiter_bytes():
                self.received += len(chunk)
                speed.update(self.received)
                yield chunk
        except httpx.ReadTimeout as err:
            raise speed.silent() from err

    def _capped(self, written: int, chunk: bytes) -> bytes:
        if written + len(chunk) > self.limits.max_bytes:
            raise failure(
                ErrorType.MEDIA_TOO_LARGE,
                f"the body is larger than the {self.limits.max_bytes} byte limit",
            )
        return chunk
