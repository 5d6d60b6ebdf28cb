// A catalog whose upserts are spans: the one piece of real work of the TypeScript worker,
// timed on its own under store_metadata. Injected by the worker only when tracing is on.
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { CatalogUnavailableError, type Catalog } from "../catalog/catalog";
import { ErrorType } from "../contracts/gen/registry";
import { ERROR_TYPE, errorType } from "./interceptors";

export function tracedCatalog(catalog: Catalog): Catalog {
  const tracer = trace.getTracer("media-ts-worker/catalog");
  const upsert: Catalog["upsert"] = (...args) =>
    tracer.startActiveSpan("catalog upsert", async (span) => {
      // "sqlite <path>" or "postgres <url without password>": the first word is the system.
      span.setAttribute("db.system.name", catalog.description.split(" ")[0] ?? "unknown");
      try {
        const result = await catalog.upsert(...args);
        span.setAttributes({ "catalog.created": result.created, "catalog.revision": result.revision });
        return result;
      } catch (err) {
        span.setAttribute(ERROR_TYPE, err instanceof CatalogUnavailableError ? ErrorType.CatalogUnavailable : errorType(err));
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  // A proxy, not a copy: the implementations keep private state that methods must see.
  return new Proxy(catalog, {
    get(target, prop) {
      if (prop === "upsert") return upsert;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
