// make bench (web part): the web catalog over 10,000 generated records in a SQLite catalog.
// Prints, and writes to .data/bench/web.json, the p50/p95 latency of list and search API
// requests and the library page's first contentful paint (the server-rendered grid) in
// headless chromium. Figures, never assertions.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client/sqlite3";
import { type Browser, chromium } from "playwright-core";
import { openCatalog } from "../../catalog/open";
import { toRow, toTexts } from "../../catalog/record";
import { deleteBandsSql, insertBandsStatements } from "../../catalog/similar-sql";
import { deleteTextsSql, insertTextsStatements, upsertArgs, upsertSql } from "../../catalog/sql";
import { FileStore } from "../../media/files";
import { buildApp } from "../../web/app";
import { LocalMediaSource } from "../../web/media";
import { REPO_ROOT, sampleInput, tempDir } from "../helpers/fixtures";

const RECORDS = Number(process.env.BENCH_WEB_RECORDS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_WEB_REQUESTS ?? 200);
const PAINTS = 10;

async function main(): Promise<void> {
  const dir = tempDir("web-bench");
  const media = join(dir.path, "media");
  mkdirSync(join(media, "bench"), { recursive: true });
  execFileSync("ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1", join(media, "bench", "poster.jpg")]);
  const path = join(dir.path, "catalog.db");
  // Tables and indexes first, as the worker creates them.
  await (await openCatalog(`file:${path}`)).close();
  const seeded = Date.now();
  await seed(path);
  const seedSeconds = (Date.now() - seeded) / 1000;

  const catalog = await openCatalog(`file:${path}`);
  const unused = () => Promise.reject(new Error("runs are not part of this benchmark"));
  const app = await buildApp({
    catalog,
    media: new LocalMediaSource(new FileStore(media)),
    runs: { list: unused, start: unused, cancel: unused },
    temporalUiUrl: "http://127.0.0.1:8233",
    namespace: "default",
  });
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    const api = {
      "list newest, first page": () => "/api/videos",
      "list by URL, random page": () => `/api/videos?sort=url&offset=${24 * Math.floor(Math.random() * (RECORDS / 24))}`,
      "list longest, deep page": () => `/api/videos?sort=longest&offset=${RECORDS - 48}`,
      "search URL (clip-42...)": () => "/api/search?q=clip-42",
      "search on-screen text (WORD 7)": () => "/api/search?q=word%207",
      "search, no match": () => "/api/search?q=nothing-matches-this",
      "similar (7 bits), random record": () => `/api/videos/${benchId(Math.floor(Math.random() * RECORDS))}/similar?max_distance=7`,
    };
    const latency: Record<string, { p50_ms: number; p95_ms: number }> = {};
    for (const [name, url] of Object.entries(api)) {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const start = performance.now();
        const response = await fetch(`${base}${url()}`);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${url()}: ${response.status}`);
        times.push(performance.now() - start);
      }
      latency[name] = { p50_ms: quantile(times, 0.5), p95_ms: quantile(times, 0.95) };
    }

    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
    let paints: number[];
    let baseline: number[];
    try {
      // Alternating, so both see the same machine: the library page, and /healthz (a one-line
      // page) as the floor of a first paint in a fresh browser context on this machine.
      [paints, baseline] = [[], []];
      for (let i = 0; i < PAINTS; i++) {
        paints.push(await firstPaint(browser, `${base}/`));
        baseline.push(await firstPaint(browser, `${base}/healthz`));
      }
    } finally {
      await browser.close();
    }
    const result = {
      records: RECORDS,
      seed_seconds: seedSeconds,
      requests_each: REQUESTS,
      api: latency,
      library_first_contentful_paint_ms: { p50: quantile(paints, 0.5), p95: quantile(paints, 0.95), runs: PAINTS },
      empty_page_first_contentful_paint_ms: { p50: quantile(baseline, 0.5), p95: quantile(baseline, 0.95), runs: PAINTS },
      targets: { api_p95_ms: 50, first_paint_ms: 300 },
    };
    const out = join(REPO_ROOT, ".data", "bench");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "web.json"), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`web catalog, ${RECORDS} records (seeded in ${seedSeconds.toFixed(1)} s):\n`);
    for (const [name, l] of Object.entries(latency)) {
      process.stdout.write(`  ${name.padEnd(34)} p50 ${l.p50_ms.toFixed(1)} ms, p95 ${l.p95_ms.toFixed(1)} ms (target p95 <= 50)\n`);
    }
    const fcp = result.library_first_contentful_paint_ms;
    const floor = result.empty_page_first_contentful_paint_ms;
    process.stdout.write(`  library first contentful paint     p50 ${fcp.p50.toFixed(0)} ms, p95 ${fcp.p95.toFixed(0)} ms (target <= 300)\n`);
    process.stdout.write(
      `  empty page (/healthz), same runs   p50 ${floor.p50.toFixed(0)} ms, p95 ${floor.p95.toFixed(0)} ms: library / empty ${(fcp.p50 / floor.p50).toFixed(2)}\n`,
    );
  } finally {
    await app.close();
    await catalog.close();
    dir.remove();
  }
}

/** First contentful paint of url in a fresh context (no cache: a first visit), in ms. */
async function firstPaint(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    // The paint entry may come after `load`: wait for it (buffered), bounded.
    return await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            const entry = list.getEntriesByName("first-contentful-paint")[0];
            if (entry !== undefined) resolve(entry.startTime);
          }).observe({ type: "paint", buffered: true });
          setTimeout(() => resolve(Number.NaN), 10_000);
        }),
    );
  } finally {
    await context.close();
  }
}

/** 10,000 records in one transaction, written with the statements store_metadata uses. */
async function seed(path: string): Promise<void> {
  const client = createClient({ url: `file:${path}`, intMode: "number" });
  try {
    const statements = [];
    const t0 = Date.parse("2026-01-01T00:00:00Z");
    for (let i = 0; i < RECORDS; i++) {
      const md = sampleInput(benchId(i)).metadata;
      md.video_url = `https://videos.example.com/library/clip-${i}.mp4`;
      md.probe.duration_seconds = 5 + ((i * 7919) % 3600);
      for (const t of md.poster.thumbnails) t.image.uri = "media://bench/poster.jpg";
      const row = toRow(md);
      const texts = [
        ...toTexts(md),
        { text: `WORD ${i % 100}`, first_seconds: 1, last_seconds: 2 },
        { text: `caption ${i}`, first_seconds: 3, last_seconds: 4 },
      ];
      statements.push({ sql: upsertSql("sqlite"), args: upsertArgs(row, new Date(t0 + i * 60_000).toISOString()) });
      statements.push({ sql: deleteTextsSql("sqlite"), args: [row.workflow_id] });
      statements.push(...insertTextsStatements("sqlite", row.record_id, row.workflow_id, texts));
      statements.push({ sql: deleteBandsSql("sqlite"), args: [row.workflow_id] });
      statements.push(...insertBandsStatements("sqlite", row.workflow_id, benchPhash(i)));
    }
    await client.batch(statements, "write");
  } finally {
    client.close();
  }
}

function benchId(i: number): string {
  return `bench-${String(i).padStart(5, "0")}`;
}

/**
 * Realistic poster hashes: uniformly random 64-bit values (a DCT hash's bits are close to
 * independent across unrelated videos), except that every tenth record re-encodes the one
 * before it: the same hash with 1 to 6 bits flipped.
 */
function benchPhash(i: number): string {
  const random = (n: number) => {
    // splitmix64 of the index: deterministic, so runs compare.
    let z = (BigInt(n) * 0x9e3779b97f4a7c15n + 0x632be59bd9b4e019n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
  };
  if (i % 10 !== 9) return random(i).toString(16).padStart(16, "0");
  let x = random(i - 1);
  const flips = 1 + (i % 6);
  for (let k = 0; k < flips; k++) x ^= 1n << (random(i * 64 + k) % 64n);
  return x.toString(16).padStart(16, "0");
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

main().catch((err: unknown) => {
  process.stderr.write(`web bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
