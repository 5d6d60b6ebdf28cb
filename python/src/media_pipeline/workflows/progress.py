"""What the `progress` query reports, and the per-stage timings of the result."""

from __future__ import annotations

from datetime import datetime

from ..contracts.gen.models import Progress, Stage, StageTimings

# Share of the whole run each stage stands for, for the percentage shown to users.
WEIGHTS: dict[Stage, float] = {
    Stage.downloading: 10,
    Stage.probing: 5,
    Stage.extracting: 30,
    Stage.analyzing: 30,
    Stage.rendering: 15,
    Stage.storing: 5,
    Stage.cleaning: 5,
}
TIMING_KEYS: dict[Stage, str] = {
    Stage.downloading: "download",
    Stage.probing: "probe",
    Stage.extracting: "extract",
    Stage.analyzing: "analyze",
    Stage.rendering: "render",
    Stage.storing: "store",
    Stage.cleaning: "cleanup",
}


class Tracker:
    def __init__(self, workflow_id: str, now: datetime) -> None:
        self.workflow_id = workflow_id
        self.started = self.entered = now
        self.stage = Stage.starting
        self.done: list[Stage] = []
        self.seconds: dict[str, float] = {}
        self.frames_extracted = self.frames_analyzed = 0
        self.batches_total = self.batches_done = 0
        self._now = now

    def enter(self, stage: Stage, now: datetime) -> None:
        if self.stage in TIMING_KEYS:
            self.seconds[TIMING_KEYS[self.stage]] = (now - self.entered).total_seconds()
        if self.stage != Stage.starting:
            self.done.append(self.stage)
        self.stage, self.entered, self._now = stage, now, now

    def fail(self) -> None:
        self.stage = Stage.failed

    def batch_done(self, frames: int) -> None:
        self.batches_done += 1
        self.frames_analyzed += frames

    def percent(self) -> float:
        if self.stage == Stage.completed:
            return 100.0
        total = sum(WEIGHTS.values())
        done = sum(WEIGHTS.get(s, 0) for s in self.done)
        if self.stage == Stage.analyzing and self.batches_total:
            done += WEIGHTS[Stage.analyzing] * self.batches_done / self.batches_total
        return round(100.0 * done / total, 1)

    def snapshot(self, now: datetime) -> Progress:
        return Progress(
            workflow_id=self.workflow_id,
            stage=self.stage,
            stages_done=list(self.done),
            frames_extracted=self.frames_extracted,
            frames_analyzed=self.frames_analyzed,
            batches_total=self.batches_total,
            batches_done=self.batches_done,
            percent=self.percent(),
            elapsed_seconds=max(0.0, (now - self.started).total_seconds()),
        )

    def timings(self) -> StageTimings:
        return StageTimings(
            **{key: self.seconds.get(key, 0.0) for key in TIMING_KEYS.values()},
            total=(self._now - self.started).total_seconds(),
        )
