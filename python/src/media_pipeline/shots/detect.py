"""Shot boundaries from a feature series (series.py): hard cuts, dissolves and fades.

A pure function of integers: the same series gives the same boundaries on every machine.

Distance between two frames: the larger of the luma-histogram, chroma-histogram and 4x4
layout distances, each in [0, 1]. Motion inside a shot moves pixels but hardly changes these;
a new shot changes them.

- cut: the distance between consecutive frames is high, and far above what the shot's own
  motion gives around it (median of the neighbours); and what comes before it differs from what
  comes after it for a while: a flash (content returns within FLASH_SECONDS) is no cut.
- gradual (dissolve, fade): frames GRADUAL_SECONDS apart differ a lot while no cut explains it,
  the change is spread over many frames, and the content is stable on either side. The span is
  where consecutive changes stand above the surrounding baseline. A span whose darkest (or
  brightest) frame is near black (or white) is a fade; otherwise a dissolve.
"""

from __future__ import annotations

import itertools
import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .series import C_BINS, GRID, HEIGHT, WIDTH, Y_BINS, Frame

PIXELS = WIDTH * HEIGHT
CHROMA = PIXELS // 4

CUT_MIN = 0.25  # consecutive distance that can be a cut
CUT_RATIO = 3.0  # ... and this many times the local median of consecutive distances
# A smaller jump is a cut too when it stands far above a calm shot (a recoloured shot of the
# same layout changes only the chroma histograms, a little).
CUT_FLOOR = 0.08
CUT_FLOOR_RATIO = 6.0
PERSIST = 0.5  # before and after the cut still differ by this share of the jump
LOCAL_SECONDS = 1.0  # half-width of that neighbourhood
FLASH_SECONDS = 0.4  # content that comes back within this is a flash, not a cut
GRADUAL_SECONDS = 0.5  # half the span of the long-range comparison
GRADUAL_MIN = 0.3  # long-range distance that can be a gradual transition
STABLE_RATIO = 0.5  # either side of a gradual transition changes less than this share of it
MAX_GRADUAL_SECONDS = 4.0
BLACK_LUMA = 24  # mean luma at or below: black
WHITE_LUMA = 225  # mean luma at or above: white
MIN_SHOT_SECONDS = 0.4
ABRUPT = 0.5  # one frame's change, as a share of the span's: abrupt
DEBUG = bool(os.environ.get("SHOTS_DEBUG"))
TRACE = 0.1  # share of a transition's change that marks its start and end


@dataclass(frozen=True)
class Boundary:
    kind: str  # cut, dissolve, fade
    start_seconds: float  # last frame of the outgoing shot (a cut: the first frame of the new shot)
    end_seconds: float  # first frame of the incoming shot
    confidence: float

    @property
    def time_seconds(self) -> float:
        """Where the new scene starts: the cut frame, or the middle of the transition."""
        return round((self.start_seconds + self.end_seconds) / 2, 3)


def _l1(a: Sequence[int], b: Sequence[int]) -> int:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


Y0, U0 = 1, 1 + Y_BINS
V0, G0 = U0 + C_BINS, U0 + 2 * C_BINS
END = G0 + GRID * GRID


def distance(a: Frame, b: Frame) -> float:
    """Distance of two frames in [0, 1] (integer sums, one division each)."""
    y = _l1(a[Y0:U0], b[Y0:U0]) / (2 * PIXELS)
    c = (_l1(a[U0:V0], b[U0:V0]) + _l1(a[V0:G0], b[V0:G0])) / (4 * CHROMA)
    g = _l1(a[G0:END], b[G0:END]) / (GRID * GRID * 128)
    return max(y, c, min(1.0, g))


def luma(f: Frame) -> float:
    return sum(f[G0:END]) / (GRID * GRID)


def _fps(times: Sequence[int]) -> float:
    steps = [b - a for a, b in itertools.pairwise(times) if b > a]
    return 1000 / statistics.median(steps) if steps else 25.0


def detect(frames: Sequence[Frame]) -> list[Boundary]:
    n = len(frames)
    if n < 3:
        return []
    times = [f[0] for f in frames]
    fps = _fps(times)
    sec = [t / 1000 for t in times]
    frames_in = lambda s: max(1, round(s * fps))  # noqa: E731
    c = [0.0] + [distance(frames[i - 1], frames[i]) for i in range(1, n)]
    local = frames_in(LOCAL_SECONDS)
    flash = frames_in(FLASH_SECONDS)

    def baseline(i: int, skip: int = 1) -> float:
        around = c[max(1, i - local) : max(1, i - skip + 1)] + c[i + skip : i + local + 1]
        return statistics.median(around) if around else 0.0

    gradual = _gradual(frames, sec, fps)
    spans = [(b.start_seconds, b.end_seconds) for b in gradual]

    def inside(i: int) -> bool:
        return any(a <= sec[i] <= b + 1.5 / fps for a, b in spans)

    cuts: list[Boundary] = []
    for i in range(1, n):
        if c[i] < CUT_FLOOR or inside(i):
            continue
        base = baseline(i)
        if not ((c[i] >= CUT_MIN and c[i] >= CUT_RATIO * base) or c[i] >= CUT_FLOOR_RATIO * base):
            continue
        if (i + 1 < n and c[i + 1] > c[i]) or c[i - 1] > c[i]:
            continue  # not the peak of its neighbourhood
        # A flash or a one-frame glitch: something shortly before matches something shortly after.
        before = range(max(0, i - 1 - flash), i)
        after = range(i, min(n, i + flash + 1))
        persistent = min(distance(frames[a], frames[b]) for a in before for b in after)
        if persistent < PERSIST * c[i]:
            continue
        conf = min(1.0, persistent / (2 * CUT_MIN))
        cuts.append(Boundary("cut", sec[i], sec[i], round(conf, 3)))

    found = sorted(cuts + gradual, key=lambda b: b.start_seconds)
    # Two boundaries closer than a minimum shot: keep the stronger.
    kept: list[Boundary] = []
    for b in found:
        if kept and b.start_seconds - kept[-1].end_seconds < MIN_SHOT_SECONDS:
            if b.confidence > kept[-1].confidence:
                kept[-1] = b
            continue
        kept.append(b)
    return kept


