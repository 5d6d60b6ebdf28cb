"""Progress display (a live bar on a terminal, plain lines when output is a pipe or CI) and the\ncatalog listing's lines."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from ..contracts.gen.models import Progress


class ProgressView:
    def __init__(self, out: TextIO = sys.stderr) -> None:
        self.out = out
        self.live = out.isatty()
        self.last_stage: str | None = None

    def show(self, p: Progress) -> None:
        counts = f"frames {p.frames_extracted}, analysed {p.frames_analyzed}"
        if p.batches_total:
            counts += f", batches {p.batches_done}/{p.batches_total}"
        if self.live:
            filled = int(p.percent / 5)
            bar = "#" * filled + "-" * (20 - filled)
            line = f"\r[{bar}] {p.percent:5.1f}% {p.stage.value:<11} {counts} ({p.elapsed_seconds:.1f}s)"
            self.out.write(line + "\x1b[K")
            self.out.flush()
        elif p.stage.value != self.last_stage:
            self.out.write(
                f"{p.elapsed_seconds:7.1f}s {p.stage.value:<11} {p.percent:5.1f}% {counts}\n"
            )
            self.out.flush()
        self.last_stage = p.stage.value

    def close(self) -> None:
        if self.live and self.last_stage is not None:
            self.out.write("\n")
            self.out.flush()


def catalog_lines(page: dict[str, Any]) -> str:
    """One line per video, then where this page sits in the whole listing (as the TS client)."""
    rows = []
    for e in page["items"]:
        size = f"{e['width']}x{e['height']}"
        when = date(e["processed_at"])
        rows.append(
            f"{e['workflow_id']}  {duration(e['duration_seconds']):>9}  {size:<9}  {when}  {e['title']}\n"
        )
    last = page["offset"] + len(page["items"])
    first = 0 if page["total"] == 0 else page["offset"] + 1
    return f"{''.join(rows)}{first}-{last} of {page['total']}\n"


def duration(seconds: float) -> str:
    """75.5 → "1:15.5"; 3725 → "1:02:05.0"."""
    h, m = int(seconds // 3600), int(seconds % 3600 // 60)
    s = f"{seconds % 60:.1f}".rjust(4, "0")
    return f"{h}:{m:02d}:{s}" if h > 0 else f"{m}:{s}"


def date(iso: str) -> str:
    """An ISO timestamp as "2026-12-01 10:05 UTC"; anything unparseable as it is."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%d %H:%M UTC")
