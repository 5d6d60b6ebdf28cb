// The web catalog's HTTP layer through Fastify's inject (no socket): a real SQLite catalog and
// a real media folder; the runs are a stand-in that records what reached it, since what is
// tested here is what the app lets through (the browser suite runs the real Temporal side).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Catalog } from "../catalog/catalog";
import { openCatalog } from "../catalog/open";
import { toRow, toTexts } from "../catalog/record";
import { is } from "../contracts/schema";
import { FileStore } from "../media/files";
import { buildApp } from "../web/app";
import { isLoopback, loadWebConfig } from "../web/config";
import { LocalMediaSource } from "../web/media";
import type { Runs } from "../web/runs";
import { sampleInput, tempDir } from "./helpers/fixtures";

const dir = tempDir("web-app");
const TOKEN = "a-token-of-sixteen-or-more";
let catalog: Catalog;
let app: FastifyInstance;
let secured: FastifyInstance;
const started: string[] = [];

const runs: Runs = {
  list: () => Promise.resolve({ runs: [] }),
  start: (url) => {
    started.push(url);
    return Promise.resolve({ workflow_id: "media-00000000000000000000", run_id: "run-1" });
  },
  cancel: () => Promise.reject(new Error("not reached in these tests")),
};

before(async () => {
  const media = join(dir.path, "media");
  mkdirSync(join(media, "runs", "wf-1"), { recursive: true });
  writeFileSync(join(media, "runs", "wf-1", "clip.vtt"), "WEBVTT\n\n00:00.000 --> 00:02.000\nsheet-000.jpg#xywh=0,0,160,90\n");
  writeFileSync(join(dir.path, "secret.txt"), "outside the store");
  symlinkSync(join(dir.path, "secret.txt"), join(media, "runs", "escape.txt"));
  catalog = await openCatalog(`file:${join(dir.path, "catalog.db")}`);
  const md = sampleInput("wf-xss").metadata;
  md.video_url = "https://example.com/%3Cscript%3Ealert(1)%3C%2Fscript%3E.mp4";
  await catalog.upsert(toRow(md), "2026-12-01T10:00:00Z", toTexts(md));
  const withPreview = sampleInput("wf-preview").metadata;
  withPreview.probe.duration_seconds = 1; // shorter: the other tests see wf-xss first by length
  withPreview.preview = { ...withPreview.video, uri: "media://runs/wf-preview/preview/preview.webp", content_type: "image/webp" };
  await catalog.upsert(toRow(withPreview), "2026-12-01T10:01:00Z");
  const deps = { catalog, media: new LocalMediaSource(new FileStore(media)), runs, temporalUiUrl: "http://127.0.0.1:8233", namespace: "default" };
  app = await buildApp(deps);
  secured = await buildApp({ ...deps, authToken: TOKEN });
});

after(async () => {
  await app.close();
  await secured.close();
  await catalog.close();
  dir.remove();
});

