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

// One index per order of a page, in the order's own directions (a DESC, workflow_id ASC order
// cannot walk an ASC index without sorting), so that a page reads only index entries up to its
// offset and then its own rows: the records themselves are large (metadata_json), so skipping
// rows of the table would read every skipped document.
export const LISTING_INDEX_SQL = [
  `CREATE INDEX IF NOT EXISTS ${TABLE}_updated ON ${TABLE} (updated_at, workflow_id)`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_updated_desc ON ${TABLE} (updated_at DESC, workflow_id)`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_duration ON ${TABLE} (duration_seconds, workflow_id)`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_duration_desc ON ${TABLE} (duration_seconds DESC, workflow_id)`,
  `CREATE INDEX IF NOT EXISTS ${TABLE}_url ON ${TABLE} (video_url, workflow_id)`,
];

// Substring search through an index: SQLite's FTS5 trigram tables (sqlite.ts keeps them in step
// with the tables by triggers), PostgreSQL's pg_trgm GIN indexes (postgres.ts). A trigram
// index cannot answer a query shorter than three characters: those scan.
export const URL_FTS = "media_urls_fts";
export const TEXT_FTS = "media_texts_fts";
export const TRIGRAM_MIN_CHARS = 3;

/** How a search finds its records: none, the index, or a scan (short queries, PostgreSQL). */
export type SearchMode = "none" | "fts" | "scan";

export function searchMode(dialect: Dialect, search: string | undefined): SearchMode {
  if (search === undefined) return "none";
  return dialect === "sqlite" && [...search].length >= TRIGRAM_MIN_CHARS ? "fts" : "scan";
}

/** The search's parameters: the LIKE pattern, then (fts) the FTS5 phrase of the query. */
export function searchArgs(mode: SearchMode, search: string | undefined): string[] {
  if (mode === "none" || search === undefined) return [];
  const pattern = containsPattern(search);
  return mode === "fts" ? [pattern, `"${search.replace(/"/g, '""')}"`] : [pattern];
}

// A record matches when its URL contains the query or one of its on-screen strings does.
// (1) is the pattern; LIKE is case-insensitive for ASCII in SQLite, LOWER makes PostgreSQL agree
// (and is what its trigram indexes hold). With fts, (2) is the phrase: the trigram index finds
// candidates (it folds case beyond ASCII, so a superset) and the same LIKE keeps exactly the
// matches of a scan. Two selects in a UNION, so that each can use its own table's index.
function matchClause(dialect: Dialect, mode: SearchMode): string {
  if (mode === "none") return "";
  const param = placeholder(dialect);
  const like = (column: string) => `LOWER(${column}) LIKE LOWER(${param(1)}) ESCAPE '\\'`;
  const indexed = (fts: string) =>
    mode === "fts" ? `rowid IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${param(2)}) AND ` : "";
  return (
    `WHERE workflow_id IN (` +
    `SELECT workflow_id FROM ${TABLE} WHERE ${indexed(URL_FTS)}${like("video_url")} ` +
    `UNION SELECT workflow_id FROM ${TEXT_TABLE} WHERE ${indexed(TEXT_FTS)}${like("text")})`
  );
}

/**
 * A page of summaries: the search's parameters (searchArgs), then limit and offset. The page's
 * ids come first, from the order's index alone; then only those rows are read. A search's page
 * also carries its total (column `total`, counted over the matches before the limit), so the
 * match runs once; a listing counts with COUNT_SQL, cheaper than numbering the whole table.
 */
export function pageSql(dialect: Dialect, order: Order, mode: SearchMode): string {
  const param = placeholder(dialect);
  const first = 1 + searchArgs(mode, "x").length;
  const limit = `ORDER BY ${ORDERS[order]} LIMIT ${param(first)} OFFSET ${param(first + 1)}`;
  if (mode === "none") {
    return (
      `SELECT ${SUMMARY_COLUMNS.join(", ")}, ${previewSql(dialect)} FROM ${TABLE} WHERE workflow_id IN (` +
      `SELECT workflow_id FROM ${TABLE} ${limit}) ORDER BY ${ORDERS[order]}`
    );
  }
  return (
    `SELECT ${SUMMARY_COLUMNS.join(", ")}, ${previewSql(dialect)}, page.total AS total FROM ${TABLE} JOIN (` +
    `SELECT workflow_id AS page_id, COUNT(*) OVER () AS total FROM ${TABLE} ${matchClause(dialect, mode)} ${limit}` +
    `) page ON workflow_id = page.page_id ORDER BY ${ORDERS[order]}`
  );
}

export function pageCountSql(dialect: Dialect, mode: SearchMode): string {
  return `SELECT COUNT(*) AS n FROM ${TABLE} ${matchClause(dialect, mode)}`;
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
