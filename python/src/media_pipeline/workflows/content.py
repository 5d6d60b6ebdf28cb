"""Content analysis from workflow code: the audio branch (extract_audio in Go, then
analyze_audio in Python) that runs beside frame analysis, the details document, and the
video's ContentSummary. Timeouts, retries and cancellation are the activities' registry
policies (schemas/registry.json)."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from ..contracts.gen import models as m
    from ..contracts.gen import registry as r
    from .calls import call
    from .summary import Combined

# The workflow.patched id of content analysis: histories recorded before it replay without.
PATCH = "content-analysis"
# Silence: below -50 dBFS (well under speech and music, above real noise floors) for 0.5 s.
SILENCE_DB = -50.0
SILENCE_SECONDS = 0.5
FRAME_DETECTORS = {m.Detector.faces, m.Detector.text}
AUDIO_DETECTORS = {m.Detector.speech, m.Detector.loudness}


class AudioFacts:
    def __init__(self) -> None:
        self.loudness: m.Loudness | None = None
        self.silences: list[m.TimeRange] = []
        self.speech: m.AnalyzeAudioOutput | None = None


async def audio(
    video: m.MediaRef, probe: m.VideoProbe, detectors: frozenset[m.Detector], prefix: str
) -> AudioFacts:
    facts = AudioFacts()
    if not probe.has_audio or not detectors & AUDIO_DETECTORS:
        return facts
    speech = m.Detector.speech in detectors
    loud = m.Detector.loudness in detectors
    out = await call(
        r.EXTRACT_AUDIO,
        m.ExtractAudioInput(
            video=video,
            output_prefix=f"{prefix}/audio",
            pcm=speech,
            loudness=loud,
            silence_noise_db=SILENCE_DB,
            silence_min_seconds=SILENCE_SECONDS,
        ),
        m.ExtractAudioOutput,
    )
    if loud and isinstance(out.loudness, m.Loudness):
        facts.loudness, facts.silences = out.loudness, out.silences
    if speech and isinstance(out.audio, m.MediaRef):
        facts.speech = await call(
            r.ANALYZE_AUDIO,
            m.AnalyzeAudioInput(audio=out.audio),
            m.AnalyzeAudioOutput,
        )
    return facts


async def details(prefix: str) -> m.MediaRef:
    out = await call(
        r.MERGE_DETAILS,
        m.MergeDetailsInput(
            parts_prefix=f"{prefix}/details/parts", output=f"{prefix}/details.json"
        ),
        m.MergeDetailsOutput,
    )
    return out.details


def summary(
    detectors: frozenset[m.Detector],
    probe: m.VideoProbe,
    combined: Combined,
    facts: AudioFacts,
    details_ref: m.MediaRef | None,
) -> m.ContentSummary:
    order = [d for d in m.Detector if d in detectors]
    parts: dict[str, object] = {"detectors": order, "has_audio": probe.has_audio}
    if m.Detector.faces in detectors:
        parts["faces"] = m.FaceSummary(frames=combined.face_frames, max_count=combined.max_faces)
    if m.Detector.text in detectors:
        parts["text_index"] = combined.texts
    if facts.speech is not None:
        parts["speech"] = m.SpeechSummary(
            segments=facts.speech.speech, total_seconds=facts.speech.speech_seconds
        )
    if facts.loudness is not None:
        parts["loudness"] = facts.loudness
        parts["silences"] = facts.silences
    if details_ref is not None:
        parts["details"] = details_ref
    return m.ContentSummary.model_validate(parts)
