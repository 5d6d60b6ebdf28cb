// Start, follow, describe and cancel the (Python) workflows by their registry names. Every
// value that comes back is checked against its schema: a break of the contract fails loudly.
import { setTimeout as sleep } from "node:timers/promises";
import {
  type Client,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
  WorkflowFailedError,
} from "@temporalio/client";
import { ErrorType, QueryProgress, TaskQueue } from "../contracts/gen/registry";
import type { BatchRequest, PipelineRequest, RunStatus } from "../contracts/gen/types";
import type { ContractTypes } from "../contracts/types";
import { CliError, reason } from "./errors";
import { checked } from "./request";

export type ProgressSchema = "Progress" | "BatchProgress";
export type ResultSchema = "PipelineResult" | "BatchResult";

/** Where `follow` shows the progress it queries. */
export interface ProgressView {
  schema: ProgressSchema;
  show(p: ContractTypes[ProgressSchema]): void;
  close(): void;
}

// A query no worker answers is held by the server for a long time: bound it.
const QUERY_TIMEOUT_MS = 5_000;
const PROGRESS_EVERY_MS = 1_000;
const CANCEL_WAIT_MS = 60_000;

export function start(
  client: Client,
  workflowType: string,
  request: PipelineRequest | BatchRequest,
  workflowId: string,
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return client.workflow.start(workflowType, {
    args: [request],
    workflowId,
    taskQueue: TaskQueue.python,
    // Same id while it runs: attach instead of running twice. After it closed: run again.
    workflowIdConflictPolicy: "USE_EXISTING",
    workflowIdReusePolicy: "ALLOW_DUPLICATE",
  });
}

/** The `progress` query, bounded in time and checked against `schema`. */
export async function progress<N extends ProgressSchema>(handle: WorkflowHandle, schema: N): Promise<ContractTypes[N]> {
  const value = await handle.client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
    handle.query<unknown>(QueryProgress),
  );
  return checked(schema, value, ErrorType.ContractViolation);
}

/** Wait for the result (checked against `schema`); meanwhile show the progress on `view`. */
export async function follow<N extends ResultSchema>(
  handle: WorkflowHandle,
  schema: N,
  view?: ProgressView,
): Promise<ContractTypes[N]> {
  const result = handle.result() as Promise<unknown>;
  let settled = false;
  const done = result.then(
    () => (settled = true),
    () => (settled = true),
  );
  try {
    while (view !== undefined && !settled) {
      // No answer (a worker restarting, say) is no reason to stop waiting for the result.
      const p = await progress(handle, view.schema).catch(() => undefined);
      if (p !== undefined && !settled) view.show(p);
      await Promise.race([done, sleep(PROGRESS_EVERY_MS, undefined, { ref: false })]);
    }
  } finally {
    view?.close();
  }
  return checked(schema, await result, ErrorType.ContractViolation);
}

/** RunStatus: Temporal's status name, and the progress while it runs and a worker answers. */
export async function status(handle: WorkflowHandle): Promise<RunStatus> {
  const desc = await handle.describe();
  const state = statusName(desc.status.name);
  const out: Record<string, unknown> = { workflow_id: desc.workflowId, run_id: desc.runId, status: state };
  if (state === "RUNNING") {
    try {
      out.progress = await progress(handle, "Progress");
    } catch (err) {
      if (err instanceof CliError) throw err;
      out.progress_error = reason(err);
    }
  }
  return checked("RunStatus", out, ErrorType.ContractViolation);
}

/** RunStatus's name of an SDK status: the SDK spells CANCELLED; RunStatus uses the proto's
 * name, as the Python and Go clients do. */
export function statusName(name: string): RunStatus["status"] {
  if (name === "CANCELLED") return "CANCELED";
  if (name === "UNSPECIFIED" || name === "PAUSED") return "UNKNOWN";
  return name as RunStatus["status"];
}

/** Request cancellation, wait (bounded) for the run to close, and report its status. */
export async function cancel(handle: WorkflowHandle, waitMs = CANCEL_WAIT_MS): Promise<RunStatus> {
  await handle.cancel();
  const timeout = AbortSignal.timeout(waitMs);
  try {
    await handle.client.withAbortSignal(timeout, () => handle.result());
  } catch (err) {
    // Closed by a failure (cancelled, most likely) or still running after the wait: report it.
    if (!(err instanceof WorkflowFailedError) && !timeout.aborted) throw err;
  }
  return status(handle);
}
