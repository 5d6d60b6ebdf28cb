// How the client fails: every error ends as one `error: ...` line and an exit code
// (1: the command failed; 2: bad usage or Temporal out of reach), as in the Python client.
import { isGrpcServiceError, QueryNotRegisteredError, ServiceError } from "@temporalio/client";
import { NamespaceNotFoundError, WorkflowNotFoundError } from "@temporalio/common";
import { oneLine } from "../contracts/errors";

/** A typed failure: `type` is a catalogue error type, `Cancelled`, or a failure class name. */
export class ClientError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = "ClientError";
  }
}

/** A command that cannot go ahead (a source that is neither URL nor file): `error: <message>`. */
export class InputError extends Error {
  override name = "InputError";
}

/** Bad command line, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Temporal cannot be reached (or its configuration cannot be read), exit 2. */
export class ConnectError extends Error {
  override name = "ConnectError";
}

// gRPC status codes by number (https://grpc.github.io/grpc/core/md_doc_statuscodes.html).
const GRPC_STATUS = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
] as const;

export interface RpcStatus {
  /** gRPC status name, e.g. NOT_FOUND. */
  code: string;
  message: string;
}

/** The gRPC status behind an SDK error, or undefined when `err` is not an RPC failure. */
export function rpcStatus(err: unknown): RpcStatus | undefined {
  // The SDK turns NOT_FOUND into these two, keeping the server's message.
  if (err instanceof WorkflowNotFoundError || err instanceof NamespaceNotFoundError) {
    return { code: "NOT_FOUND", message: err.message };
  }
  if (err instanceof QueryNotRegisteredError) return { code: statusName(err.code), message: err.message };
  const grpc = err instanceof ServiceError ? err.cause : err;
  if (isGrpcServiceError(grpc)) return { code: statusName(grpc.code), message: grpc.details || grpc.message };
  if (err instanceof ServiceError) return { code: "UNKNOWN", message: err.message };
  return undefined;
}

function statusName(code: number): string {
  return GRPC_STATUS[code] ?? `STATUS_${code}`;
}

/** The one line printed for `err` and the exit code that goes with it. */
export function report(err: unknown): { line: string; exitCode: number } {
  if (err instanceof UsageError) return line(`${err.message} (see --help)`, 2);
  if (err instanceof ConnectError) return line(err.message, 2);
  if (err instanceof InputError) return line(err.message, 1);
  if (err instanceof ClientError) return line(`${err.type}: ${err.message}`, 1);
  const rpc = rpcStatus(err);
  if (rpc !== undefined) return line(`${rpc.code}: ${rpc.message}`, 1);
  if (err instanceof Error) return line(`${err.name}: ${err.message}`, 1);
  return line(String(err), 1);
}

function line(text: string, exitCode: number): { line: string; exitCode: number } {
  return { line: `error: ${oneLine(text)}`, exitCode };
}
