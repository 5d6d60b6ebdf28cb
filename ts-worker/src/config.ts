// Project settings from the environment (the table in docs/conventions.md). The Temporal
// connection itself comes from @temporalio/envconfig, not from here.
import type { LogLevel } from "@temporalio/common";
import { DEFAULT_CATALOG_URL } from "./catalog/open";

export interface WorkerConfig {
  catalogUrl: string;
  maxConcurrentActivities: number;
  /** Activities per second this worker starts, and the whole task queue starts (server-side). */
  maxActivitiesPerSecond?: number;
  maxTaskQueueActivitiesPerSecond?: number;
  logLevel: LogLevel;
}

const LOG_LEVELS: Record<string, LogLevel> = { debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR" };

export function loadConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  return {
    catalogUrl: nonEmpty(env.CATALOG_URL) ?? DEFAULT_CATALOG_URL,
    maxConcurrentActivities: positiveInt("WORKER_MAX_CONCURRENT_ACTIVITIES", env.WORKER_MAX_CONCURRENT_ACTIVITIES, 8),
    maxActivitiesPerSecond: rate("WORKER_MAX_ACTIVITIES_PER_SECOND", env.WORKER_MAX_ACTIVITIES_PER_SECOND),
    maxTaskQueueActivitiesPerSecond: rate("TASK_QUEUE_MAX_ACTIVITIES_PER_SECOND", env.TASK_QUEUE_MAX_ACTIVITIES_PER_SECOND),
    logLevel: logLevel(env.LOG_LEVEL),
  };
}

function rate(name: string, value: string | undefined): number | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a number above 0 (got ${JSON.stringify(value)})`);
  return n;
}

function logLevel(value: string | undefined): LogLevel {
  const name = (nonEmpty(value) ?? "info").toLowerCase();
  const level = LOG_LEVELS[name];
  if (level === undefined) throw new Error(`LOG_LEVEL must be one of debug, info, warn, error (got ${JSON.stringify(value)})`);
  return level;
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  const text = nonEmpty(value);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new Error(`${name} must be a positive integer (got ${JSON.stringify(value)})`);
  }
  return n;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
