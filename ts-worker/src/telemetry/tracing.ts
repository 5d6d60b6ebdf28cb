// OpenTelemetry tracing for the TypeScript worker and client, configured by the standard
// OTEL_* variables only, and off (no provider, no interceptor, no exporter) when no OTLP
// endpoint is set. The exporters read endpoint, headers and timeouts from the environment themselves;
// the provider reads OTEL_TRACES_SAMPLER; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
// override the default service name. @temporalio/interceptors-opentelemetry 1.24 is built on
// OpenTelemetry JS 1.x, so every @opentelemetry package here is of that line.
import { SpanStatusCode } from "@opentelemetry/api";
import { OTLPTraceExporter as GrpcExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as ProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { Resource, detectResourcesSync, envDetectorSync } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

export interface Tracing {
  enabled: boolean;
  /** Export the spans not yet sent, within FLUSH_TIMEOUT_MS; never throws. */
  flush(): Promise<void>;
  /** Run fn inside a span named `name` (a client command: the root of the run's trace). */
  inSpan<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

type Env = NodeJS.ProcessEnv;
const PROTOCOLS = ["grpc", "http/protobuf"] as const;
type Protocol = (typeof PROTOCOLS)[number];
// A backend that is down must not hold the process at exit.
const FLUSH_TIMEOUT_MS = 5_000;

export const off: Tracing = { enabled: false, flush: async () => {}, inSpan: (_name, fn) => fn() };

export function tracingEnabled(env: Env): boolean {
  const get = (key: string) => (env[key] ?? "").trim();
  if (get("OTEL_SDK_DISABLED").toLowerCase() === "true" || get("OTEL_TRACES_EXPORTER") === "none") return false;
  return get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") !== "" || get("OTEL_EXPORTER_OTLP_ENDPOINT") !== "";
}

export function otlpProtocol(env: Env): Protocol {
  for (const key of ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"]) {
    const value = (env[key] ?? "").trim();
    if (value === "") continue;
    if (!(PROTOCOLS as readonly string[]).includes(value)) {
      throw new Error(`${key}=${JSON.stringify(value)}: want grpc or http/protobuf`);
    }
    return value as Protocol;
  }
  return "http/protobuf";
}

/** Install a global tracer provider (with async context) exporting over OTLP, or nothing. */
export function setupTracing(service: string, env: Env = process.env): Tracing {
  if (!tracingEnabled(env)) return off;
  const protocol = otlpProtocol(env);
  const exporter = protocol === "grpc" ? new GrpcExporter() : new ProtobufExporter();
  // The environment's attributes merged last, so OTEL_SERVICE_NAME beats the default.
  const resource = new Resource({ "service.name": service }).merge(detectResourcesSync({ detectors: [envDetectorSync] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register(); // AsyncLocalStorage context and the W3C propagators, globally
  const tracer = provider.getTracer(service);
  return {
    enabled: true,
    inSpan: (name, fn) =>
      tracer.startActiveSpan(name, async (span) => {
        try {
          return await fn();
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
          throw err;
        } finally {
          span.end();
        }
      }),
    flush: async () => {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, FLUSH_TIMEOUT_MS).unref());
      await Promise.race([provider.shutdown(), timeout]).catch((err: unknown) => {
        process.stderr.write(`tracing: flush: ${err instanceof Error ? err.message : String(err)}\n`);
      });
    },
  };
}
