// How a command fails (docs/clients.md, "Errors and exit codes"): exit 2 for bad usage or a
// Temporal out of reach, exit 1 with `error: <Type>: <message>` for everything else, where the
// type is a catalogue type, Cancelled, NotFound, or WorkflowFailed.
import { isGrpcServiceError, ServiceError, WorkflowFailedError } from "@temporalio/client";
import {
  ApplicationFailure,
  CancelledFailure,
  NamespaceNotFoundError,
  WorkflowNotFoundError,
} from "@temporalio/common";
import { oneLine } from "../contracts/errors";
import { ErrorType } from "../contracts/gen/registry";

/** A failure the client itself reports, typed like a run's failure. */
export class CliError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Bad command line (exit 2); the message is the argument parser's. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Temporal cannot be reached (exit 2); the message says where and why. */
export class ConnectError extends Error {
  override name = "ConnectError";
}

/** What `err` prints on stderr and the exit code that goes with it. */
export function report(err: unknown, usage: string): { code: 1 | 2; text: string } {
  if (err instanceof UsageError || isParseArgsError(err)) return { code: 2, text: `${usage}\nerror: ${err.message}` };
  if (err instanceof ConnectError) return { code: 2, text: `error: ${oneLine(err.message)}` };
  const { type, message } = classify(err);
  return { code: 1, text: `error: ${type}: ${oneLine(message)}` };
}

/** The catalogue type and message of a failure. */
export function classify(err: unknown): { type: string; message: string } {
  if (err instanceof CliError) return { type: err.type, message: err.message };
  if (err instanceof WorkflowNotFoundError || err instanceof NamespaceNotFoundError) {
    return { type: "NotFound", message: err.message };
  }
  if (err instanceof WorkflowFailedError) {
    for (let cause: unknown = err.cause; cause instanceof Error; cause = cause.cause) {
      if (cause instanceof CancelledFailure) return { type: "Cancelled", message: "the run was cancelled" };
      if (isCatalogued(cause)) return { type: cause.type, message: cause.message };
    }
    return { type: "WorkflowFailed", message: err.cause?.message ?? err.message };
  }
  if (isCatalogued(err)) return { type: err.type, message: err.message };
  return { type: "WorkflowFailed", message: reason(err) };
}

function isCatalogued(err: unknown): err is ApplicationFailure & { type: ErrorType } {
  return err instanceof ApplicationFailure && typeof err.type === "string" && Object.hasOwn(ErrorType, err.type);
}

/** The most telling message of an SDK error: the gRPC status behind a ServiceError. */
export function reason(err: unknown): string {
  const grpc = err instanceof ServiceError ? err.cause : err;
  if (isGrpcServiceError(grpc)) return grpc.details || grpc.message;
  return err instanceof Error ? err.message : String(err);
}

function isParseArgsError(err: unknown): err is Error {
  return err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS_");
}
