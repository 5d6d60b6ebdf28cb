// The substring-search indexes of the catalog (URLs and on-screen strings), created by the
// worker's migration. The writes stay the plain statements of sql.ts: SQLite keeps its FTS5
// tables in step through triggers, PostgreSQL its GIN indexes by itself. Readers that do not
// know them (the Python client's scan) still get the same answers, only slower.
import { TABLE, TEXT_FTS, TEXT_TABLE, URL_FTS } from "./sql";

interface Indexed {
  fts: string;
  table: string;
  column: string;
}

const INDEXED: Indexed[] = [
  { fts: URL_FTS, table: TABLE, column: "video_url" },
  { fts: TEXT_FTS, table: TEXT_TABLE, column: "text" },
];

/**
 * SQLite: an external-content FTS5 table per searched column (the trigram tokenizer indexes
 * every substring of three characters), its triggers, and a rebuild from the rows already
 * there: run in one write transaction, only when the FTS table does not exist yet.
 */
export function sqliteSearchIndexSql(existing: ReadonlySet<string>): string[] {
  return INDEXED.filter((i) => !existing.has(i.fts)).flatMap(({ fts, table, column }) => [
    `CREATE VIRTUAL TABLE ${fts} USING fts5(${column}, content='${table}', content_rowid='rowid', tokenize='trigram case_sensitive 0')`,
    `CREATE TRIGGER ${fts}_insert AFTER INSERT ON ${table} BEGIN ` +
      `INSERT INTO ${fts}(rowid, ${column}) VALUES (new.rowid, new.${column}); END`,
    `CREATE TRIGGER ${fts}_delete AFTER DELETE ON ${table} BEGIN ` +
      `INSERT INTO ${fts}(${fts}, rowid, ${column}) VALUES ('delete', old.rowid, old.${column}); END`,
    `CREATE TRIGGER ${fts}_update AFTER UPDATE OF ${column} ON ${table} BEGIN ` +
      `INSERT INTO ${fts}(${fts}, rowid, ${column}) VALUES ('delete', old.rowid, old.${column}); ` +
      `INSERT INTO ${fts}(rowid, ${column}) VALUES (new.rowid, new.${column}); END`,
    `INSERT INTO ${fts}(${fts}) VALUES ('rebuild')`,
  ]);
}

/** The names sqliteSearchIndexSql checks for. */
export const SQLITE_SEARCH_TABLES = INDEXED.map((i) => i.fts);

/**
 * PostgreSQL: pg_trgm GIN indexes on the lowered columns, which serve the
 * `LOWER(column) LIKE LOWER(pattern)` of the scan as it is. pg_trgm is a trusted extension
 * (PostgreSQL 13+): a database owner may create it.
 */
export const POSTGRES_SEARCH_INDEX_SQL = [
  "CREATE EXTENSION IF NOT EXISTS pg_trgm",
  ...INDEXED.map(
    ({ table, column }) =>
      `CREATE INDEX IF NOT EXISTS ${table}_${column}_trgm ON ${table} USING GIN (LOWER(${column}) gin_trgm_ops)`,
  ),
];
