"""Progress display: a live bar on a terminal, plain lines when output is a pipe or CI."""

from __future__ import annotations

import sys
from typing import TextIO

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
