// The S3 store against a real versitygw: objects land under the prefix, keys are validated
// as in the file store, and an outage is a retryable StoreUnavailable.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ApplicationFailure } from "@temporalio/common";
import { upload } from "../client/request";
import { mediaStore } from "../media/open";
import type { S3Store } from "../media/s3";
import { S3MediaSource } from "../web/media";
import { S3Server } from "./helpers/s3server";
import type { IncomingMessage } from "node:http";
import { text } from "node:stream/consumers";

describe("S3Store", () => {
  let server: S3Server;
  let store: S3Store;
  before(async () => {
    server = await S3Server.start("media");
    store = mediaStore({ MEDIA_STORE: "s3://media/dev", ...server.env() }) as S3Store;
  });
  after(() => server.remove());

  it("puts bytes and files under the prefix, atomically visible", async () => {
    assert.equal(await store.has("media://manifests/a.jsonl"), false);
    await store.put("media://manifests/a.jsonl", new TextEncoder().encode("x\n"));
    assert.equal(await store.has("media://manifests/a.jsonl"), true);
    assert.equal(readFileSync(join(server.dir.path, "media", "dev", "manifests", "a.jsonl"), "utf8"), "x\n");
    assert.equal(await store.locate("media://manifests/a.jsonl"), "s3://media/dev/manifests/a.jsonl");
  });

  it("uploads a client's local file (content-addressed, once)", async () => {
    const file = join(server.dir.path, "clip.mp4");
    writeFileSync(file, "not really a video");
    const uri = await upload(store, file);
    assert.match(uri, /^media:\/\/uploads\/[0-9a-f]{16}\/clip\.mp4$/);
    assert.equal(await store.has(uri), true);
  });

  it("serves the web catalog's media with ranges and validators", async () => {
    await store.put("media://runs/w/poster/p.txt", new TextEncoder().encode("0123456789"));
    const source = new S3MediaSource(store);
    const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
    const whole = await source.open("media://runs/w/poster/p.txt", request({}));
    assert.equal(whole.status, 200);
    assert.equal(whole.headers["Content-Length"], 10);
    assert.equal(whole.headers["Content-Type"], "text/plain");
    assert.equal(await text(whole.body), "0123456789");
    const part = await source.open("media://runs/w/poster/p.txt", request({ range: "bytes=2-4" }));
    assert.equal(part.status, 206);
    assert.equal(part.headers["Content-Range"], "bytes 2-4/10");
    assert.equal(await text(part.body), "234");
    const etag = String(whole.headers.ETag);
    const again = await source.open("media://runs/w/poster/p.txt", request({ "if-none-match": etag }));
    assert.equal(again.status, 304);
    await assert.rejects(source.open("media://runs/w/none.txt", request({})), /no media at/);
  });

  it("refuses traversal as InvalidInput, like the file store", async () => {
    await assert.rejects(store.put("media://../x", new Uint8Array(1)), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.type, "InvalidInput");
      return true;
    });
  });

  it("reports an outage as retryable StoreUnavailable, and works once the store is back", async () => {
    await server.stop();
    await assert.rejects(store.put("media://manifests/b.jsonl", new Uint8Array(1)), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.type, "StoreUnavailable");
      assert.equal(err.nonRetryable, false);
      return true;
    });
    await server.resume();
    await store.put("media://manifests/b.jsonl", new Uint8Array(1));
    assert.equal(await store.has("media://manifests/b.jsonl"), true);
  });

  it("refuses an unknown scheme with one line", () => {
    assert.throws(() => mediaStore({ MEDIA_STORE: "ftp://x/y" }), /unknown scheme/);
  });
});
