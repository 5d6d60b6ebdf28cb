// The catalog behaviour both databases must share, run against SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { it } from "node:test";
import type { Catalog } from "../../catalog/catalog";
import { openCatalog } from "../../catalog/open";
import { recordId, toRow, toTexts } from "../../catalog/record";
import { sampleInput } from "./fixtures";

const T1 = "2026-11-21T10:00:00Z";
const T2 = "2026-11-21T10:05:00Z";

/** `newUrl` gives the CATALOG_URL of a fresh, empty database each time it is called. */
export function catalogSuite(newUrl: () => Promise<string>): void {
  async function withCatalog(
    body: (catalog: Catalog, url: string) => Promise<void>,
  ): Promise<void> {
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
      assert.deepEqual(first, {
        recordId: recordId("wf-insert-update"),
        revision: 1,
        created: true,
      });

      const changed = { ...row, scene_count: 9 };
      const second = await catalog.upsert(changed, T2);
      assert.deepEqual(second, {
        recordId: first.recordId,
        revision: 2,
        created: false,
      });

      assert.equal(await catalog.count(), 1);
      const stored = await catalog.get("wf-insert-update");
      assert.deepEqual(stored, {
        ...changed,
        preview_uri: null,
        revision: 2,
        created_at: T1,
        updated_at: T2,
      });
    }));

  it("leaves one row when upserts of one workflow id race on two connections", () =>
    withCatalog(async (catalog, url) => {
      const other = await openCatalog(url);
      try {
        const row = toRow(sampleInput("wf-race").metadata);
        const rounds = 10;
        const results = await Promise.all(
          Array.from({ length: rounds }, () => [
            catalog.upsert(row, T1),
            other.upsert(row, T1),
          ]).flat(),
        );
        assert.equal(await catalog.count(), 1);
        assert.equal(
          results.filter((r) => r.created).length,
          1,
          "exactly one upsert created the row",
        );
        assert.deepEqual(
          new Set(results.map((r) => r.recordId)),
          new Set([recordId("wf-race")]),
        );
        assert.deepEqual(
          new Set(results.map((r) => r.revision)).size,
          2 * rounds,
          "every upsert got its own revision",
        );
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
      assert.equal(
        (await catalog.get("wf-no-storyboard"))?.storyboard_vtt_uri,
        null,
      );
    }));

  it("reads back every value exactly (float8 duration, frame count up to 2^53 - 1)", () =>
    withCatalog(async (catalog) => {
      const input = sampleInput("wf-exact");
      input.metadata.probe.duration_seconds = 3600.123456789;
      input.metadata.probe.frame_count = Number.MAX_SAFE_INTEGER;
      const row = toRow(input.metadata);
      await catalog.upsert(row, T1);
      const stored = await catalog.get("wf-exact");
      assert.deepEqual(stored, {
        ...row,
        preview_uri: null,
        revision: 1,
        created_at: T1,
        updated_at: T1,
      });
      assert.deepEqual(
        JSON.parse(stored?.metadata_json ?? "null"),
        input.metadata,
      );
    }));

  it("reads the preview's URI from the stored document: a new optional field, no migration", () =>
    withCatalog(async (catalog) => {
      const input = sampleInput("wf-preview");
      const uri = "media://runs/wf-preview/preview/preview.webp";
      input.metadata.preview = {
        uri,
        sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        size_bytes: 183022,
        content_type: "image/webp",
      };
      await catalog.upsert(toRow(input.metadata), T1);
      await catalog.upsert(toRow(sampleInput("wf-no-preview").metadata), T2);
      assert.equal((await catalog.get("wf-preview"))?.preview_uri, uri);
      const page = await catalog.page({ order: "oldest", offset: 0, limit: 10 });
      assert.deepEqual(
        page.rows.map((r) => [r.workflow_id, r.preview_uri]),
        [
          ["wf-preview", uri],
          ["wf-no-preview", null],
        ],
      );
    }));

  it("returns undefined for an unknown workflow id", () =>
    withCatalog(async (catalog) => {
      assert.equal(await catalog.get("wf-unknown"), undefined);
    }));

  it("indexes a record's texts with it and finds them by substring, whatever the case", () =>
    withCatalog(async (catalog) => {
      const input = sampleInput("wf-texts");
      input.metadata.content = {
        detectors: ["text"],
        has_audio: false,
        text_index: [
          {
            text: "BREAKING NEWS",
            first_seconds: 1.5,
            last_seconds: 9.25,
            frames: 16,
          },
          {
            text: "100% off_sale",
            first_seconds: 0,
            last_seconds: 0.5,
            frames: 2,
          },
        ],
      };
      const row = toRow(input.metadata);
      await catalog.upsert(row, T1, toTexts(input.metadata));
      await catalog.upsert(toRow(sampleInput("wf-other").metadata), T1, [
        { text: "breaking point", first_seconds: 3, last_seconds: 4 },
      ]);
      const hits = await catalog.searchText("Breaking");
      assert.deepEqual(hits, [
        {
          record_id: recordId("wf-other"),
          workflow_id: "wf-other",
          text: "breaking point",
          first_seconds: 3,
          last_seconds: 4,
        },
        {
          record_id: row.record_id,
          workflow_id: "wf-texts",
          text: "BREAKING NEWS",
          first_seconds: 1.5,
          last_seconds: 9.25,
        },
      ]);
      // LIKE's wildcards in the query match themselves only.
      assert.deepEqual(
        (await catalog.searchText("0% off_")).map((h) => h.text),
        ["100% off_sale"],
      );
      assert.deepEqual(await catalog.searchText("0%_off"), []);
      assert.deepEqual(await catalog.searchText("nowhere"), []);
      assert.equal((await catalog.searchText("e", 1)).length, 1);
    }));

  it("replaces a workflow's texts on every upsert: a retry leaves no duplicates", () =>
    withCatalog(async (catalog) => {
      const row = toRow(sampleInput("wf-retext").metadata);
      const texts = [{ text: "FIRST", first_seconds: 0, last_seconds: 1 }];
      await catalog.upsert(row, T1, texts);
      await catalog.upsert(row, T2, texts);
      assert.deepEqual(
        (await catalog.searchText("first")).map((h) => h.workflow_id),
        ["wf-retext"],
      );
      await catalog.upsert(row, T2, [
        { text: "SECOND", first_seconds: 2, last_seconds: 3 },
      ]);
      assert.deepEqual(await catalog.searchText("first"), []);
      assert.equal((await catalog.searchText("second")).length, 1);
      await catalog.upsert(row, T2);
      assert.deepEqual(await catalog.searchText("second"), []);
    }));

  it("writes the record and its texts in one transaction: a failed text insert keeps neither", () =>
    withCatalog(async (catalog) => {
      const row = toRow(sampleInput("wf-atomic").metadata);
      await catalog.upsert(row, T1, [
        { text: "KEPT", first_seconds: 0, last_seconds: 1 },
      ]);
      // The same text twice breaks the (workflow_id, text) key after the record was upserted.
      const twice = { text: "DUP", first_seconds: 0, last_seconds: 1 };
      await assert.rejects(
        catalog.upsert({ ...row, scene_count: 99 }, T2, [twice, twice]),
      );
      const stored = await catalog.get("wf-atomic");
      assert.equal(stored?.revision, 1);
      assert.equal(stored?.scene_count, row.scene_count);
      assert.deepEqual(
        (await catalog.searchText("")).map((h) => h.text),
        ["KEPT"],
      );
    }));

  it("inserts a large text index in several statements", () =>
    withCatalog(async (catalog) => {
      const row = toRow(sampleInput("wf-many").metadata);
      const texts = Array.from({ length: 1234 }, (_, i) => ({
        text: `line ${i}`,
        first_seconds: i / 2,
        last_seconds: i / 2 + 0.5,
      }));
      await catalog.upsert(row, T1, texts);
      const hits = await catalog.searchText("line ", 5000);
      assert.equal(hits.length, 1234);
      assert.deepEqual(hits[1233], {
        record_id: row.record_id,
        workflow_id: "wf-many",
        ...texts[1233],
      });
    }));

  it("pages in every order, counts the whole listing and searches URLs and on-screen text", () =>
    withCatalog(async (catalog) => {
      const put = (id: string, url: string, duration: number, at: string, texts: string[]) =>
        catalog.upsert(
          { ...toRow(sampleInput(id).metadata), video_url: url, duration_seconds: duration },
          at,
          texts.map((text, i) => ({ text, first_seconds: i, last_seconds: i + 1 })),
        );
      await put("wf-a", "https://example.com/zebra.mp4", 30, "2026-11-21T10:00:00Z", ["Opening TITLE"]);
      await put("wf-b", "https://example.com/alpha.mp4", 10, "2026-11-21T11:00:00Z", ["100% sure"]);
      await put("wf-c", "https://example.com/mid_title.mp4", 20, "2026-11-21T12:00:00Z", []);
      const ids = async (order: "newest" | "oldest" | "longest" | "shortest" | "url", offset = 0, limit = 10) =>
        (await catalog.page({ order, offset, limit })).rows.map((r) => r.workflow_id);

      assert.deepEqual(await ids("newest"), ["wf-c", "wf-b", "wf-a"]);
      assert.deepEqual(await ids("oldest"), ["wf-a", "wf-b", "wf-c"]);
      assert.deepEqual(await ids("longest"), ["wf-a", "wf-c", "wf-b"]);
      assert.deepEqual(await ids("shortest"), ["wf-b", "wf-c", "wf-a"]);
      assert.deepEqual(await ids("url"), ["wf-b", "wf-c", "wf-a"]);
      assert.deepEqual(await ids("newest", 1, 1), ["wf-b"]);
      const page = await catalog.page({ order: "newest", offset: 2, limit: 1 });
      assert.equal(page.total, 3);
      assert.equal(page.rows[0]?.updated_at, "2026-11-21T10:00:00Z");
      assert.ok(!("metadata_json" in (page.rows[0] ?? {})), "a listing does not read the documents");

      // "title" is in one URL and in one video's on-screen text, whatever the case.
      const found = await catalog.page({ order: "url", offset: 0, limit: 10, search: "title" });
      assert.deepEqual(
        found.rows.map((r) => r.workflow_id),
        ["wf-c", "wf-a"],
      );
      assert.equal(found.total, 2);
      assert.deepEqual(
        found.matches.map((m) => [m.workflow_id, m.text]),
        [["wf-a", "Opening TITLE"]],
      );
      // A search's total counts every match, on any page and past the last one.
      for (const offset of [1, 5]) {
        const later = await catalog.page({ order: "url", offset, limit: 1, search: "title" });
        assert.deepEqual([later.rows.map((r) => r.workflow_id), later.total], [offset === 1 ? ["wf-a"] : [], 2]);
      }
      // LIKE's wildcards match themselves.
      const percent = await catalog.page({ order: "url", offset: 0, limit: 10, search: "0%" });
      assert.deepEqual(
        percent.rows.map((r) => r.workflow_id),
        ["wf-b"],
      );
      const none = await catalog.page({ order: "url", offset: 0, limit: 10, search: "_" });
      assert.deepEqual([none.total, none.rows.length], [1, 1], "only mid_title.mp4 has an underscore");
      // Three characters and more go through the trigram index: wildcards still match themselves.
      const wildcard = await catalog.page({ order: "url", offset: 0, limit: 10, search: "0% S" });
      assert.deepEqual(wildcard.matches.map((m) => m.text), ["100% sure"]);
      assert.equal((await catalog.page({ order: "url", offset: 0, limit: 10, search: "0_ s" })).total, 0);
    }));

  it("searches what a record holds now: a new URL or new texts replace the old in the index", () =>
    withCatalog(async (catalog) => {
      const row = toRow(sampleInput("wf-moved").metadata);
      const find = async (search: string) =>
        (await catalog.page({ order: "newest", offset: 0, limit: 10, search })).rows.map((r) => r.workflow_id);
      await catalog.upsert({ ...row, video_url: "https://example.com/before-move.mp4" }, T1, [
        { text: "Old Banner", first_seconds: 0, last_seconds: 1 },
      ]);
      assert.deepEqual(await find("before-MOVE"), ["wf-moved"]);
      assert.deepEqual(await find("old ban"), ["wf-moved"]);
      await catalog.upsert({ ...row, video_url: "https://example.com/after-move.mp4" }, T2, [
        { text: "New Banner", first_seconds: 0, last_seconds: 1 },
      ]);
      assert.deepEqual(await find("before-move"), []);
      assert.deepEqual(await find("old ban"), []);
      assert.deepEqual(await find("after-move"), ["wf-moved"]);
      assert.deepEqual(await find("new ban"), ["wf-moved"]);
      assert.deepEqual(await find("banner"), ["wf-moved"], "one record, however many of its strings match");
    }));

  it("finds records by poster hash within a distance, nearest first, through the bands", () =>
    withCatalog(async (catalog) => {
      const base = "3c5a96e1b2d4780f";
      const flip = (positions: number[]) => {
        let x = BigInt(`0x${base}`);
        for (const p of positions) x ^= 1n << BigInt(63 - p);
        return x.toString(16).padStart(16, "0");
      };
      const put = (id: string, phash: string | undefined) =>
        catalog.upsert(toRow(sampleInput(id).metadata), T1, [], phash);
      await put("wf-base", base);
      await put("wf-same", base);
      await put("wf-1", flip([63]));
      // 7 flips, one in each of 7 bands: only the 8th band is shared, and that is enough.
      await put("wf-7", flip([0, 9, 18, 27, 36, 45, 54]));
      // 8 flips, one per band: beyond the index's reach, never returned.
      await put("wf-8", flip([0, 9, 18, 27, 36, 45, 54, 63]));
      await put("wf-far", "c3a5691e4d2b87f0");
      await put("wf-none", undefined);
      const near = async (id: string, max: number, limit = 10) =>
        (await catalog.similar(id, max, limit))?.map((s) => [s.row.workflow_id, s.distance]);
      assert.deepEqual(await near("wf-base", 7), [["wf-same", 0], ["wf-1", 1], ["wf-7", 7]]);
      assert.deepEqual(await near("wf-base", 6), [["wf-same", 0], ["wf-1", 1]]);
      assert.deepEqual(await near("wf-base", 7, 2), [["wf-same", 0], ["wf-1", 1]]);
      assert.deepEqual(await near("wf-none", 7), [], "no hash: no neighbours");
      assert.equal(await catalog.similar("wf-unknown", 7, 10), undefined);
      // A new hash replaces the old bands.
      await put("wf-1", "c3a5691e4d2b87f1");
      assert.deepEqual(await near("wf-base", 7), [["wf-same", 0], ["wf-7", 7]]);
      assert.deepEqual(await near("wf-1", 1), [["wf-far", 1]]);
    }));
}
