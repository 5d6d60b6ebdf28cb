// The catalog behaviour both databases must share, run against SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { it } from "node:test";
import type { Catalog } from "../../catalog/catalog";
import { openCatalog } from "../../catalog/open";
import { recordId, toRow } from "../../catalog/record";
import { sampleInput } from "./fixtures";

const T1 = "2026-11-21T10:00:00Z";
const T2 = "2026-11-21T10:05:00Z";

/** `newUrl` gives the CATALOG_URL of a fresh, empty database each time it is called. */
export function catalogSuite(newUrl: () => Promise<string>): void {
  async function withCatalog(body: (catalog: Catalog, url: string) => Promise<void>): Promise<void> {
    const url = await newUrl();
    const catalog = await openCatalog(url);
    try {
      await body(catalog, url);
    } finally {
      await catalog.close();
    }
  }

  it("creates the table once and accepts a second migration", () =>
    withCatalog(async (catalog, url) => {
      const again = await openCatalog(url);
      await again.migrate();
      await again.close();
      assert.equal(await catalog.count(), 0);
    }));

  it("inserts, then updates the same row: revision 2, same record id, created_at kept", () =>
    withCatalog(async (catalog) => {
      const row = toRow(sampleInput("wf-insert-update").metadata);
      const first = await catalog.upsert(row, T1);
      assert.deepEqual(first, { recordId: recordId("wf-insert-update"), revision: 1, created: true });

      const changed = { ...row, scene_count: 9 };
      const second = await catalog.upsert(changed, T2);
      assert.deepEqual(second, { recordId: first.recordId, revision: 2, created: false });

      assert.equal(await catalog.count(), 1);
      const stored = await catalog.get("wf-insert-update");
      assert.deepEqual(stored, { ...changed, revision: 2, created_at: T1, updated_at: T2 });
    }));

  it("leaves one row when upserts of one workflow id race on two connections", () =>
    withCatalog(async (catalog, url) => {
      const other = await openCatalog(url);
      try {
        const row = toRow(sampleInput("wf-race").metadata);
        const rounds = 10;
        const results = await Promise.all(
          Array.from({ length: rounds }, () => [catalog.upsert(row, T1), other.upsert(row, T1)]).flat(),
        );
        assert.equal(await catalog.count(), 1);
        assert.equal(results.filter((r) => r.created).length, 1, "exactly one upsert created the row");
        assert.deepEqual(new Set(results.map((r) => r.recordId)), new Set([recordId("wf-race")]));
        assert.deepEqual(new Set(results.map((r) => r.revision)).size, 2 * rounds, "every upsert got its own revision");
        assert.equal((await catalog.get("wf-race"))?.revision, 2 * rounds);
      } finally {
        await other.close();
      }
    }));

  it("stores a null storyboard_vtt_uri when the storyboard is absent", () =>
    withCatalog(async (catalog) => {
      const row = toRow(sampleInput("wf-no-storyboard", false).metadata);
      assert.equal(row.storyboard_vtt_uri, null);
      await catalog.upsert(row, T1);
      assert.equal((await catalog.get("wf-no-storyboard"))?.storyboard_vtt_uri, null);
    }));

  it("reads back every value exactly (float8 duration, frame count up to 2^53 - 1)", () =>
    withCatalog(async (catalog) => {
      const input = sampleInput("wf-exact");
      input.metadata.probe.duration_seconds = 3600.123456789;
      input.metadata.probe.frame_count = Number.MAX_SAFE_INTEGER;
      const row = toRow(input.metadata);
      await catalog.upsert(row, T1);
      const stored = await catalog.get("wf-exact");
      assert.deepEqual(stored, { ...row, revision: 1, created_at: T1, updated_at: T1 });
      assert.deepEqual(JSON.parse(stored?.metadata_json ?? "null"), input.metadata);
    }));

  it("returns undefined for an unknown workflow id", () =>
    withCatalog(async (catalog) => {
      assert.equal(await catalog.get("wf-unknown"), undefined);
    }));
}
