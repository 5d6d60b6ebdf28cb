// The perceptual-hash bands of the catalog (phash.ts): one row per band of a record's poster
// hash, replaced with the record by every upsert. The primary key serves the look-up of a band's
// value; the workflow index serves the replacement.
import { BANDS, bands } from "./phash";
import { type Dialect, SUMMARY_COLUMNS, TABLE } from "./sql";

export const BANDS_TABLE = "media_phash_bands";

export function createBandsTableSql(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${BANDS_TABLE} (
  band INTEGER NOT NULL,
  value INTEGER NOT NULL,
  workflow_id TEXT NOT NULL,
  phash TEXT NOT NULL,
  PRIMARY KEY (band, value, workflow_id)
)`,
    `CREATE INDEX IF NOT EXISTS ${BANDS_TABLE}_workflow ON ${BANDS_TABLE} (workflow_id)`,
  ];
}

function param(dialect: Dialect, n: number): string {
  return dialect === "postgres" ? `$${n}` : `?${n}`;
}

export function deleteBandsSql(dialect: Dialect): string {
  return `DELETE FROM ${BANDS_TABLE} WHERE workflow_id = ${param(dialect, 1)}`;
}

/** The insert of a record's bands; none without a hash. */
export function insertBandsStatements(
  dialect: Dialect,
  workflowId: string,
  phash: string | undefined,
): { sql: string; args: (string | number)[] }[] {
  if (phash === undefined) return [];
  const values = Array.from({ length: BANDS }, (_, i) => `(${[1, 2, 3, 4].map((j) => param(dialect, i * 4 + j)).join(", ")})`);
  return [
    {
      sql: `INSERT INTO ${BANDS_TABLE} (band, value, workflow_id, phash) VALUES ${values.join(", ")}`,
      args: bands(phash).flatMap((value, band) => [band, value, workflowId, phash]),
    },
  ];
}

/** The hash of one record: (1) its workflow id. */
export function phashOfSql(dialect: Dialect): string {
  return `SELECT phash FROM ${BANDS_TABLE} WHERE workflow_id = ${param(dialect, 1)} AND band = 0`;
}

/** Records sharing a band with a hash: (1) the record itself (left out), then band, value pairs. */
export function candidatesSql(dialect: Dialect): string {
  const terms = Array.from({ length: BANDS }, (_, i) => `(band = ${param(dialect, 2 * i + 2)} AND value = ${param(dialect, 2 * i + 3)})`);
  return `SELECT DISTINCT workflow_id, phash FROM ${BANDS_TABLE} WHERE (${terms.join(" OR ")}) AND workflow_id <> ${param(dialect, 1)}`;
}

export function candidatesArgs(workflowId: string, phash: string): (string | number)[] {
  return [workflowId, ...bands(phash).flatMap((value, band) => [band, value])];
}

/** Summaries of some records, one placeholder per workflow id. */
export function summariesSql(dialect: Dialect, count: number): string {
  const ids = Array.from({ length: count }, (_, i) => param(dialect, i + 1)).join(", ");
  return `SELECT ${SUMMARY_COLUMNS.join(", ")} FROM ${TABLE} WHERE workflow_id IN (${ids})`;
}
