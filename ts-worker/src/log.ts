// One JSON line per event on stdout, the fields every worker writes: time, level, msg, and
// inside a task workflow_id, run_id, activity, attempt and trace_id/span_id (the SDK's and
// the tracing interceptor's metadata under those names). The SDK's default logger writes to
// stderr and may wrap long metadata.
import { DefaultLogger, type LogEntry, type LogLevel } from "@temporalio/worker";

export function createLogger(level: LogLevel): DefaultLogger {
  return new DefaultLogger(level, writeLine);
}

const SDK_KEYS: Record<string, string> = {
  workflowId: "workflow_id",
  runId: "run_id",
  activityType: "activity",
  workflowType: "workflow",
};

function writeLine({ level, message, meta = {}, timestampNanos }: LogEntry): void {
  const time = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
  // The activity task token is an opaque blob of a few hundred characters: noise in a log line.
  const fields = Object.fromEntries(
    Object.entries(meta)
      .filter(([key]) => key !== "taskToken")
      .map(([key, value]) => [SDK_KEYS[key] ?? key, value]),
  );
  process.stdout.write(`${JSON.stringify({ time, level, msg: message, ...fields }, jsonSafe)}\n`);
}

// Errors stringify to {} and bigints throw: log what a reader needs instead.
function jsonSafe(_key: string, value: unknown): unknown {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === "bigint") return value.toString();
  return value;
}
