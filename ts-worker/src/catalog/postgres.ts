// The catalog in PostgreSQL through pg (CATALOG_URL postgres://...): for several workers or
// a database that outlives the machine.
import { DatabaseError, Pool } from "pg";
import {
  type Catalog,
  CatalogUnavailableError,
  type CatalogRow,
  type Page,
  type PageQuery,
  type SimilarRow,
  type StoredRow,
  type TextHit,
  type TextSighting,
  type UpsertResult,
  withContext,
} from "./catalog";
import { missingColumns, toStoredRow, toSummaryRow, toTextHit } from "./rows";
import { POSTGRES_SEARCH_INDEX_SQL } from "./search-index";
import { findSimilar } from "./similar";
import { createBandsTableSql, deleteBandsSql, insertBandsStatements } from "./similar-sql";
import {
  containsPattern,
  COUNT_SQL,
  createTableSql,
  createTextTableSql,
  deleteTextsSql,
  insertTextsStatements,
  LISTING_INDEX_SQL,
  matchesSql,
  pageCountSql,
  pageSql,
  searchArgs,
  searchMode,
  searchTextSql,
  selectSql,
  TABLE,
  upsertArgs,
  upsertSql,
} from "./sql";

export interface PostgresOptions {
  /** Connections in the pool; the worker passes its activity concurrency. */
  maxConnections?: number;
  /** Give up connecting after this long, so an unreachable server fails the attempt. */
  connectTimeoutMs?: number;
}

// Socket-level failures (pg surfaces Node's error codes) and SQLSTATEs that mean the server
// is unreachable, restarting or full, rather than that the statement is wrong.
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);
const UNAVAILABLE_SQLSTATES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "53400",
]);
// pg reports a dropped connection or a pool timeout with a plain Error and no code.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not queryable/i;

export function isPostgresUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseError) {
    return (
      err.code !== undefined &&
      (err.code.startsWith("08") || UNAVAILABLE_SQLSTATES.has(err.code))
    );
  }
  if (err instanceof AggregateError)
    return err.errors.some(isPostgresUnavailable);
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && NETWORK_CODES.has(code)) ||
    UNAVAILABLE_MESSAGES.test(err.message)
  );
}

// Serialises CREATE TABLE between workers starting together: PostgreSQL's IF NOT EXISTS
// is not safe against a concurrent create (duplicate pg_type row).
const MIGRATION_LOCK = 0x6d65_6469;

export class PostgresCatalog implements Catalog {
  readonly description: string;
  private readonly pool: Pool;

  constructor(url: string, options: PostgresOptions = {}) {
    this.description = `postgres ${redact(url)}`;
    this.pool = new Pool({
      connectionString: url,
      max: options.maxConnections ?? 8,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    });
    // An idle connection that the server drops emits "error" on the pool; without a listener
    // that would crash the worker. The next query opens a fresh connection (or fails, typed).
    this.pool.on("error", () => undefined);
  }

