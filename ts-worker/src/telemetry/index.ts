// What the worker and the client take from telemetry: each entry point calls one function
// and spreads or passes what it returns, so the entry points stay as they are otherwise.
import type { WorkerOptions } from "@temporalio/worker";
import type { WorkflowClientInterceptor } from "@temporalio/client";
import type { Catalog } from "../catalog/catalog";
import { tracedCatalog } from "./catalog";
import { activityInterceptors, clientInterceptors } from "./interceptors";
import { setupTracing, type Tracing } from "./tracing";

export interface WorkerTelemetry extends Tracing {
  /** Spread into Worker.create's options. */
  workerOptions: Pick<WorkerOptions, "interceptors">;
  /** The catalog the activities get (its upserts traced when tracing is on). */
  catalog(catalog: Catalog): Catalog;
}

export function workerTelemetry(env: NodeJS.ProcessEnv = process.env): WorkerTelemetry {
  const tracing = setupTracing("media-ts-worker", env);
  if (!tracing.enabled) return { ...tracing, workerOptions: {}, catalog: (c) => c };
  return { ...tracing, workerOptions: { interceptors: { activity: activityInterceptors } }, catalog: tracedCatalog };
}

export interface ClientTelemetry extends Tracing {
  interceptors: WorkflowClientInterceptor[];
}

export function clientTelemetry(env: NodeJS.ProcessEnv = process.env): ClientTelemetry {
  const tracing = setupTracing("media-client-ts", env);
  if (!tracing.enabled) return { ...tracing, interceptors: [] };
  return { ...tracing, interceptors: clientInterceptors() };
}
