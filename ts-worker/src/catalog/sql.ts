// The SQL both databases run. One table, the same columns and the same upsert statement;
// only the placeholder style and two column types differ:
// PostgreSQL's REAL and INTEGER are 4-byte (REAL would round 3600.123456 to 3600.1235), so
// duration_seconds is DOUBLE PRECISION and frame_count (up to 2^53) BIGINT there, which is
// what REAL and INTEGER already are in SQLite: both databases hold the same values.
import type { CatalogPage } from "../contracts/gen/types";
import type { CatalogRow, TextSighting } from "./catalog";

export type Dialect = "sqlite" | "postgres";

export const TABLE = "media_records";
export const TEXT_TABLE = "media_texts";

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

export const ALL_COLUMNS = [
  ...ROW_COLUMNS,
  "revision",
  "created_at",
  "updated_at",
] as const;

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
  const param = (n: number): string =>
    dialect === "postgres" ? `$${n}` : `?${n}`;
  const now = param(ROW_COLUMNS.length + 1);
  const values = ROW_COLUMNS.map((_, i) => param(i + 1)).join(", ");
  const updates = ROW_COLUMNS.filter(
    (c) => c !== "record_id" && c !== "workflow_id",
  )
    .map((c) => `${c} = excluded.${c}`)
    .join(", ");
  return (
    `INSERT INTO ${TABLE} (${ALL_COLUMNS.join(", ")}) VALUES (${values}, 1, ${now}, ${now}) ` +
    `ON CONFLICT (workflow_id) DO UPDATE SET ${updates}, ` +
    `revision = ${TABLE}.revision + 1, updated_at = excluded.updated_at ` +
    `RETURNING record_id, revision`
  );
}

export function upsertArgs(
  row: CatalogRow,
  now: string,
): (string | number | null)[] {
  return [...ROW_COLUMNS.map((c) => row[c]), now];
}

// The preview's URI is read from the stored document, not from a column of its own: a record
// is a JSON document, so an optional field of MediaMetadata needs no migration. Only the rows
// of one page are parsed (at most 100).
export function previewSql(dialect: Dialect): string {
  return dialect === "postgres"
    ? "(metadata_json::jsonb #>> '{preview,uri}') AS preview_uri"
    : "json_extract(metadata_json, '$.preview.uri') AS preview_uri";
}

export function selectSql(dialect: Dialect): string {
  return `SELECT ${ALL_COLUMNS.join(", ")}, ${previewSql(dialect)} FROM ${TABLE} WHERE workflow_id = ${dialect === "postgres" ? "$1" : "?1"}`;
}

export const COUNT_SQL = `SELECT COUNT(*) AS n FROM ${TABLE}`;

// The text index: one row per distinct string of a video (the ContentSummary's text_index).
// The primary key serves the delete-then-insert of one workflow id; the expression index
// serves exact and prefix look-ups of a string whatever its case (a substring search scans).
export const TEXT_COLUMNS = [
  "record_id",
  "workflow_id",
  "text",
  "first_seconds",
  "last_seconds",
] as const;

export function createTextTableSql(dialect: Dialect): string[] {
  const real = dialect === "postgres" ? "DOUBLE PRECISION" : "REAL";
  return [
    `CREATE TABLE IF NOT EXISTS ${TEXT_TABLE} (
  record_id TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  text TEXT NOT NULL,
  first_seconds ${real} NOT NULL,
  last_seconds ${real} NOT NULL,
  PRIMARY KEY (workflow_id, text)
)`,
    `CREATE INDEX IF NOT EXISTS ${TEXT_TABLE}_lower_text ON ${TEXT_TABLE} (LOWER(text))`,
  ];
}

function placeholder(dialect: Dialect): (n: number) => string {
  return (n) => (dialect === "postgres" ? `$${n}` : `?${n}`);
}

export function deleteTextsSql(dialect: Dialect): string {
  return `DELETE FROM ${TEXT_TABLE} WHERE workflow_id = ${placeholder(dialect)(1)}`;
}

/** Rows per INSERT: 5 parameters each, well under SQLite's 32766 and PostgreSQL's 65535. */
export const TEXT_ROWS_PER_INSERT = 500;

