import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createClient } from "@libsql/client/sqlite3";
import { CatalogUnavailableError } from "../catalog/catalog";
import { openCatalog, sqlitePath } from "../catalog/open";
import { toRow } from "../catalog/record";
import { createTableSql, createTextTableSql, insertTextsStatements, upsertArgs, upsertSql } from "../catalog/sql";
import { SqliteCatalog } from "../catalog/sqlite";
import { catalogSuite } from "./helpers/catalog-suite";
import { sampleInput, tempDir } from "./helpers/fixtures";

const dir = tempDir("catalog-sqlite");
after(() => dir.remove());
let files = 0;

describe("sqlite catalog", () => {
  catalogSuite(() => Promise.resolve(`file:${join(dir.path, `db-${++files}`, "catalog.db")}`));

  it("creates the parent folder and switches the file to WAL", async () => {
    const path = join(dir.path, "nested", "deeper", "catalog.db");
    const catalog = await openCatalog(`file:${path}`);
    await catalog.close();
    const client = createClient({ url: `file:${path}` });
    const mode = await client.execute("PRAGMA journal_mode");
    client.close();
    assert.equal(mode.rows[0]?.journal_mode, "wal");
  });

  it("reports a locked database as CatalogUnavailable after the busy timeout", async () => {
    const path = join(dir.path, "locked.db");
    const catalog = SqliteCatalog.open(path, { busyTimeoutMs: 50 });
    await catalog.migrate();
    // Another connection holds the write lock until it rolls back.
    const holder = createClient({ url: `file:${path}` });
    const tx = await holder.transaction("write");
    try {
      await assert.rejects(catalog.upsert(toRow(sampleInput("wf-locked").metadata), "2026-11-21T10:00:00Z"), (err) => {
        assert.ok(err instanceof CatalogUnavailableError, String(err));
        assert.match(err.message, /SQLITE_BUSY/);
        return true;
      });
    } finally {
      await tx.rollback();
      holder.close();
      await catalog.close();
    }
  });

  it("gives a catalog written before the search index one on open, built from its rows", async () => {
    const path = join(dir.path, "before-fts.db");
    const old = createClient({ url: `file:${path}` });
    const row = toRow(sampleInput("wf-old").metadata);
    await old.batch(
      [
        createTableSql("sqlite"),
        ...createTextTableSql("sqlite"),
        { sql: upsertSql("sqlite"), args: upsertArgs({ ...row, video_url: "https://example.com/Legacy-Clip.mp4" }, "2026-11-21T10:00:00Z") },
        ...insertTextsStatements("sqlite", row.record_id, row.workflow_id, [{ text: "Archive Caption", first_seconds: 0, last_seconds: 1 }]),
      ],
      "write",
    );
    old.close();
    const catalog = await openCatalog(`file:${path}`);
    try {
      for (const search of ["legacy-clip", "ARCHIVE cap"]) {
        const page = await catalog.page({ order: "newest", offset: 0, limit: 10, search });
        assert.deepEqual(page.rows.map((r) => r.workflow_id), ["wf-old"], search);
      }
    } finally {
      await catalog.close();
    }
    const client = createClient({ url: `file:${path}` });
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_fts'");
    client.close();
    assert.deepEqual(tables.rows.map((r) => r.name).sort(), ["media_texts_fts", "media_urls_fts"]);
  });

  it("reports a file it cannot open as CatalogUnavailable", async () => {
    // A directory where the database file should be: SQLite cannot open it, even as root.
    const path = join(dir.path, "not-a-file.db");
    mkdirSync(path);
    await assert.rejects(openCatalog(`file:${path}`), CatalogUnavailableError);
  });

  it("reads file: URLs the way CATALOG_URL documents them", () => {
    assert.equal(sqlitePath("file:.data/catalog.db"), ".data/catalog.db");
    assert.equal(sqlitePath("file:/var/lib/catalog.db"), "/var/lib/catalog.db");
    assert.equal(sqlitePath("file:///var/lib/catalog.db"), "/var/lib/catalog.db");
    assert.throws(() => sqlitePath("file:"));
  });
});
