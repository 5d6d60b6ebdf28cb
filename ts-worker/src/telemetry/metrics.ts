// The worker's Prometheus endpoint: the SDK's runtime metrics and the pipeline's counters,
// on loopback when TS_WORKER_METRICS_PORT is set (unset: no endpoint, nothing counted). The
// counter names are the same in the Python and Go workers.
import type { Context as ActivityContext } from "@temporalio/activity";
import type { ActivityInterceptors, RuntimeOptions } from "@temporalio/worker";
import { errorType } from "./interceptors";

export const PORT_SETTING = "TS_WORKER_METRICS_PORT";
/** Activity attempts by {activity, outcome}: "ok" or the catalogue's error type. */
export const OUTCOMES = "media_activity_outcomes";
export const RECORDS = "media_catalog_records_stored";

export function metricsPort(env: NodeJS.ProcessEnv): number | undefined {
  const raw = (env[PORT_SETTING] ?? "").trim();
  if (raw === "") return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new Error(`${PORT_SETTING} must be a TCP port (got ${JSON.stringify(raw)})`);
  }
  return port;
}

/** Runtime.install's telemetry options: Prometheus conventions, as the Go worker has them. */
export function runtimeTelemetry(port: number | undefined): Pick<RuntimeOptions, "telemetryOptions"> {
  if (port === undefined) return {};
  return {
    telemetryOptions: {
      metrics: {
        prometheus: { bindAddress: `127.0.0.1:${port}`, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
      },
    },
  };
}

export function counters(ctx: ActivityContext): ActivityInterceptors {
  const outcomes = ctx.metricMeter.createCounter(OUTCOMES, "1", "activity attempts by outcome");
  const records = ctx.metricMeter.createCounter(RECORDS, "1", "catalog records written");
  const activity = ctx.info.activityType;
  return {
    inbound: {
      async execute(input, next) {
        try {
          const out = await next(input);
          outcomes.add(1, { activity, outcome: "ok" });
          if (typeof (out as { record_id?: unknown } | null)?.record_id === "string") records.add(1);
          return out;
        } catch (err) {
          outcomes.add(1, { activity, outcome: errorType(err) });
          throw err;
        }
      },
    },
  };
}