/** Statements (SQL and arguments) that insert `texts` of one record, in chunks. */
export function insertTextsStatements(
  dialect: Dialect,
  recordId: string,
  workflowId: string,
  texts: readonly TextSighting[],
): { sql: string; args: (string | number)[] }[] {
  const param = placeholder(dialect);
  const out = [];
  for (let at = 0; at < texts.length; at += TEXT_ROWS_PER_INSERT) {
    const chunk = texts.slice(at, at + TEXT_ROWS_PER_INSERT);
    const values = chunk
      .map(
        (_, i) =>
          `(${TEXT_COLUMNS.map((__, j) => param(i * TEXT_COLUMNS.length + j + 1)).join(", ")})`,
      )
      .join(", ");
    out.push({
      sql: `INSERT INTO ${TEXT_TABLE} (${TEXT_COLUMNS.join(", ")}) VALUES ${values}`,
      args: chunk.flatMap((t) => [
        recordId,
        workflowId,
        t.text,
        t.first_seconds,
        t.last_seconds,
      ]),
    });
  }
  return out;
}

/** LIKE pattern of "contains `query`", with LIKE's wildcards and the escape escaped. */
export function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function searchTextSql(dialect: Dialect): string {
  const param = placeholder(dialect);
  return (
    `SELECT ${TEXT_COLUMNS.join(", ")} FROM ${TEXT_TABLE} ` +
    `WHERE LOWER(text) LIKE LOWER(${param(1)}) ESCAPE '\\' ` +
    `ORDER BY workflow_id, first_seconds, text LIMIT ${param(2)}`
  );
}

// Listing and search (the web catalog). The summary columns only: metadata_json can be large.
export const SUMMARY_COLUMNS = ALL_COLUMNS.filter((c) => c !== "metadata_json");

/** Orders of a page, each ending on workflow_id so that pages never overlap. */
export const ORDERS = {
  newest: "updated_at DESC, workflow_id",
  oldest: "updated_at ASC, workflow_id",
  longest: "duration_seconds DESC, workflow_id",
  shortest: "duration_seconds ASC, workflow_id",
  url: "video_url ASC, workflow_id",
} as const satisfies Record<CatalogPage["sort"], string>;
export type Order = keyof typeof ORDERS;

// One index per order of a page, so that the first pages of a large catalog read only their
// rows instead of sorting the table.
export const LISTING_INDEX_SQL = [
  `CREATE INDEX IF NOT EXISTS ${TABLE}_updated ON ${TABLE} (updated_at, workflow_id)`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_duration ON ${TABLE} (duration_seconds, workflow_id)`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_url ON ${TABLE} (video_url, workflow_id)`,
];

// A record matches when its URL contains the query or one of its on-screen strings does.
// (1) is the pattern; LIKE is case-insensitive for ASCII in SQLite, LOWER makes PostgreSQL agree.
function matchClause(dialect: Dialect): string {
  const p = placeholder(dialect)(1);
  return (
    `WHERE LOWER(video_url) LIKE LOWER(${p}) ESCAPE '\\' OR workflow_id IN ` +
    `(SELECT workflow_id FROM ${TEXT_TABLE} WHERE LOWER(text) LIKE LOWER(${p}) ESCAPE '\\')`
  );
}

/** A page of summaries; with `search`, (1) is the pattern, then limit and offset. */
export function pageSql(dialect: Dialect, order: Order, search: boolean): string {
  const param = placeholder(dialect);
  const first = search ? 2 : 1;
  return (
    `SELECT ${SUMMARY_COLUMNS.join(", ")}, ${previewSql(dialect)} FROM ${TABLE} ${search ? matchClause(dialect) : ""} ` +
    `ORDER BY ${ORDERS[order]} LIMIT ${param(first)} OFFSET ${param(first + 1)}`
  );
}

export function pageCountSql(dialect: Dialect, search: boolean): string {
  return `SELECT COUNT(*) AS n FROM ${TABLE} ${search ? matchClause(dialect) : ""}`;
}

/** The matching strings of some records: (1) the pattern, then one placeholder per workflow id. */
export function matchesSql(dialect: Dialect, workflowIds: number): string {
  const param = placeholder(dialect);
  const ids = Array.from({ length: workflowIds }, (_, i) => param(i + 2)).join(", ");
  return (
    `SELECT ${TEXT_COLUMNS.join(", ")} FROM ${TEXT_TABLE} ` +
    `WHERE workflow_id IN (${ids}) AND LOWER(text) LIKE LOWER(${param(1)}) ESCAPE '\\' ` +
    `ORDER BY workflow_id, first_seconds, text`
  );
}
