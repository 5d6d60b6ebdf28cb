// The SQL both databases run. One table, the same columns and the same upsert statement;
// only the placeholder style and two column types differ:
// PostgreSQL's REAL and INTEGER are 4-byte (REAL would round 3600.123456 to 3600.1235), so
// duration_seconds is DOUBLE PRECISION and frame_count (up to 2^53) BIGINT there, which is
// what REAL and INTEGER already are in SQLite: both databases hold the same values.
import type { CatalogRow } from "./catalog";

export type Dialect = "sqlite" | "postgres";

export const TABLE = "media_records";

/** The columns the activity writes, in placeholder order. */
export const ROW_COLUMNS = [
  "record_id",
  "workflow_id",
  "video_url",
  "duration_seconds",
  "width",
  "height",
  "frame_count",
  "scene_count",
  "poster_uri",
  "storyboard_vtt_uri",
  "metadata_json",
] as const satisfies readonly (keyof CatalogRow)[];

export const ALL_COLUMNS = [...ROW_COLUMNS, "revision", "created_at", "updated_at"] as const;

export function createTableSql(dialect: Dialect): string {
  const real = dialect === "postgres" ? "DOUBLE PRECISION" : "REAL";
  const bigint = dialect === "postgres" ? "BIGINT" : "INTEGER";
  return `CREATE TABLE IF NOT EXISTS ${TABLE} (
  workflow_id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL,
  video_url TEXT NOT NULL,
  duration_seconds ${real} NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  frame_count ${bigint} NOT NULL,
  scene_count INTEGER NOT NULL,
  poster_uri TEXT NOT NULL,
  storyboard_vtt_uri TEXT,
  metadata_json TEXT NOT NULL,
  revision INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)`;
}

// workflow_id is the only unique key on purpose: record_id is derived from it, and PostgreSQL's
// ON CONFLICT absorbs a concurrent insert only on its arbiter index; a second unique index
// (record_id) made racing upserts fail with a duplicate-key error instead of updating.
// One statement, so there is never a half-written record and concurrent upserts of one
// workflow id serialise on the key. The row comes back either way; revision 1 means
// it was inserted. record_id and created_at are never changed by an update.
export function upsertSql(dialect: Dialect): string {
  const param = (n: number): string => (dialect === "postgres" ? `$${n}` : `?${n}`);
  const now = param(ROW_COLUMNS.length + 1);
  const values = ROW_COLUMNS.map((_, i) => param(i + 1)).join(", ");
  const updates = ROW_COLUMNS.filter((c) => c !== "record_id" && c !== "workflow_id")
    .map((c) => `${c} = excluded.${c}`)
    .join(", ");
  return (
    `INSERT INTO ${TABLE} (${ALL_COLUMNS.join(", ")}) VALUES (${values}, 1, ${now}, ${now}) ` +
    `ON CONFLICT (workflow_id) DO UPDATE SET ${updates}, ` +
    `revision = ${TABLE}.revision + 1, updated_at = excluded.updated_at ` +
    `RETURNING record_id, revision`
  );
}

export function upsertArgs(row: CatalogRow, now: string): (string | number | null)[] {
  return [...ROW_COLUMNS.map((c) => row[c]), now];
}

export function selectSql(dialect: Dialect): string {
  return `SELECT ${ALL_COLUMNS.join(", ")} FROM ${TABLE} WHERE workflow_id = ${dialect === "postgres" ? "$1" : "?1"}`;
}

export const COUNT_SQL = `SELECT COUNT(*) AS n FROM ${TABLE}`;
