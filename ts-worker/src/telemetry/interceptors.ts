// The Temporal interceptors tracing adds to the worker and the client. The error type of a
// failed activity and the facts of a successful one go on the activity's own span (inside
// the SDK's tracing interceptor), so a search by error.type finds the attempt that failed.
import { trace } from "@opentelemetry/api";
import type { Context as ActivityContext } from "@temporalio/activity";
import { ApplicationFailure, CancelledFailure } from "@temporalio/common";
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from "@temporalio/interceptors-opentelemetry/lib/worker";
import { OpenTelemetryWorkflowClientInterceptor } from "@temporalio/interceptors-opentelemetry/lib/client";
import type { WorkflowClientInterceptor } from "@temporalio/client";
import type { ActivityInboundCallsInterceptor, ActivityInterceptors } from "@temporalio/worker";

/** OpenTelemetry's semantic convention, the same attribute in every language. */
export const ERROR_TYPE = "error.type";

export function errorType(err: unknown): string {
  if (err instanceof ApplicationFailure && err.type) return err.type;
  if (err instanceof CancelledFailure) return "Cancelled";
  return "Unclassified";
}

const activityFacts: ActivityInboundCallsInterceptor = {
  async execute(input, next) {
    const span = trace.getActiveSpan();
    try {
      const out = await next(input);
      const recordId = (out as { record_id?: unknown } | null)?.record_id;
      if (typeof recordId === "string") span?.setAttribute("catalog.record_id", recordId);
      return out;
    } catch (err) {
      span?.setAttribute(ERROR_TYPE, errorType(err));
      throw err;
    }
  },
};

/** Worker activity interceptor factories, the first outermost: tracing, then the span's facts. */
export const activityInterceptors: ((ctx: ActivityContext) => ActivityInterceptors)[] = [
  (ctx) => ({
    inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
    // Puts the trace and span ids on every activity log line.
    outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
  }),
  () => ({ inbound: activityFacts }),
];

export function clientInterceptors(): WorkflowClientInterceptor[] {
  return [new OpenTelemetryWorkflowClientInterceptor()];
}
