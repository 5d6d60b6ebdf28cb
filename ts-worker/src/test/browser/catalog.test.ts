/// <reference lib="dom" />
// The web catalog in a real browser (Debian's chromium through playwright-core) against the
// real stack: real clips are started from the runs page's form and processed by the three
// workers; then the library, search, the video page's storyboard, cancel, and the XSS,
// traversal and cross-site cases. Screenshots go to .data/test-artifacts/browser/.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import type { CatalogPage, CatalogRecord } from "../../contracts/gen/types";
import { REPO_ROOT, tempDir } from "../helpers/fixtures";
import { type ClipServer, makeClip, serveClips } from "./clips";
import { startStack, type TestStack } from "./stack";

const ARTIFACTS = join(REPO_ROOT, ".data", "test-artifacts", "browser");
const XSS_PATH = "/%3Cscript%3Ealert(1)%3C%2Fscript%3E.mp4";
const XSS_TITLE = "<script>alert(1)</script>.mp4";
// Bounds on waiting for the pipeline: a loaded 2-core machine is slow, a hung run is not.
const RUN_TIMEOUT_MS = 300_000;

const dir = tempDir("browser");
let stack: TestStack | undefined;
let clips: ClipServer | undefined;
let browser: Browser | undefined;
let page: Page;
const dialogs: string[] = [];
let workflowId = "";

const web = (path: string) => `${stack?.webUrl ?? ""}${path}`;
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

async function api<T>(path: string): Promise<T> {
  const response = await fetch(web(path));
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return (await response.json()) as T;
}