describe("web app", () => {
  it("answers pages of the catalog as a valid CatalogPage, and bad parameters as InvalidInput", async () => {
    const page = await app.inject("/api/videos?limit=5&sort=longest");
    assert.equal(page.statusCode, 200);
    const body: unknown = page.json();
    assert.ok(is("CatalogPage", body));
    assert.equal(body.items[0]?.title, "<script>alert(1)</script>.mp4");
    for (const query of ["limit=0", "limit=101", "offset=-1", "sort=random", "limit=2x"]) {
      const bad = await app.inject(`/api/videos?${query}`);
      assert.equal(bad.statusCode, 400, query);
      assert.equal(bad.json<{ type: string }>().type, "InvalidInput", query);
    }
    const missing = await app.inject("/api/videos/nope");
    assert.deepEqual([missing.statusCode, missing.json<{ type: string }>().type], [404, "NotFound"]);
  });

  it("gives a card its preview to load on hover, and keeps a card without one as it was", async () => {
    const page = await app.inject("/?sort=newest");
    const cards = [...page.body.matchAll(/<li class="card" data-workflow-id="([^"]+)">[\s\S]*?<img ([^>]*)>/g)];
    const img: Record<string, string> = Object.fromEntries(cards.map((m) => [m[1] ?? "", m[2] ?? ""]));
    assert.match(img["wf-preview"] ?? "", /data-preview="\/media\/runs\/wf-preview\/preview\/preview\.webp"/);
    assert.doesNotMatch(img["wf-xss"] ?? "", /data-preview/);
    const entries = (await app.inject("/api/videos")).json<{ items: { workflow_id: string; preview?: string }[] }>().items;
    assert.deepEqual(
      entries.map((e) => [e.workflow_id, e.preview]),
      [
        ["wf-preview", "media://runs/wf-preview/preview/preview.webp"],
        ["wf-xss", undefined],
      ],
    );
    const video = await app.inject("/videos/wf-preview");
    assert.match(video.body, /<img id="preview" class="preview" src="\/media\/runs\/wf-preview\/preview\/preview\.webp"/);
    assert.doesNotMatch((await app.inject("/videos/wf-xss")).body, /id="preview"/);
  });

  it("renders every string escaped, with a CSP that allows no inline script", async () => {
    const page = await app.inject("/");
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes("&lt;script&gt;alert(1)&lt;/script&gt;.mp4"));
    assert.ok(!page.body.includes("<script>alert"));
    const csp = String(page.headers["content-security-policy"]);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const video = await app.inject("/videos/wf-xss");
    assert.equal(video.statusCode, 200);
    assert.ok(!video.body.includes("<script>alert"));
    assert.equal((await app.inject("/videos/none")).statusCode, 404);
  });

  it("inlines the stylesheet, allowed by its hash and nothing else inline", async () => {
    for (const url of ["/", "/videos/wf-xss", "/runs", "/videos/none"]) {
      const page = await app.inject(url);
      const styles = [...page.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? "");
      assert.equal(styles.length, 1, url);
      assert.ok(!page.body.includes('rel="stylesheet"'), `${url} waits for no stylesheet`);
      const hash = createHash("sha256").update(styles[0] ?? "", "utf8").digest("base64");
      const styleSrc = /style-src ([^;]*)/.exec(String(page.headers["content-security-policy"]))?.[1];
      assert.equal(styleSrc, `'self' 'sha256-${hash}'`, url);
    }
  });

  it("answers videos like one as a valid SimilarVideos, nearest first, and shows them on its page", async () => {
    const put = (id: string, phash: string) => {
      const md = sampleInput(id).metadata;
      md.video_url = `https://example.com/${id}.mp4`;
      return catalog.upsert(toRow(md), "2026-12-01T11:00:00Z", [], phash);
    };
    await put("wf-sim-a", "00000000000000ff");
    await put("wf-sim-b", "00000000000000fe");
    await put("wf-sim-c", "000000000000007c");
    await put("wf-sim-far", "ffffffffffffff00");
    const answer = await app.inject("/api/videos/wf-sim-a/similar?max_distance=3");
    assert.equal(answer.statusCode, 200);
    const body: unknown = answer.json();
    assert.ok(is("SimilarVideos", body));
    assert.deepEqual(body.items.map((s) => [s.entry.workflow_id, s.distance]), [["wf-sim-b", 1], ["wf-sim-c", 3]]);
    assert.equal(body.items[0]?.entry.title, "wf-sim-b.mp4");
    const one = await app.inject("/api/videos/wf-sim-a/similar?limit=1");
    assert.deepEqual(one.json<{ items: { entry: { workflow_id: string } }[] }>().items.map((s) => s.entry.workflow_id), ["wf-sim-b"]);
    for (const q of ["max_distance=8", "max_distance=-1", "limit=0", "limit=101"]) {
      const bad = await app.inject(`/api/videos/wf-sim-a/similar?${q}`);
      assert.deepEqual([bad.statusCode, bad.json<{ type: string }>().type], [400, "InvalidInput"], q);
    }
    const none = await app.inject("/api/videos/wf-none/similar");
    assert.deepEqual([none.statusCode, none.json<{ type: string }>().type], [404, "NotFound"]);
    const noHash = await app.inject("/api/videos/wf-xss/similar");
    assert.deepEqual(noHash.json<{ items: unknown[] }>().items, []);
    const page = await app.inject("/videos/wf-sim-a");
    assert.match(page.body, /Videos like this one/);
    assert.match(page.body, /href="\/videos\/wf-sim-b"/);
    assert.doesNotMatch(page.body, /wf-sim-far/);
    assert.doesNotMatch((await app.inject("/videos/wf-xss")).body, /Videos like this one/);
  });

  it("serves media with its type, validators and ranges, and refuses traversal, folders and escapes", async () => {
    const vtt = await app.inject("/media/runs/wf-1/clip.vtt");
    assert.equal(vtt.statusCode, 200);
    assert.match(String(vtt.headers["content-type"]), /^text\/vtt/);
    assert.ok(vtt.headers.etag !== undefined && vtt.headers["last-modified"] !== undefined);
    const part = await app.inject({ url: "/media/runs/wf-1/clip.vtt", headers: { range: "bytes=0-5" } });
    assert.deepEqual([part.statusCode, part.body], [206, "WEBVTT"]);
    const again = await app.inject({ url: "/media/runs/wf-1/clip.vtt", headers: { "if-none-match": String(vtt.headers.etag) } });
    assert.equal(again.statusCode, 304);
    // (Literal dots are normalised away by inject; the browser suite sends them raw.)
    for (const [url, status, type] of [
      ["/media/runs/..%2F..%2Fcatalog.db", 400, "InvalidInput"],
      ["/media/a%2F..%2F..%2Fcatalog.db", 400, "InvalidInput"],
      ["/media/runs/.hidden", 400, "InvalidInput"],
      ["/media/runs/wf-1", 404, "NotFound"],
      ["/media/runs/wf-1/", 400, "InvalidInput"],
      ["/media/runs/escape.txt", 400, "IntegrityError"],
    ] as const) {
      const answer = await app.inject(url);
      assert.deepEqual([answer.statusCode, answer.json<{ type: string }>().type], [status, type], url);
    }
  });

  it("starts a run only from the same origin with the page's CSRF token", async () => {
    const body = { video_url: "https://example.com/a.mp4" };
    const page = await app.inject("/runs");
    const token = /name="csrf-token" content="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const cookie = String(page.headers["set-cookie"]).split(";")[0] ?? "";
    const origin = "http://localhost:80";
    const post = (headers: Record<string, string>) =>
      app.inject({ method: "POST", url: "/api/runs", payload: body, headers: { host: "localhost:80", ...headers } });
    // No origin, another origin, a cross-site fetch, no token, a forged one, no cookie.
    const attempts: Record<string, string>[] = [
      {},
      { origin: "http://evil.example", cookie, "x-csrf-token": token },
      { origin, "sec-fetch-site": "cross-site", cookie, "x-csrf-token": token },
      { origin, cookie },
      { origin, cookie, "x-csrf-token": "forged" },
      { origin, "x-csrf-token": token },
    ];
    for (const headers of attempts) {
      const refused = await post(headers);
      assert.deepEqual([refused.statusCode, refused.json<{ type: string }>().type], [403, "Forbidden"], JSON.stringify(headers));
    }
    assert.deepEqual(started, []);
    const ok = await post({ origin, cookie, "x-csrf-token": token });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.ok(is("StartRunResponse", ok.json()));
    assert.deepEqual(started, [body.video_url]);
  });

  it("asks for the token when one is configured", async () => {
    assert.equal((await secured.inject("/healthz")).statusCode, 200);
    const refused = await secured.inject("/api/videos");
    assert.equal(refused.statusCode, 401);
    assert.match(String(refused.headers["www-authenticate"]), /^Basic/);
    const wrong = await secured.inject({ url: "/api/videos", headers: { authorization: "Bearer nope" } });
    assert.equal(wrong.statusCode, 401);
    const bearer = await secured.inject({ url: "/api/videos", headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(bearer.statusCode, 200);
    const basic = Buffer.from(`anyone:${TOKEN}`).toString("base64");
    assert.equal((await secured.inject({ url: "/", headers: { authorization: `Basic ${basic}` } })).statusCode, 200);
  });

  it("binds to loopback unless a token is configured", () => {
    assert.equal(loadWebConfig({}).host, "127.0.0.1");
    assert.equal(loadWebConfig({}).port, 8090);
    assert.throws(() => loadWebConfig({ WEB_HOST: "0.0.0.0" }), /WEB_AUTH_TOKEN/);
    assert.throws(() => loadWebConfig({ WEB_HOST: "0.0.0.0", WEB_AUTH_TOKEN: "short" }), /16 characters/);
    assert.equal(loadWebConfig({ WEB_HOST: "0.0.0.0", WEB_AUTH_TOKEN: TOKEN }).authToken, TOKEN);
    assert.throws(() => loadWebConfig({ WEB_PORT: "70000" }), /WEB_PORT/);
    assert.deepEqual(["127.0.0.1", "127.1.2.3", "::1", "localhost", "10.0.0.1", "::"].map(isLoopback), [true, true, true, true, false, false]);
  });
});
