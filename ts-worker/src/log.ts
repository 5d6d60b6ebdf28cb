// One line per event on stdout (the convention for every worker), with the SDK's metadata
// as compact JSON. The SDK's default logger writes to stderr and may wrap long metadata.
import { DefaultLogger, type LogEntry, type LogLevel } from "@temporalio/worker";

export function createLogger(level: LogLevel): DefaultLogger {
  return new DefaultLogger(level, writeLine);
}

function writeLine({ level, message, meta = {}, timestampNanos }: LogEntry): void {
  const time = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
  // The activity task token is an opaque blob of a few hundred characters: noise in a log line.
  const fields = Object.fromEntries(Object.entries(meta).filter(([key]) => key !== "taskToken"));
  const extra = Object.keys(fields).length === 0 ? "" : ` ${JSON.stringify(fields, jsonSafe)}`;
  process.stdout.write(`${time} ${level} ${message.replace(/\s*\n\s*/g, " ")}${extra}\n`);
}

// Errors stringify to {} and bigints throw: log what a reader needs instead.
function jsonSafe(_key: string, value: unknown): unknown {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === "bigint") return value.toString();
  return value;
}
