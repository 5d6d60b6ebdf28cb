// Start, watch, inspect and cancel MediaProcessingWorkflow runs by their string name (the
// workflow is Python): the same calls, policies and error rules as python client/pipeline.py.
import { type WorkflowHandle, WorkflowFailedError } from "@temporalio/client";
import { ApplicationFailure, CancelledFailure, TemporalFailure } from "@temporalio/common";
import { check } from "../contracts/boundary";
import { ErrorType, MediaProcessingWorkflow, QueryProgress, TaskQueue } from "../contracts/gen/registry";
import type { PipelineRequest, PipelineResult, Progress } from "../contracts/gen/types";
import { is } from "../contracts/schema";
import type { ContractTypes, SchemaName } from "../contracts/types";
import type { ProgressView } from "./display";
import { ClientError, rpcStatus } from "./errors";

/** The workflow's signature as the client sees it: a validated request in, raw JSON out. */
export type MediaProcessing = (request: PipelineRequest) => Promise<unknown>;
export type Handle = WorkflowHandle<MediaProcessing>;
type Client = Handle["client"];

// No worker may answer a query (the server then holds it ~30 s): a status must not hang.
export const QUERY_TIMEOUT_MS = 5_000;
export const CANCEL_WAIT_MS = 60_000;

export async function start(client: Client, request: PipelineRequest, workflowId: string): Promise<Handle> {
  return client.start<MediaProcessing>(MediaProcessingWorkflow, {
    args: [request],
    workflowId,
    taskQueue: TaskQueue.python,
    // Same id while running: attach instead of processing twice. After it ends: run again.
    workflowIdConflictPolicy: "USE_EXISTING",
    workflowIdReusePolicy: "ALLOW_DUPLICATE",
  });
}

export function handleFor(client: Client, workflowId: string): Handle {
  return client.getHandle<MediaProcessing>(workflowId);
}

/** The `progress` query, bounded in time and checked against the Progress schema. */
export async function progress(handle: Handle): Promise<Progress> {
  return queryProgress(handle, "Progress");
}

/**
 * The `progress` query of any of the workflows that answer it, bounded by QUERY_TIMEOUT_MS and
 * checked against `schema`. A query with no answer in time fails with QueryTimeout.
 */
export async function queryProgress<N extends SchemaName>(handle: WorkflowHandle, schema: N): Promise<ContractTypes[N]> {
  let value: unknown;
  try {
    value = await handle.client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query<unknown>(QueryProgress));
  } catch (err) {
    // Nothing cancels the query but its deadline; the SDK may report that as CANCELLED.
    const code = rpcStatus(err)?.code;
    if (code === "DEADLINE_EXCEEDED" || code === "CANCELLED") throw new QueryTimeout({ cause: err });
    throw err;
  }
  return decode(schema, value);
}

/** No answer to a query within QUERY_TIMEOUT_MS: no worker answered (or none in time). */
export class QueryTimeout extends Error {
  override name = "QueryTimeout";

  constructor(options?: ErrorOptions) {
    super(`Timeout expired (no answer within ${QUERY_TIMEOUT_MS / 1000}s)`, options);
  }
}

/** Wait for the result, showing progress from the `progress` query meanwhile. */
export async function watch(handle: Handle, view?: ProgressView, everyMs = 500): Promise<PipelineResult> {
  const result = handle.result();
  let settled = false;
  const done = result.then(
    () => (settled = true),
    () => (settled = true),
  );
  try {
    while (view !== undefined && !settled) {
      const p = await progress(handle).catch(keepWaiting);
      if (p !== undefined) view.show(p);
      await Promise.race([done, sleep(everyMs)]);
    }
    return decode("PipelineResult", await result);
  } catch (err) {
    throw err instanceof WorkflowFailedError ? failed(err) : err;
  } finally {
    view?.close();
  }
}

// A query nobody answers for a moment (a worker restarting) is no reason to stop waiting;
// a Progress that breaks the contract is a bug and fails loudly.
export function keepWaiting(err: unknown): undefined {
  if (err instanceof ClientError) throw err;
  return undefined;
}

/** The run's failure as `<Type>: <message>`: the first typed ApplicationFailure in the chain. */
export function failed(err: WorkflowFailedError): ClientError {
  let cause: unknown = err.cause;
  while (cause instanceof Error) {
    if (cause instanceof CancelledFailure) return new ClientError("Cancelled", "the run was cancelled");
    if (cause instanceof ApplicationFailure && cause.type) return new ClientError(cause.type, cause.message);
    if (cause instanceof TemporalFailure && cause.cause === undefined) return new ClientError(cause.name, cause.message);
    cause = cause.cause;
  }
  return new ClientError("WorkflowFailed", err.message);
}

// Temporal's own names (the proto enum), which the Python and Go clients print too.
const STATUS_NAMES = [
  "UNKNOWN",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELED",
  "TERMINATED",
  "CONTINUED_AS_NEW",
  "TIMED_OUT",
  "PAUSED",
] as const;

export interface StatusReport {
  workflow_id: string;
  run_id: string;
  status: string;
  progress?: Progress;
  progress_error?: string;
}

export async function status(handle: Handle): Promise<StatusReport> {
  const desc = await handle.describe();
  const state = STATUS_NAMES[desc.status.code] ?? "UNKNOWN";
  const out: StatusReport = { workflow_id: handle.workflowId, run_id: desc.runId, status: state };
  if (state === "RUNNING") {
    try {
      out.progress = await progress(handle);
    } catch (err) {
      if (err instanceof ClientError) throw err;
      out.progress_error = queryError(err);
    }
  }
  return out;
}

/** What status reports when the progress query fails: the Go client's words for a timeout. */
export function queryError(err: unknown): string {
  if (err instanceof QueryTimeout) return err.message;
  const rpc = rpcStatus(err);
  if (rpc?.code === "DEADLINE_EXCEEDED") return new QueryTimeout().message;
  return rpc?.message ?? (err instanceof Error ? err.message : String(err));
}

/** Request cancellation and wait (bounded) until the run is closed. */
export async function cancel(handle: Handle, waitMs = CANCEL_WAIT_MS): Promise<StatusReport> {
  await handle.cancel();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), waitMs);
  try {
    await handle.client.withAbortSignal(timeout.signal, () => handle.result());
  } catch (err) {
    // Closed with a failure (cancelled, most likely) or still running after the wait: report it.
    if (!(err instanceof WorkflowFailedError) && !timeout.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
  }
  return status(handle);
}

/** `value` as the generated type, or ContractViolation naming the offending field. */
export function decode<N extends SchemaName>(name: N, value: unknown): ContractTypes[N] {
  if (is(name, value)) return value;
  throw new ClientError(ErrorType.ContractViolation, check(name, value) ?? `invalid ${name}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
