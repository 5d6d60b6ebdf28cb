// Every failed request answers an ApiError: the type the CLIs would print for the same failure
// (docs/clients.md) and the HTTP status that goes with it.
import { isGrpcServiceError, ServiceError } from "@temporalio/client";
import { CatalogUnavailableError } from "../catalog/catalog";
import { classify } from "../client/errors";
import { oneLine } from "../contracts/errors";
import { ErrorType } from "../contracts/gen/registry";
import type { ApiError } from "../contracts/gen/types";

/** A failure the web app itself reports (bad query, unknown id, refused request). */
export class WebError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = "WebError";
  }
}

const STATUS: Record<string, number> = {
  [ErrorType.InvalidInput]: 400,
  [ErrorType.SourceUnavailable]: 404,
  [ErrorType.IntegrityError]: 400,
  [ErrorType.CatalogUnavailable]: 503,
  NotFound: 404,
  Unauthorized: 401,
  Forbidden: 403,
  Unavailable: 503,
};

// gRPC UNAVAILABLE and DEADLINE_EXCEEDED: the Temporal server is out of reach.
const GRPC_UNREACHABLE = new Set([4, 14]);

export function toApiError(err: unknown): { status: number; body: ApiError } {
  const { type, message } = describe(err);
  return { status: STATUS[type] ?? 500, body: { type, message: oneLine(message).slice(0, 4000) } };
}

function describe(err: unknown): { type: string; message: string } {
  if (err instanceof WebError) return { type: err.type, message: err.message };
  if (err instanceof CatalogUnavailableError) return { type: ErrorType.CatalogUnavailable, message: err.message };
  const grpc = err instanceof ServiceError ? err.cause : err;
  if (isGrpcServiceError(grpc) && GRPC_UNREACHABLE.has(grpc.code)) {
    return { type: "Unavailable", message: `Temporal is unreachable: ${grpc.details || grpc.message}` };
  }
  return classify(err);
}
