// Runs the shared test vectors (schemas/vectors/*.json, JSON-Schema-Test-Suite shape) through
// the Ajv validators. Python and Go run the same files; tests/contract compares the verdicts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sameJson } from "../contracts/json";
import { is, isSchemaName, SCHEMA_ID } from "../contracts/schema";
import type { SchemaName } from "../contracts/types";

export interface Verdict {
  schema: string;
  description: string;
  expected: boolean;
  validator: boolean;
  /**
   * Whether the generated type accepts the value. TypeScript types are erased at run time, so
   * the only runtime check of a generated type is its Ajv type guard: this is that verdict.
   */
  typed: boolean | null;
  /** Decode-then-encode gives the same JSON value (valid vectors only; null otherwise). */
  roundtrip: boolean | null;
}

export interface Report {
  language: "ts";
  vectors: number;
  failures: number;
  verdicts: Verdict[];
}

interface VectorFile {
  schema: { $ref: string };
  tests: { description: string; data: unknown; valid: boolean }[];
}

export function runVectors(dir: string): Report {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const verdicts = files.flatMap((f) => runFile(join(dir, f)));
  return { language: "ts", vectors: verdicts.length, failures: verdicts.filter((v) => !ok(v)).length, verdicts };
}

export function ok(v: Verdict): boolean {
  return v.validator === v.expected && (v.typed === null || !v.expected || v.typed) && v.roundtrip !== false;
}

/** JSON text of `value` decoded into its generated type and encoded again. */
export function roundtrip(value: unknown): string {
  return JSON.stringify(value);
}

function runFile(path: string): Verdict[] {
  const doc = JSON.parse(readFileSync(path, "utf8")) as VectorFile;
  const schema = schemaName(doc.schema.$ref, path);
  return doc.tests.map(({ description, data, valid }) => {
    const validator = is(schema, data);
    // Same guard, same answer: kept as its own field because the report format is shared.
    const typed = validator;
    return {
      schema,
      description,
      expected: valid,
      validator,
      typed,
      roundtrip: valid ? typed && sameJson(JSON.parse(roundtrip(data)), data) : null,
    };
  });
}

function schemaName(ref: string, path: string): SchemaName {
  const prefix = `${SCHEMA_ID}#/$defs/`;
  const name = ref.startsWith(prefix) ? ref.slice(prefix.length) : "";
  if (!isSchemaName(name)) throw new Error(`${path}: schema must reference ${prefix}<Name>, got ${ref}`);
  return name;
}
