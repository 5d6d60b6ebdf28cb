// `list` and `show` of the TypeScript client: the built CLI on a real SQLite catalog, with no
// Temporal server anywhere (the catalog commands must not need one).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openCatalog } from "../catalog/open";
import { toRow, toTexts } from "../catalog/record";
import { is } from "../contracts/schema";
import { PACKAGE_ROOT, sampleInput, tempDir } from "./helpers/fixtures";

const dir = tempDir("client-catalog");
const url = `file:${join(dir.path, "catalog.db")}`;

function client(...args: string[]) {
  const run = spawnSync(process.execPath, [join(PACKAGE_ROOT, "dist", "client.js"), ...args], {
    // Nothing listens there: a command that tried Temporal would fail.
    env: { PATH: process.env.PATH, CATALOG_URL: url, TEMPORAL_ADDRESS: "127.0.0.1:1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

before(async () => {
  const catalog = await openCatalog(url);
  for (const [i, name] of ["alpha", "beta", "gamma"].entries()) {
    const md = sampleInput(`wf-${name}`).metadata;
    md.video_url = `https://example.com/${name}.mp4`;
    await catalog.upsert(toRow(md), `2026-12-01T10:0${i}:00Z`, toTexts(md));
  }
  await catalog.close();
});

after(() => dir.remove());

describe("client list and show", () => {
  it("lists a page as CatalogPage JSON, or as lines", () => {
    const json = client("list", "--json", "--sort", "url", "--limit", "2");
    assert.equal(json.code, 0, json.stderr);
    const page: unknown = JSON.parse(json.stdout);
    assert.ok(is("CatalogPage", page));
    assert.deepEqual(
      page.items.map((e) => e.title),
      ["alpha.mp4", "beta.mp4"],
    );
    assert.equal(page.total, 3);
    const text = client("list", "--query", "gam");
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^wf-gamma .* gamma\.mp4\n1-1 of 1\n$/);
  });

  it("shows one record as CatalogRecord JSON", () => {
    const shown = client("show", "wf-beta");
    assert.equal(shown.code, 0, shown.stderr);
    const record: unknown = JSON.parse(shown.stdout);
    assert.ok(is("CatalogRecord", record));
    assert.equal(record.metadata.video_url, "https://example.com/beta.mp4");
  });

  it("fails with the contract's error types and exit codes", () => {
    const missing = client("show", "wf-nope");
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: NotFound: no catalog record for wf-nope\n$/);
    const bad = client("list", "--limit", "1000");
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: InvalidInput: limit must be an integer from 1 to 100/);
    assert.equal(client("list", "extra").code, 2);
    assert.equal(client("show").code, 2);
  });
});