def _gradual(frames: Sequence[Frame], sec: list[float], fps: float) -> list[Boundary]:
    n = len(frames)
    w = max(2, round(GRADUAL_SECONDS * fps))
    jitter = (-2, -1, 0, 1, 2)
    long_d = [0.0] * n
    for i in range(w + 2, n - w - 2):
        # The least of a few shifted comparisons: a flash on one compared frame is ignored.
        long_d[i] = min(distance(frames[i - w + j], frames[i + w + j]) for j in jitter)
    longest = round(MAX_GRADUAL_SECONDS * fps) + 2 * w
    out: list[Boundary] = []
    i = 0
    while i < n:
        if long_d[i] < GRADUAL_MIN:
            i += 1
            continue
        j = i
        while j + 1 < n and long_d[j + 1] >= GRADUAL_MIN:
            j += 1
        if j - i <= longest:  # longer: continuous change (a pan), not a transition
            b = _span(frames, sec, max(0, i - w - 2), min(n - 1, j + w + 2), w)
            if b is not None:
                out.append(b)
        i = j + 1
    return _merge_fades(frames, out, sec)


def _motion(frames: Sequence[Frame], a: int, b: int) -> float:
    return distance(frames[a], frames[b]) if 0 <= a < len(frames) and 0 <= b < len(frames) else 0.0


def _span(frames: Sequence[Frame], sec: list[float], a: int, b: int, w: int) -> Boundary | None:
    """The transition between anchor frames a (before) and b (after), if gradual."""
    lum = [luma(frames[k]) for k in range(a, b + 1)]
    dark = a + min(range(len(lum)), key=lambda k: lum[k])
    bright = a + max(range(len(lum)), key=lambda k: lum[k])
    via: int | None = None
    if lum[dark - a] <= BLACK_LUMA and min(lum[0], lum[-1]) > BLACK_LUMA + 8:
        via = dark
    elif lum[bright - a] >= WHITE_LUMA and max(lum[0], lum[-1]) < WHITE_LUMA - 8:
        via = bright
    left, right = (via, via) if via is not None else (b, a)
    move_a = _motion(frames, a - w, a)
    move_b = _motion(frames, b, b + w)
    da, db = distance(frames[a], frames[left]), distance(frames[right], frames[b])
    # Start: the last frame still close to the outgoing shot; end: the first frame close to
    # the incoming one.
    start = a
    for k in range(a, left + 1):
        if distance(frames[a], frames[k]) <= max(TRACE * da, 1.5 * move_a):
            start = k
    end = b
    for k in range(b, right - 1, -1):
        if distance(frames[k], frames[b]) <= max(TRACE * db, 1.5 * move_b):
            end = k
    if end <= start or (via is None and _abrupt(frames, start, end)):
        return None  # a cut (perhaps between moving shots), which the cut test finds
    if a - w < 0 or b + w >= len(frames) or sec[end] - sec[start] > MAX_GRADUAL_SECONDS:
        return None  # stability unverifiable at either end of the video, or too long
    strength = min(da, db) if via is not None else distance(frames[a], frames[b])
    if strength < GRADUAL_MIN or max(move_a, move_b) > STABLE_RATIO * strength:
        return None
    kind = "fade" if via is not None else "dissolve"
    if DEBUG:
        print(
            f"  span {sec[a]}-{sec[b]} -> {sec[start]}-{sec[end]} {kind} s={strength:.3f} move={move_a:.3f},{move_b:.3f}"
        )
    conf = min(1.0, strength / (2 * GRADUAL_MIN))
    return Boundary(kind, sec[start], sec[end], round(conf, 3))


def _abrupt(frames: Sequence[Frame], start: int, end: int) -> bool:
    """The change from start to end happens in one step: before it the frames are close to
    the start, after it close to the end."""
    if end - start <= 2:
        return True
    k = max(range(start + 1, end + 1), key=lambda i: distance(frames[i - 1], frames[i]))
    total = distance(frames[start], frames[end])
    return (
        max(distance(frames[start], frames[k - 1]), distance(frames[k], frames[end]))
        < ABRUPT * total
    )


def _merge_fades(
    frames: Sequence[Frame], found: list[Boundary], sec: list[float]
) -> list[Boundary]:
    """A fade out, a hold on black (or white), a fade in: one fade."""
    out: list[Boundary] = []
    for b in found:
        if out and out[-1].kind == b.kind == "fade":
            prev = out[-1]
            between = [
                f
                for f, t in zip(frames, sec, strict=True)
                if prev.end_seconds <= t <= b.start_seconds
            ]
            lums = [luma(f) for f in between]
            if lums and (max(lums) <= BLACK_LUMA or min(lums) >= WHITE_LUMA):
                out[-1] = Boundary(
                    "fade", prev.start_seconds, b.end_seconds, max(prev.confidence, b.confidence)
                )
                continue
        out.append(b)
    return out
