// The catalog in a SQLite file through @libsql/client (the default: no server to run).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Client, createClient, LibsqlError } from "@libsql/client/sqlite3";
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
import { SQLITE_SEARCH_TABLES, sqliteSearchIndexSql } from "./search-index";
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

export interface SqliteOptions {
  /**
   * How long a write waits for another connection's lock before SQLITE_BUSY. libsql waits
   * synchronously (the event loop stalls meanwhile), so keep it to seconds.
   */
  busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

// Codes that mean "the database cannot be used right now" rather than "this write is wrong".
const UNAVAILABLE = [
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_CANTOPEN",
  "CLIENT_CLOSED",
];

export function isSqliteUnavailable(err: unknown): boolean {
  if (err instanceof LibsqlError)
    return UNAVAILABLE.some((code) => err.code.startsWith(code));
  // libsql's native open failure is a plain Error with no code, only this message
  // (`ConnectionFailed("Unable to open connection to local database <path>: 14")`).
  return err instanceof Error && err.message.startsWith("ConnectionFailed(");
}

export class SqliteCatalog implements Catalog {
  readonly description: string;

  private constructor(
    private readonly client: Client,
    path: string,
  ) {
    this.description = `sqlite ${path}`;
  }

  /** Opens (creating the file and its folder if needed) without touching the schema. */
  static open(path: string, options: SqliteOptions = {}): SqliteCatalog {
    const description = `sqlite ${path}`;
    try {
      mkdirSync(dirname(path), { recursive: true });
      const client = createClient({
        url: `file:${path}`,
        timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
        intMode: "number",
      });
      return new SqliteCatalog(client, path);
    } catch (err) {
      throw isSqliteUnavailable(err)
        ? new CatalogUnavailableError(description, err)
        : err;
    }
  }

  async migrate(): Promise<void> {
    await this.run("migration", async () => {
      // WAL lets readers run beside the writer; the mode is stored in the file, so once is enough.
      await this.client.execute("PRAGMA journal_mode = WAL");
      await this.client.execute(createTableSql("sqlite"));
      for (const sql of [...createTextTableSql("sqlite"), ...LISTING_INDEX_SQL, ...createBandsTableSql()])
        await this.client.execute(sql);
      // An existing catalog gains its search index here, built from the rows it holds.
      const names = await this.client.execute({
        sql: `SELECT name FROM sqlite_master WHERE name IN (${SQLITE_SEARCH_TABLES.map(() => "?").join(", ")})`,
        args: SQLITE_SEARCH_TABLES,
      });
      const index = sqliteSearchIndexSql(new Set(names.rows.map((r) => r.name).filter((n) => typeof n === "string")));
      if (index.length > 0) await this.client.batch(index, "write");
      const info = await this.client.execute(
        `SELECT name FROM pragma_table_info('${TABLE}')`,
      );
      const missing = missingColumns(
        info.rows.map((r) => r.name).filter((n) => typeof n === "string"),
      );
      if (missing.length > 0)
        throw new Error(
          `catalog table ${TABLE} lacks columns: ${missing.join(", ")}`,
        );
    });
  }

  async upsert(
    row: CatalogRow,
    now: string,
    texts: readonly TextSighting[] = [],
    phash?: string,
  ): Promise<UpsertResult> {
    // One write transaction: the record and its text index change together or not at all.
    const [result] = await this.run(`upsert of ${row.workflow_id}`, () =>
      this.client.batch(
        [
          { sql: upsertSql("sqlite"), args: upsertArgs(row, now) },
          { sql: deleteTextsSql("sqlite"), args: [row.workflow_id] },
          ...insertTextsStatements(
            "sqlite",
            row.record_id,
            row.workflow_id,
            texts,
          ),
          { sql: deleteBandsSql("sqlite"), args: [row.workflow_id] },
          ...insertBandsStatements("sqlite", row.workflow_id, phash),
        ],
        "write",
      ),
    );
    const stored = result?.rows[0];
    if (stored === undefined)
      throw new Error(`catalog upsert of ${row.workflow_id} returned no row`);
    const { record_id, revision } = stored;
    if (typeof record_id !== "string" || typeof revision !== "number") {
      throw new Error(
        `catalog upsert of ${row.workflow_id} returned an unexpected row`,
      );
    }
    return { recordId: record_id, revision, created: revision === 1 };
  }

  async get(workflowId: string): Promise<StoredRow | undefined> {
    const result = await this.run(`read of ${workflowId}`, () =>
      this.client.execute({ sql: selectSql("sqlite"), args: [workflowId] }),
    );
    const row = result.rows[0];
    return row === undefined ? undefined : toStoredRow({ ...row });
  }

  async page({ order, offset, limit, search }: PageQuery): Promise<Page> {
    const mode = searchMode("sqlite", search);
    const args = searchArgs(mode, search);
    // One read transaction: the page and its total come from the same snapshot. A search's
    // page carries its total; only a page past its end counts again.
    const [rows, count] = await this.run("page", async () => {
      const tx = await this.client.transaction("read");
      try {
        const page = await tx.execute({ sql: pageSql("sqlite", order, mode), args: [...args, limit, offset] });
        const carried = page.rows[0]?.total;
        const total =
          mode !== "none" && carried !== undefined
            ? Number(carried)
            : mode !== "none" && offset === 0
              ? 0
              : Number((await tx.execute({ sql: pageCountSql("sqlite", mode), args })).rows[0]?.n ?? 0);
        return [page, total] as const;
      } finally {
        tx.close();
      }
    });
    const summaries = rows.rows.map((row) => toSummaryRow({ ...row }));
    if (search === undefined || summaries.length === 0) {
      return { rows: summaries, total: count, matches: [] };
    }
    const found = await this.run("page matches", () =>
      this.client.execute({
        sql: matchesSql("sqlite", summaries.length),
        args: [containsPattern(search), ...summaries.map((r) => r.workflow_id)],
      }),
    );
    return {
      rows: summaries,
      total: count,
      matches: found.rows.map((row) => toTextHit({ ...row })),
    };
  }

  async searchText(query: string, limit = 1000): Promise<TextHit[]> {
    const result = await this.run(
      `text search of ${JSON.stringify(query)}`,
      () =>
        this.client.execute({
          sql: searchTextSql("sqlite"),
          args: [containsPattern(query), limit],
        }),
    );
    return result.rows.map((row) => toTextHit({ ...row }));
  }

  async count(): Promise<number> {
    const result = await this.run("count", () =>
      this.client.execute(COUNT_SQL),
    );
    return Number(result.rows[0]?.n);
  }

  similar(workflowId: string, maxDistance: number, limit: number): Promise<SimilarRow[] | undefined> {
    return this.run(`similar of ${workflowId}`, () =>
      findSimilar(
        async (sql, args) => (await this.client.execute({ sql, args })).rows.map((r) => ({ ...r })),
        "sqlite",
        workflowId,
        maxDistance,
        limit,
      ),
    );
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }

  private async run<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      if (isSqliteUnavailable(err))
        throw new CatalogUnavailableError(this.description, err);
      throw withContext(`catalog ${what} failed (${this.description})`, err);
    }
  }
}
