// The video page's timeline: one track per kind of span (scenes, shot transitions, black,
// on-screen text, speech, silence), positioned in percent of the duration so the SVG needs no
// inline style (the CSP forbids it) and no script.
import type { MediaMetadata } from "../contracts/gen/types";

export interface Span {
  /** Left edge and width in percent of the duration. */
  x: number;
  w: number;
  label: string;
}

export interface Track {
  name: string;
  kind: string;
  spans: Span[];
}

// A cut is an instant: drawn this wide (percent) so it can be seen and hovered.
const INSTANT = 0.4;

export function timeline(md: MediaMetadata): Track[] {
  const duration = md.probe.duration_seconds;
  const span = (start: number, end: number, label: string): Span => {
    const x = duration > 0 ? clamp((start / duration) * 100) : 0;
    const w = duration > 0 ? Math.max(clamp((end / duration) * 100) - x, INSTANT) : 0;
    return { x: round(x), w: round(Math.min(w, 100 - x)), label };
  };
  const range = (start: number, end: number) => `${start.toFixed(2)}-${end.toFixed(2)} s`;
  const tracks: Track[] = [];
  const scenes = Array.isArray(md.scenes.scenes) ? md.scenes.scenes : [];
  tracks.push({
    name: `scenes (${md.scenes.count})`,
    kind: "scenes",
    spans: scenes.map((s) => span(s.start_seconds, s.end_seconds, `scene ${s.index + 1}: ${range(s.start_seconds, s.end_seconds)}`)),
  });
  const boundaries = Array.isArray(md.scenes.boundaries) ? md.scenes.boundaries : [];
  tracks.push({
    name: "shot boundaries",
    kind: "boundaries",
    spans:
      boundaries.length > 0
        ? boundaries.map((b) => span(b.start_seconds, b.end_seconds, `${b.kind} at ${b.time_seconds.toFixed(2)} s`))
        : md.scenes.cuts.map((t) => span(t, t, `cut at ${t.toFixed(2)} s`)),
  });
  tracks.push({
    name: "black",
    kind: "black",
    spans: md.black_segments.map((b) => span(b.start_seconds, b.end_seconds, `black ${range(b.start_seconds, b.end_seconds)}`)),
  });
  const content = md.content;
  if (content?.text_index !== undefined) {
    tracks.push({
      name: "on-screen text",
      kind: "text",
      spans: content.text_index.map((t) => span(t.first_seconds, t.last_seconds, `“${t.text}” ${range(t.first_seconds, t.last_seconds)}`)),
    });
  }
  if (content?.speech !== undefined) {
    tracks.push({
      name: "speech",
      kind: "speech",
      spans: content.speech.segments.map((s) => span(s.start_seconds, s.end_seconds, `speech ${range(s.start_seconds, s.end_seconds)}`)),
    });
  }
  if (content?.silences !== undefined) {
    tracks.push({
      name: "silence",
      kind: "silence",
      spans: content.silences.map((s) => span(s.start_seconds, s.end_seconds, `silence ${range(s.start_seconds, s.end_seconds)}`)),
    });
  }
  return tracks;
}

function clamp(n: number): number {
  return Math.min(Math.max(n, 0), 100);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
