import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { check } from "../contracts/boundary";
import { sameJson } from "../contracts/json";
import { ok, runVectors } from "../tools/vectors";
import { PACKAGE_ROOT, VECTORS_DIR } from "./helpers/fixtures";

const TOOL = join(PACKAGE_ROOT, "dist", "tools", "contracts.js");

describe("shared vectors", () => {
  it("agree with `valid` on every vector", () => {
    const report = runVectors(VECTORS_DIR);
    console.log(`ts: ${report.vectors} vectors, ${report.failures} failures`);
    assert.ok(report.vectors > 0, "no vectors found");
    assert.deepEqual(report.verdicts.filter((v) => !ok(v)), []);
    assert.equal(report.failures, 0);
  });

  it("name the path their description names", () => {
    let checked = 0;
    for (const file of readdirSync(VECTORS_DIR).filter((f) => f.endsWith(".json"))) {
      const doc = JSON.parse(readFileSync(join(VECTORS_DIR, file), "utf8")) as {
        tests: { description: string; data: unknown; valid: boolean }[];
      };
      const schema = file.replace(/\.json$/, "") as Parameters<typeof check>[0];
      for (const { description, data, valid } of doc.tests) {
        const expected = describedPath(description);
        if (valid || expected === undefined) continue;
        const message = check(schema, data);
        assert.ok(message?.startsWith(`invalid ${schema} at ${expected}`), `${file} "${description}": ${message}`);
        checked++;
      }
    }
    assert.ok(checked > 100, `only ${checked} vectors name a path`);
  });
});

/** The path a vector description promises: "... at $.x", "missing required field x", ... */
function describedPath(description: string): string | undefined {
  if (description === "unknown field") return "$.unexpected_field";
  const inside = / inside (\$\S*)$/.exec(description);
  if (inside) return `${inside[1]}.`;
  const at = / at (\$\S*)$/.exec(description);
  if (at) return `${at[1]}:`;
  const missing = /^missing required field (\S+)$/.exec(description);
  return missing ? `$.${missing[1]}:` : undefined;
}

describe("sameJson", () => {
  it("ignores key order and compares numbers by value", () => {
    assert.ok(sameJson({ a: 1, b: [1.0, { c: null }] }, { b: [1, { c: null }], a: 1.0 }));
  });
  it("keeps booleans, numbers, null and missing keys apart", () => {
    assert.ok(!sameJson(true, 1));
    assert.ok(!sameJson(null, 0));
    assert.ok(!sameJson({ a: undefined }, {}));
    assert.ok(!sameJson([1, 2], [2, 1]));
    assert.ok(!sameJson({ a: 1 }, { a: 1, b: 2 }));
  });
});

describe("contract tool", () => {
  const tool = (args: string[], input?: string) => spawnSync(process.execPath, [TOOL, ...args], { input, encoding: "utf8" });

  it("vectors DIR prints the shared report and a summary line", () => {
    const result = spawnSync(process.execPath, [TOOL, "vectors", VECTORS_DIR], { encoding: "utf8", maxBuffer: 64 << 20 });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { language: string; vectors: number; failures: number; verdicts: object[] };
    assert.equal(report.language, "ts");
    assert.equal(report.verdicts.length, report.vectors);
    assert.deepEqual(Object.keys(report.verdicts[0] ?? {}), ["schema", "description", "expected", "validator", "typed", "roundtrip"]);
    assert.equal(result.stderr, `ts: ${report.vectors} vectors, 0 failures\n`);
  });

  it("roundtrip NAME echoes a valid value", () => {
    const value = { record_id: "6f1c2d3e-4a5b-5c6d-8e7f-0a1b2c3d4e5f", created: true, stored_at: "2026-11-21T10:00:00Z" };
    const result = tool(["roundtrip", "StoreMetadataOutput"], JSON.stringify(value));
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), value);
  });

  it("roundtrip NAME refuses an invalid value with the error on stderr", () => {
    const result = tool(["roundtrip", "StoreMetadataOutput"], '{"record_id": "x", "created": true, "stored_at": "2026-11-21T10:00:00Z"}');
    assert.equal(result.status, 1);
    assert.equal(result.stdout, "");
    assert.equal(result.stderr, "invalid StoreMetadataOutput at $.record_id: must match format \"uuid\"\n");
  });

  it("roundtrip of an unknown schema is a usage error", () => {
    assert.equal(tool(["roundtrip", "NoSuchSchema"], "{}").status, 2);
  });
});
