// What the worker and the client take from telemetry: each entry point calls one function
// and spreads or passes what it returns, so the entry points stay as they are otherwise.
import type { RuntimeOptions, WorkerOptions } from "@temporalio/worker";
import type { WorkflowClientInterceptor } from "@temporalio/client";
import type { Catalog } from "../catalog/catalog";
import { tracedCatalog } from "./catalog";
import { activityInterceptors, clientInterceptors } from "./interceptors";
import { counters, metricsPort, runtimeTelemetry } from "./metrics";
import { setupTracing, type Tracing } from "./tracing";

export interface WorkerTelemetry extends Tracing {
  /** Spread into Runtime.install's options (the /metrics endpoint). */
  runtimeOptions: Pick<RuntimeOptions, "telemetryOptions">;
  /** Spread into Worker.create's options. */
  workerOptions: Pick<WorkerOptions, "interceptors">;
  /** The catalog the activities get (its upserts traced when tracing is on). */
  catalog(catalog: Catalog): Catalog;
}

export function workerTelemetry(env: NodeJS.ProcessEnv = process.env): WorkerTelemetry {
  const tracing = setupTracing("media-ts-worker", env);
  const port = metricsPort(env);
  const activity = [...(tracing.enabled ? activityInterceptors : []), ...(port === undefined ? [] : [counters])];
  return {
    ...tracing,
    runtimeOptions: runtimeTelemetry(port),
    workerOptions: activity.length === 0 ? {} : { interceptors: { activity } },
    catalog: tracing.enabled ? tracedCatalog : (c) => c,
  };
}

export interface ClientTelemetry extends Tracing {
  interceptors: WorkflowClientInterceptor[];
}

export function clientTelemetry(env: NodeJS.ProcessEnv = process.env): ClientTelemetry {
  const tracing = setupTracing("media-client-ts", env);
  if (!tracing.enabled) return { ...tracing, interceptors: [] };
  return { ...tracing, interceptors: clientInterceptors() };
}
