// Reads database rows back into typed values. Drivers hand back loosely typed cells
// (pg gives BIGINT as a string, libsql numbers or bigints), so every cell is checked here.
import type { StoredRow, SummaryRow, TextHit } from "./catalog";
import { ALL_COLUMNS, SUMMARY_COLUMNS, TEXT_COLUMNS } from "./sql";

function readers(cells: Record<string, unknown>) {
  const text = (c: string): string => {
    const v = cells[c];
    if (typeof v !== "string")
      throw new Error(`catalog column ${c}: expected text, got ${typeof v}`);
    return v;
  };
  const num = (c: string): number => {
    const v = cells[c];
    const n = typeof v === "string" || typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isFinite(n))
      throw new Error(`catalog column ${c}: expected a number`);
    return n;
  };
  return { text, num };
}

export function toTextHit(cells: Record<string, unknown>): TextHit {
  const { text, num } = readers(cells);
  for (const c of TEXT_COLUMNS) {
    if (!(c in cells)) throw new Error(`catalog text row lacks column ${c}`);
  }
  return {
    record_id: text("record_id"),
    workflow_id: text("workflow_id"),
    text: text("text"),
    first_seconds: num("first_seconds"),
    last_seconds: num("last_seconds"),
  };
}

export function toStoredRow(cells: Record<string, unknown>): StoredRow {
  return { ...toSummaryRow(cells), metadata_json: readers(cells).text("metadata_json") };
}

/** A row without its metadata document, as listings read it. */
export function toSummaryRow(cells: Record<string, unknown>): SummaryRow {
  const { text, num } = readers(cells);
  for (const c of SUMMARY_COLUMNS) {
    if (!(c in cells)) throw new Error(`catalog row lacks column ${c}`);
  }
  return {
    record_id: text("record_id"),
    workflow_id: text("workflow_id"),
    video_url: text("video_url"),
    duration_seconds: num("duration_seconds"),
    width: num("width"),
    height: num("height"),
    frame_count: num("frame_count"),
    scene_count: num("scene_count"),
    poster_uri: text("poster_uri"),
    storyboard_vtt_uri:
      cells.storyboard_vtt_uri === null ? null : text("storyboard_vtt_uri"),
    preview_uri: cells.preview_uri == null ? null : text("preview_uri"),
    revision: num("revision"),
    created_at: text("created_at"),
    updated_at: text("updated_at"),
  };
}

export function missingColumns(present: readonly string[]): string[] {
  return ALL_COLUMNS.filter((c) => !present.includes(c));
}