/** Submits the runs page's form and returns what it shows. */
async function startFromForm(url: string): Promise<{ text: string; errorType: string | null }> {
  await page.goto(web("/runs"));
  await page.fill("#start-url", url);
  await page.click("#start-form button[type=submit]");
  const result = page.locator("#start-result");
  await page.waitForFunction(() => {
    const text = document.getElementById("start-result")?.textContent ?? "";
    return text !== "" && text !== "starting…";
  });
  return { text: (await result.textContent()) ?? "", errorType: await result.getAttribute("data-error-type") };
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const [titled, long] = await Promise.all([
    makeClip(join(dir.path, "titled.mp4"), 6, "CATALOG"),
    // Long enough to be still running when the test cancels it (it cancels during media work).
    makeClip(join(dir.path, "long.mp4"), 60, "LONG"),
  ]);
  clips = await serveClips({ [XSS_PATH]: titled, "/long.mp4": long });
  stack = await startStack(join(dir.path, "stack"));
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // An alert would mean a script from a URL or a title ran.
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

after(async () => {
  await browser?.close();
  await stack?.down();
  await clips?.close();
  dir.remove();
});

describe("web catalog in chromium", { timeout: 900_000 }, () => {
  it("shows a start form's typed error, escaped", async () => {
    const shown = await startFromForm("not a url <b>bold</b>");
    assert.equal(shown.errorType, "InvalidInput");
    assert.match(shown.text, /^error: InvalidInput: invalid PipelineRequest at \$\.video_url/);
    assert.equal(await page.locator("#start-result b").count(), 0, "markup in the message stays text");
  });

  it("starts a run from the form and follows it to COMPLETED without a reload", async () => {
    const shown = await startFromForm(clips?.url(XSS_PATH) ?? "");
    const started = /^started (\S+)$/.exec(shown.text);
    assert.ok(started, shown.text);
    workflowId = started[1] ?? "";
    const row = `#runs-body tr[data-workflow-id="${workflowId}"]`;
    await page.waitForSelector(row);
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => navigations.push(frame.url()));
    await page.waitForSelector(`${row}[data-status="COMPLETED"]`, { timeout: RUN_TIMEOUT_MS });
    assert.deepEqual(navigations, [], "the table updates in place");
    assert.equal(await page.locator(`${row} progress`).getAttribute("value"), "100");
    await shot("runs");
  });

  it("lists the video in the library, its title as text", async () => {
    await page.goto(web("/"));
    const card = page.locator(`.card[data-workflow-id="${workflowId}"]`);
    assert.equal(await card.locator(".title").textContent(), XSS_TITLE);
    assert.equal(await card.locator(".resolution").textContent(), "640×360");
    assert.match((await card.locator(".duration").textContent()) ?? "", /^0:0[56]\.\d$/);
    // The poster loaded (a broken image has no natural width).
    await page.waitForFunction(
      (id) => (document.querySelector<HTMLImageElement>(`.card[data-workflow-id="${id}"] img`)?.naturalWidth ?? 0) > 0,
      workflowId,
    );
    // The page paints from its own HTML (inline CSS); its one script, deferred, only adds the
    // hover previews.
    assert.deepEqual(
      await page.$$eval("script", (scripts) => scripts.map((s) => [s.getAttribute("src"), s.defer])),
      [["/static/app.js", true]],
    );
    assert.deepEqual(dialogs, []);
    await shot("library");
  });

  it("shows the animated preview on hover and on focus, loaded only then", async () => {
    const record = await api<CatalogRecord>(`/api/videos/${workflowId}`);
    const preview = record.metadata.preview;
    assert.ok(preview !== undefined, "the run made a preview");
    const previewPath = `/media/${preview.uri.slice("media://".length)}`;
    const requested: string[] = [];
    const types: string[] = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    page.on("response", (r) => {
      if (new URL(r.url()).pathname === previewPath) types.push(r.headers()["content-type"] ?? "");
    });
    await page.goto(web("/"));
    await page.waitForLoadState("networkidle");
    const img = page.locator(`.card[data-workflow-id="${workflowId}"] img`);
    const poster = await img.getAttribute("src");
    assert.equal(await img.getAttribute("data-preview"), previewPath);
    assert.ok(!requested.includes(previewPath), "not loaded before a hover");

    await img.hover();
    const loaded = () =>
      page.waitForFunction(
        ([id, path]) => {
          const el = document.querySelector<HTMLImageElement>(`.card[data-workflow-id="${id}"] img`);
          return el !== null && new URL(el.src).pathname === path && el.complete && el.naturalWidth > 0;
        },
        [workflowId, previewPath] as const,
      );
    await loaded();
    assert.ok(requested.includes(previewPath));
    assert.deepEqual(types, ["image/webp"]);
    assert.equal(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth), 320);
    await shot("library-preview");
    await page.mouse.move(0, 0);
    await page.waitForFunction(
      ([id, src]) => document.querySelector(`.card[data-workflow-id="${id}"] img`)?.getAttribute("src") === src,
      [workflowId, poster] as const,
    );
    // The keyboard: focusing the card's link shows it as well.
    await page.locator(`.card[data-workflow-id="${workflowId}"] a`).focus();
    await loaded();
    // The video page shows it too.
    await page.goto(web(`/videos/${encodeURIComponent(workflowId)}`));
    assert.equal(await page.locator("#preview").getAttribute("src"), previewPath);
    assert.deepEqual(dialogs, []);
  });

  it("searches by URL and by the text on screen", async () => {
    const record = await api<CatalogRecord>(`/api/videos/${workflowId}`);
    const seen = record.metadata.content?.text_index ?? [];
    assert.ok(seen.length > 0, "OCR indexed the caption");
    const word = seen[0]?.text.split(/\s+/)[0] ?? "";

    for (const query of ["script", word.toLowerCase()]) {
      await page.goto(web("/"));
      await page.fill("form.search input[name=q]", query);
      await page.press("form.search input[name=q]", "Enter");
      await page.waitForURL(/\?q=/);
      assert.equal(await page.locator(`.card[data-workflow-id="${workflowId}"]`).count(), 1, `search "${query}"`);
    }
    assert.ok((await page.locator(".card .matches li").count()) > 0, "the matching on-screen text is shown");
    await page.goto(web(`/?q=${encodeURIComponent("no such thing anywhere")}`));
    assert.equal(await page.locator(".card").count(), 0);
    assert.match((await page.locator("#summary").textContent()) ?? "", /^0 videos/);
    const json = await api<CatalogPage>(`/api/search?q=${encodeURIComponent(word)}`);
    assert.ok(json.items.some((e) => e.workflow_id === workflowId && (e.text_matches?.length ?? 0) > 0));
  });

  it("plays the source and shows the storyboard tile of the time under the pointer", async () => {
    const record = await api<CatalogRecord>(`/api/videos/${workflowId}`);
    const sb = record.metadata.storyboard;
    assert.ok(sb !== undefined);
    const vttPath = `/media/${sb.vtt.uri.slice("media://".length)}`;
    const cues = parseVtt(await (await fetch(web(vttPath))).text());
    assert.equal(cues.length, sb.tile_count);

    await page.goto(web(`/videos/${encodeURIComponent(workflowId)}`));
    assert.equal(await page.locator("h1.title").textContent(), XSS_TITLE);
    await page.waitForSelector("#scrub[data-ready]");
    // The browser fetched enough of the source (range requests) to know its length.
    await page.waitForFunction(() => (document.getElementById("player") as HTMLVideoElement).readyState >= 1);
    const duration = await page.$eval("#player", (v) => (v as HTMLVideoElement).duration);
    assert.ok(Math.abs(duration - record.metadata.probe.duration_seconds) < 0.2, `duration ${duration}`);

    const box = await page.locator("#scrub").boundingBox();
    assert.ok(box !== null);
    const total = record.metadata.probe.duration_seconds;
    const tiles = new Set<string>();
    // The middle of each cue (the first four): every one must show its own tile.
    const fractions = cues.slice(0, 4).map((c) => (c.start + c.end) / 2 / total);
    assert.ok(fractions.length >= 3, "a few tiles to tell apart");
    for (const fraction of fractions) {
      await page.mouse.move(box.x + fraction * box.width, box.y + box.height / 2);
      const tile = page.locator("#tile");
      await tile.waitFor({ state: "visible" });
      const time = Number(await tile.getAttribute("data-time"));
      // The page's time is the pointer's, within one pixel.
      assert.ok(Math.abs(time - fraction * total) <= (2 * total) / box.width, `time ${time} at ${fraction}`);
      const cue = cues.find((c) => time >= c.start && time < c.end) ?? cues[cues.length - 1];
      assert.ok(cue !== undefined);
      const sheet = new URL(cue.file, web(vttPath)).pathname;
      assert.equal(await tile.getAttribute("data-sheet"), sheet, `sheet at ${time}`);
      assert.equal(await tile.getAttribute("data-xywh"), `${cue.x},${cue.y},${cue.w},${cue.h}`, `tile at ${time}`);
      const css = await tile.evaluate((el) => {
        const style = getComputedStyle(el);
        return { image: style.backgroundImage, position: style.backgroundPosition, width: style.width };
      });
      assert.ok(css.image.includes(sheet), css.image);
      assert.equal(css.position, `${-cue.x}px ${-cue.y}px`);
      assert.equal(css.width, `${cue.w}px`);
      tiles.add(`${cue.file}#${cue.x},${cue.y}`);
      if (fraction === fractions[1]) await shot("video");
    }
    assert.equal(tiles.size, fractions.length, "each place its own tile");
    // A click seeks the player to the time under the pointer.
    await page.mouse.click(box.x + 0.5 * box.width, box.y + box.height / 2);
    const now = await page.$eval("#player", (v) => (v as HTMLVideoElement).currentTime);
    assert.ok(Math.abs(now - total / 2) <= (2 * total) / box.width + 0.05, `seeked to ${now}`);
    assert.ok((await page.locator('svg[data-track="scenes"] rect').count()) >= 1);
    assert.deepEqual(dialogs, []);
  });

  it("cancels a running pipeline from the runs page", async () => {
    const shown = await startFromForm(clips?.url("/long.mp4") ?? "");
    const id = /^started (\S+)$/.exec(shown.text)?.[1] ?? assert.fail(shown.text);
    const row = `#runs-body tr[data-workflow-id="${id}"]`;
    // Past the download: the run is doing media work when it is cancelled.
    await page.waitForFunction(
      (selector) => ["probing", "extracting", "analyzing"].includes(document.querySelector(`${selector} .stage`)?.textContent ?? ""),
      row,
      { timeout: RUN_TIMEOUT_MS },
    );
    await page.click(`${row} button.cancel`);
    await page.waitForSelector(`${row}[data-status="CANCELED"]`, { timeout: RUN_TIMEOUT_MS });
    assert.match((await page.locator("#start-result").textContent()) ?? "", new RegExp(`^cancel requested: ${id}`));
    // Nothing of it reached the catalog.
    assert.equal((await fetch(web(`/api/videos/${id}`))).status, 404);
  });

  it("serves only valid media keys, never a listing, and refuses cross-site writes", async () => {
    const record = await api<CatalogRecord>(`/api/videos/${workflowId}`);
    const poster = `/media/${record.entry.poster.slice("media://".length)}`;
    const ok = await fetch(web(poster));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("content-type"), "image/jpeg");
    assert.match(ok.headers.get("cache-control") ?? "", /max-age=\d+/);
    const ranged = await fetch(web(poster), { headers: { Range: "bytes=0-9" } });
    assert.equal(ranged.status, 206);
    assert.equal((await ranged.arrayBuffer()).byteLength, 10);

    // Sent byte for byte (fetch would normalise the dots away before they reach the server).
    for (const path of ["/media/../catalog.db", "/media/%2e%2e/catalog.db", "/media/runs/..%2F..%2Fetc/passwd", "/media/.hidden"]) {
      const response = await rawGet(web(path));
      assert.equal(response.status, 400, path);
      assert.equal((JSON.parse(response.body) as { type: string }).type, "InvalidInput", path);
    }
    const folder = poster.slice(0, poster.lastIndexOf("/"));
    const listing = await fetch(web(folder));
    assert.equal(listing.status, 404, "a folder is not listed");

    const post = (headers: Record<string, string>) =>
      fetch(web("/api/runs"), { method: "POST", headers: { "content-type": "application/json", ...headers }, body: '{"video_url":"https://example.com/a.mp4"}' });
    // No origin, another origin, and this origin without the CSRF token.
    const attempts: Record<string, string>[] = [{}, { origin: "http://evil.example" }, { origin: stack?.webUrl ?? "" }];
    for (const headers of attempts) {
      const refused = await post(headers);
      assert.equal(refused.status, 403, JSON.stringify(headers));
      assert.equal(((await refused.json()) as { type: string }).type, "Forbidden");
    }
  });
});

/** GET with the path exactly as given. */
function rawGet(url: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const path = url.slice(url.indexOf("/", "http://".length));
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

interface Cue {
  start: number;
  end: number;
  file: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The test's own reading of the WebVTT file, independent of the page's script. */
function parseVtt(text: string): Cue[] {
  const stamp = (s: string) => s.split(":").reduce((t, p) => t * 60 + Number(p), 0);
  return [...text.matchAll(/^([\d:.]+) --> ([\d:.]+)\s*\n(\S+?)#xywh=(\d+),(\d+),(\d+),(\d+)$/gm)].map((m) => ({
    start: stamp(m[1] ?? ""),
    end: stamp(m[2] ?? ""),
    file: m[3] ?? "",
    x: Number(m[4]),
    y: Number(m[5]),
    w: Number(m[6]),
    h: Number(m[7]),
  }));
}
