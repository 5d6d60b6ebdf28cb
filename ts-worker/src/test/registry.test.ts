// Fails when the activities this worker registers differ from schemas/registry.json.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createActivities } from "../activities";
import { assertMatchesRegistry, tsActivityNames } from "../activities/registry";
import { createCatalog } from "../catalog/open";
import { REPO_ROOT, tempDir } from "./helpers/fixtures";

// Read from the source registry, not the generated constants, so a stale generation fails too.
const registry = JSON.parse(readFileSync(join(REPO_ROOT, "schemas", "registry.json"), "utf8")) as {
  activities: { name: string; language: string }[];
};
const expected = registry.activities.filter((a) => a.language === "ts").map((a) => a.name).sort();

describe("activity registry", () => {
  it("the generated ts names match schemas/registry.json", () => {
    assert.deepEqual([...tsActivityNames].sort(), expected);
  });

  it("the activities object has exactly the registry's ts activities", async () => {
    const dir = tempDir("registry");
    const catalog = createCatalog(`file:${join(dir.path, "catalog.db")}`);
    try {
      const activities = createActivities({ catalog });
      assert.deepEqual(Object.keys(activities).sort(), expected);
      for (const name of expected) assert.equal(typeof (activities as Record<string, unknown>)[name], "function");
    } finally {
      await catalog.close();
      dir.remove();
    }
  });

  it("refuses a missing or an extra activity", () => {
    assert.throws(() => assertMatchesRegistry({}), /missing \[store_metadata\]/);
    const extra = Object.fromEntries([...expected, "surprise"].map((n) => [n, () => undefined]));
    assert.throws(() => assertMatchesRegistry(extra), /extra \[surprise\]/);
    assert.doesNotThrow(() => assertMatchesRegistry(Object.fromEntries(expected.map((n) => [n, () => undefined]))));
  });
});