  async migrate(): Promise<void> {
    await this.run("migration", async () => {
      const client = await this.pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock($1)", [
          MIGRATION_LOCK,
        ]);
        await client.query(createTableSql("postgres"));
        for (const sql of [...createTextTableSql("postgres"), ...LISTING_INDEX_SQL, ...POSTGRES_SEARCH_INDEX_SQL, ...createBandsTableSql()])
          await client.query(sql);
        const info = await client.query<{ column_name: string }>(
          "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
          [TABLE],
        );
        await client.query("COMMIT");
        const missing = missingColumns(info.rows.map((r) => r.column_name));
        if (missing.length > 0)
          throw new Error(
            `catalog table ${TABLE} lacks columns: ${missing.join(", ")}`,
          );
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    });
  }

  async upsert(
    row: CatalogRow,
    now: string,
    texts: readonly TextSighting[] = [],
    phash?: string,
  ): Promise<UpsertResult> {
    // One transaction: the record and its text index change together or not at all. The
    // upsert locks the record's row first, so concurrent upserts of one workflow id replace
    // its texts one after the other.
    const result = await this.run(`upsert of ${row.workflow_id}`, async () => {
      const client = await this.pool.connect();
      try {
        await client.query("BEGIN");
        const upserted = await client.query<{
          record_id: string;
          revision: number;
        }>(upsertSql("postgres"), upsertArgs(row, now));
        await client.query(deleteTextsSql("postgres"), [row.workflow_id]);
        for (const { sql, args } of insertTextsStatements(
          "postgres",
          row.record_id,
          row.workflow_id,
          texts,
        )) {
          await client.query(sql, args);
        }
        await client.query(deleteBandsSql("postgres"), [row.workflow_id]);
        for (const { sql, args } of insertBandsStatements("postgres", row.workflow_id, phash)) await client.query(sql, args);
        await client.query("COMMIT");
        return upserted;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    });
    const stored = result.rows[0];
    if (stored === undefined)
      throw new Error(`catalog upsert of ${row.workflow_id} returned no row`);
    return {
      recordId: stored.record_id,
      revision: stored.revision,
      created: stored.revision === 1,
    };
  }

  async get(workflowId: string): Promise<StoredRow | undefined> {
    const result = await this.run(`read of ${workflowId}`, () =>
      this.pool.query<Record<string, unknown>>(selectSql("postgres"), [
        workflowId,
      ]),
    );
    const row = result.rows[0];
    return row === undefined ? undefined : toStoredRow(row);
  }

  async page({ order, offset, limit, search }: PageQuery): Promise<Page> {
    const mode = searchMode("postgres", search);
    const args = searchArgs(mode, search);
    return this.run("page", async () => {
      const client = await this.pool.connect();
      try {
        // One snapshot: the page, its total and its matches agree with each other.
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        const rows = await client.query<Record<string, unknown>>(
          pageSql("postgres", order, mode),
          [...args, limit, offset],
        );
        // A search's page carries its total; only a page past its end counts again.
        const carried: unknown = rows.rows[0]?.total;
        const total =
          mode !== "none" && carried !== undefined
            ? Number(carried)
            : mode !== "none" && offset === 0
              ? 0
              : Number((await client.query<{ n: string }>(pageCountSql("postgres", mode), args)).rows[0]?.n ?? 0);
        const summaries = rows.rows.map(toSummaryRow);
        const matches =
          search === undefined || summaries.length === 0
            ? []
            : (
                await client.query<Record<string, unknown>>(matchesSql("postgres", summaries.length), [
                  ...args,
                  ...summaries.map((r) => r.workflow_id),
                ])
              ).rows.map(toTextHit);
        await client.query("COMMIT");
        return { rows: summaries, total, matches };
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    });
  }

  async searchText(query: string, limit = 1000): Promise<TextHit[]> {
    const result = await this.run(
      `text search of ${JSON.stringify(query)}`,
      () =>
        this.pool.query<Record<string, unknown>>(searchTextSql("postgres"), [
          containsPattern(query),
          limit,
        ]),
    );
    return result.rows.map(toTextHit);
  }

  async count(): Promise<number> {
    const result = await this.run("count", () =>
      this.pool.query<{ n: string }>(COUNT_SQL),
    );
    return Number(result.rows[0]?.n);
  }

  similar(workflowId: string, maxDistance: number, limit: number): Promise<SimilarRow[] | undefined> {
    return this.run(`similar of ${workflowId}`, () =>
      findSimilar(
        async (sql, args) => (await this.pool.query<Record<string, unknown>>(sql, args)).rows,
        "postgres",
        workflowId,
        maxDistance,
        limit,
      ),
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async run<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      if (isPostgresUnavailable(err))
        throw new CatalogUnavailableError(this.description, err);
      throw withContext(`catalog ${what} failed (${this.description})`, err);
    }
  }
}

/** The URL without its password, for logs and error messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
