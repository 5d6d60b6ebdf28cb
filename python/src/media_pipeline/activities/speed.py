"""The minimum-progress rule of a download, modelled on curl's --speed-limit/--speed-time.

A pure object fed the running byte total at each chunk, with an injectable clock, so the window
is tested without a network or a wait. Chunks only arrive when the server sends something; the
caller pairs this with a read timeout of one window so a body that sends nothing also ends.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from ..errors import ErrorType, failure


class MinimumSpeed:
    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit  # bytes per second
        self.window = window  # seconds
        self.clock = clock
        self.samples: deque[tuple[float, int]] = deque([(clock(), 0)])

    def update(self, total: int) -> None:
        """Record that `total` bytes have arrived so far; raise DownloadTimeout when the average
        rate since the oldest sample at or before one window ago is below the limit."""
        now = self.clock()
        self.samples.append((now, total))
        # Keep exactly one sample at or before the window start: it is the window's baseline.
        while len(self.samples) > 1 and self.samples[1][0] <= now - self.window:
            self.samples.popleft()
        since, base = self.samples[0]
        span = now - since
        if span >= self.window and total - base < self.limit * span:
            raise failure(
                ErrorType.DOWNLOAD_TIMEOUT,
                f"received {total - base} bytes in the last {span:.0f} s, below the "
                f"{self.limit} B/s minimum (DOWNLOAD_LOW_SPEED_LIMIT over DOWNLOAD_LOW_SPEED_TIME)",
            )

    def silent(self) -> Exception:
        """The failure for a read that waited a whole window without receiving a byte."""
        return failure(
            ErrorType.DOWNLOAD_TIMEOUT,
            f"received 0 bytes in the last {self.window:g} s, below the {self.limit} B/s "
            "minimum (DOWNLOAD_LOW_SPEED_LIMIT over DOWNLOAD_LOW_SPEED_TIME)",
        )
