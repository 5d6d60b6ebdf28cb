// store_metadata as Temporal runs it (boundary included), in a mock activity context, against
// a real SQLite file.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createClient } from "@libsql/client/sqlite3";
import { ApplicationFailure, type Logger } from "@temporalio/common";
import { MockActivityEnvironment } from "@temporalio/testing";
import { createActivities } from "../activities";
import type { Catalog } from "../catalog/catalog";
import { openCatalog } from "../catalog/open";
import { recordId } from "../catalog/record";
import { SqliteCatalog } from "../catalog/sqlite";
import { ErrorType } from "../contracts/gen/registry";
import { is } from "../contracts/schema";
import { sampleInput, tempDir } from "./helpers/fixtures";

const dir = tempDir("store-metadata");
after(() => dir.remove());
let files = 0;

// Quiet: the activity's log lines are not what these tests check.
const quiet: Logger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

async function withActivity(
  body: (
    run: (input: unknown) => Promise<unknown>,
    catalog: Catalog,
  ) => Promise<void>,
) {
  const catalog = await openCatalog(`file:${join(dir.path, `${++files}.db`)}`);
  const clock = () => new Date("2026-11-21T10:00:00.750Z");
  const activities = createActivities({ catalog, clock });
  const env = new MockActivityEnvironment(undefined, { logger: quiet });
  try {
    await body((input) => env.run(activities.store_metadata, input), catalog);
  } finally {
    await catalog.close();
  }
}

describe("store_metadata", () => {
  it("indexes the poster's perceptual hash with the record, for videos like it", () =>
    withActivity(async (run, catalog) => {
      const near = sampleInput("wf-store-near");
      near.metadata.poster.phash = "0123456789abcdef";
      const like = sampleInput("wf-store-like");
      like.metadata.poster.phash = "0123456789abcdee";
      const old = sampleInput("wf-store-old"); // written before posters had a hash
      for (const input of [near, like, old]) await run(input);
      const found = await catalog.similar("wf-store-near", 3, 10);
      assert.deepEqual(found?.map((s) => [s.row.workflow_id, s.distance]), [["wf-store-like", 1]]);
      assert.deepEqual(await catalog.similar("wf-store-old", 3, 10), []);
    }));

  it("indexes the video's on-screen texts with the record; a retry replaces them", () =>
    withActivity(async (run, catalog) => {
      const input = sampleInput("wf-store-texts");
      input.metadata.content = {
        detectors: ["text"],
        has_audio: false,
        text_index: [
          { text: "PIPELINE", first_seconds: 2, last_seconds: 5, frames: 7 },
        ],
      };
      await run(input);
      await run(input);
      assert.deepEqual(await catalog.searchText("pipe"), [
        {
          record_id: recordId("wf-store-texts"),
          workflow_id: "wf-store-texts",
          text: "PIPELINE",
          first_seconds: 2,
          last_seconds: 5,
        },
      ]);
    }));

  it("creates the record, then updates it: one row, revision 2, same record id", () =>
    withActivity(async (run, catalog) => {
      const input = sampleInput("wf-activity");
      const first = await run(input);
      assert.deepEqual(first, {
        record_id: recordId("wf-activity"),
        created: true,
        stored_at: "2026-11-21T10:00:00Z",
      });
      assert.ok(is("StoreMetadataOutput", first));

      input.metadata.scenes = { method: "phash", cuts: [1.5], count: 2 };
      const second = await run(input);
      assert.deepEqual(second, { ...first, created: false });

      assert.equal(await catalog.count(), 1);
      const row = await catalog.get("wf-activity");
      assert.equal(row?.revision, 2);
      assert.equal(row?.scene_count, 2);
      assert.deepEqual(
        JSON.parse(row?.metadata_json ?? "null"),
        input.metadata,
      );
    }));

  it("leaves one row when the same workflow id is stored concurrently", () =>
    withActivity(async (run, catalog) => {
      const outputs = await Promise.all(
        Array.from({ length: 16 }, () => run(sampleInput("wf-concurrent"))),
      );
      assert.equal(await catalog.count(), 1);
      assert.equal(
        outputs.filter((o) => is("StoreMetadataOutput", o) && o.created).length,
        1,
      );
      assert.equal((await catalog.get("wf-concurrent"))?.revision, 16);
    }));

  it("writes nothing for an invalid input", () =>
    withActivity(async (run, catalog) => {
      await assert.rejects(
        run({ metadata: { workflow_id: "wf-bad" } }),
        (err) => {
          assert.ok(err instanceof ApplicationFailure);
          assert.equal(err.type, ErrorType.InvalidInput);
          return true;
        },
      );
      assert.equal(await catalog.count(), 0);
    }));

  it("reports a busy database as CatalogUnavailable, retryable", async () => {
    const path = join(dir.path, "busy.db");
    const catalog = SqliteCatalog.open(path, { busyTimeoutMs: 50 });
    await catalog.migrate();
    const holder = createClient({ url: `file:${path}` });
    const tx = await holder.transaction("write");
    try {
      const env = new MockActivityEnvironment(undefined, { logger: quiet });
      const { store_metadata } = createActivities({ catalog });
      await assert.rejects(
        env.run(store_metadata, sampleInput("wf-busy")),
        (err) => {
          assert.ok(err instanceof ApplicationFailure, String(err));
          assert.equal(err.type, ErrorType.CatalogUnavailable);
          assert.equal(err.nonRetryable, false);
          assert.match(
            err.message,
            /^catalog unavailable \(sqlite .*busy\.db\): SQLITE_BUSY/,
          );
          return true;
        },
      );
    } finally {
      await tx.rollback();
      holder.close();
      await catalog.close();
    }
  });
});
