"""The minimum-progress window (curl's --speed-limit/--speed-time), on a fake clock."""

from __future__ import annotations

import pytest
from temporalio.exceptions import ApplicationError

from media_pipeline.activities.speed import MinimumSpeed


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def feed(
    speed: MinimumSpeed, clock: Clock, every: float, size: int, count: int, total: int = 0
) -> int:
    """`count` more chunks of `size` bytes, one every `every` seconds; returns the new total."""
    for _ in range(count):
        clock.now += every
        total += size
        speed.update(total)
    return total


def test_a_trickle_fails_once_a_whole_window_is_too_slow() -> None:
    clock = Clock()
    speed = MinimumSpeed(1024, 15, clock)
    total = feed(speed, clock, every=2, size=1, count=7)  # 14 s: not a whole window yet
    with pytest.raises(ApplicationError) as err:
        feed(speed, clock, every=2, size=1, count=1, total=total)
    assert err.value.type == "DownloadTimeout" and err.value.non_retryable
    assert err.value.message.startswith("received 8 bytes in the last 16 s")
    assert "below the 1024 B/s minimum" in err.value.message


def test_a_steady_download_at_the_limit_passes() -> None:
    clock = Clock()
    speed = MinimumSpeed(1024, 15, clock)
    assert feed(speed, clock, every=0.5, size=512, count=200) == 200 * 512


def test_a_fast_start_does_not_excuse_a_later_stall() -> None:
    clock = Clock()
    speed = MinimumSpeed(1024, 15, clock)
    total = feed(speed, clock, every=1, size=1_000_000, count=10)
    # The megabytes of the first 10 s slide out of the window; 1 B/s from then on is too slow.
    with pytest.raises(ApplicationError, match=r"received 15 bytes in the last 15 s"):
        feed(speed, clock, every=1, size=1, count=30, total=total)


def test_a_short_burst_after_a_slow_patch_is_averaged_over_the_window() -> None:
    clock = Clock()
    speed = MinimumSpeed(1024, 15, clock)
    total = feed(speed, clock, every=1, size=100, count=14)
    total = feed(speed, clock, every=1, size=20_000, count=1, total=total)  # 21 400 B in 15 s
    with pytest.raises(ApplicationError):  # until the burst leaves the window
        feed(speed, clock, every=1, size=100, count=15, total=total)


def test_the_window_keeps_only_what_it_needs() -> None:
    clock = Clock()
    speed = MinimumSpeed(1, 3, clock)
    feed(speed, clock, every=0.1, size=10, count=1000)
    assert len(speed.samples) <= 32  # about one window of samples, not the whole download


def test_silence_names_the_window_and_the_limit() -> None:
    err = MinimumSpeed(1024, 3).silent()
    assert isinstance(err, ApplicationError) and err.type == "DownloadTimeout"
    assert err.message.startswith("received 0 bytes in the last 3 s, below the 1024 B/s minimum")
