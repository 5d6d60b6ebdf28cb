// The generated constants, checked against the shared expectations
// (schemas/expected/constants.json), as Python and Go check theirs: request defaults, activity
// policies and the constants retyped from the schema.
import { readFileSync } from "node:fs";
import {
  Activities,
  Defaults,
  FrameStrategies,
  HEARTBEAT_INTERVAL_DIVISOR,
  ImageFormats,
  MEDIA_ROOT_DEFAULT,
  WORKFLOW_ID_PATTERN,
} from "./gen/registry";
import { sameJson } from "./json";

export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface ConstantsReport {
  language: "ts";
  failures: number;
  mismatches: Mismatch[];
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

/** The expectations document as the generated TypeScript code has it. */
export function generatedConstants(): Record<string, unknown> {
  const policies: Record<string, unknown> = {};
  for (const a of Object.values(Activities)) {
    const p = a.policy;
    policies[a.name] = {
      start_to_close_seconds: seconds(p.startToCloseMs),
      schedule_to_close_seconds: seconds(p.scheduleToCloseMs),
      heartbeat_timeout_seconds: seconds(p.heartbeatTimeoutMs),
      heartbeat_interval_seconds: seconds(p.heartbeatIntervalMs),
      retry: {
        initial_interval_seconds: seconds(p.retry.initialIntervalMs),
        backoff_coefficient: p.retry.backoffCoefficient,
        maximum_interval_seconds: seconds(p.retry.maximumIntervalMs),
        maximum_attempts: p.retry.maximumAttempts,
      },
      cancellation: p.cancellation,
    };
  }
  return {
    defaults: Defaults,
    policies,
    heartbeat_interval_divisor: HEARTBEAT_INTERVAL_DIVISOR,
    media_root: MEDIA_ROOT_DEFAULT,
    workflow_id_pattern: WORKFLOW_ID_PATTERN,
    frame_strategies: FrameStrategies,
    image_formats: ImageFormats,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Leaf-by-leaf differences: objects on the keys the expectations pin, the rest with sameJson. */
export function mismatches(expected: unknown, actual: unknown, path = "$"): Mismatch[] {
  if (isRecord(expected) && isRecord(actual)) {
    const keys = Object.keys(expected).sort();
    return keys.flatMap((k) => mismatches(expected[k], actual[k], `${path}.${k}`));
  }
  // A key missing on one side reads as undefined: report it as null, as JSON would.
  if (sameJson(expected ?? null, actual ?? null)) return [];
  return [{ path, expected: expected ?? null, actual: actual ?? null }];
}

export function checkConstants(file: string): ConstantsReport {
  const expected = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  delete expected.description;
  // Through JSON, so both sides are plain JSON values.
  const actual = JSON.parse(JSON.stringify(generatedConstants())) as unknown;
  const found = mismatches(expected, actual);
  return { language: "ts", failures: found.length, mismatches: found };
}
