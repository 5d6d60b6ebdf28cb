// Paths and sample values shared by the tests. Samples come from the shared vectors, so the
// tests use the same records the Python and Go tests see.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { StoreMetadataInput } from "../../contracts/gen/types";

/** ts-worker/ (tests run from dist/test/...). */
export const PACKAGE_ROOT = resolve(__dirname, "..", "..", "..");
export const REPO_ROOT = resolve(PACKAGE_ROOT, "..");
export const VECTORS_DIR = join(REPO_ROOT, "schemas", "vectors");
export const TEMPORAL_CLI = join(REPO_ROOT, ".venv", "bin", "temporal");

interface VectorFile {
  tests: { description: string; data: unknown; valid: boolean }[];
}

export function vectorData(schema: string, description: string): unknown {
  const doc = JSON.parse(readFileSync(join(VECTORS_DIR, `${schema}.json`), "utf8")) as VectorFile;
  const test = doc.tests.find((t) => t.description === description);
  if (test === undefined) throw new Error(`no vector "${description}" in ${schema}.json`);
  return structuredClone(test.data);
}

/** A valid StoreMetadataInput (with a storyboard) for `workflowId`. */
export function sampleInput(workflowId: string, withStoryboard = true): StoreMetadataInput {
  const input = vectorData("StoreMetadataInput", "valid #1") as StoreMetadataInput;
  input.metadata.workflow_id = workflowId;
  if (!withStoryboard) delete input.metadata.storyboard;
  return input;
}

/** A temporary directory removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
