// The batch command (python client/batch.py): start MediaBatchWorkflow on a list of videos
// and watch it. Up to 1000 entries travel inline; a longer list goes into the media store as
// a manifest, so no payload grows with the size of the batch.
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { type WorkflowHandle, WorkflowFailedError } from "@temporalio/client";
import { check } from "../contracts/boundary";
import { ErrorType, MediaBatchWorkflow, TaskQueue } from "../contracts/gen/registry";
import type { BatchProgress, BatchRequest, BatchResult } from "../contracts/gen/types";
import { is } from "../contracts/schema";
import type { Output } from "./display";
import { ClientError, InputError } from "./errors";
import { putOnce } from "./ids";
import { INLINE_LIMIT, readManifest } from "./manifest";
import { decode, failed, keepWaiting, queryProgress } from "./pipeline";

/** The workflow's signature as the client sees it: a validated request in, raw JSON out. */
export type MediaBatch = (request: BatchRequest) => Promise<unknown>;
export type BatchHandle = WorkflowHandle<MediaBatch>;
type Client = BatchHandle["client"];

/** How often a waiting batch asks for its progress. */
export const BATCH_POLL_MS = 1_000;

/** The BatchRequest fields `batch` can set; undefined is not given. */
export interface BatchOptions {
  maxInFlight?: number;
  continueEvery?: number;
}

/**
 * The default batch id: batch- and the first 16 hex of the list's sha256, so the same list
 * attaches to its running batch whichever client submits it.
 */
export function batchId(data: Uint8Array): string {
  return `batch-${sha16(data)}`;
}

function sha16(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex").slice(0, 16);
}

/** The bytes of the list at `path`, or InputError when it is not a readable file. */
export async function readList(path: string): Promise<Uint8Array> {
  try {
    if ((await stat(path)).isFile()) return await readFile(path);
  } catch {
    // reported below, as for a directory
  }
  throw new InputError(`${pythonPath(path)} is not a readable file`);
}

/**
 * The BatchRequest for the bytes of a list: every entry is checked first; up to INLINE_LIMIT
 * entries travel inline, a longer list is put into the media store (uploadManifest) and sent
 * as its reference. Checked against the schema before anything starts (InvalidInput if not).
 */
export async function batchRequestFor(data: Uint8Array, options: BatchOptions, mediaRoot: string): Promise<BatchRequest> {
  const manifest = readManifest(data);
  const fields: Record<string, unknown> = {};
  if (manifest.total <= INLINE_LIMIT) fields.requests = manifest.requests;
  else fields.manifest = await uploadManifest(mediaRoot, data);
  if (options.maxInFlight !== undefined) fields.max_in_flight = options.maxInFlight;
  if (options.continueEvery !== undefined) fields.continue_every = options.continueEvery;
  if (is("BatchRequest", fields)) return fields;
  throw new ClientError(ErrorType.InvalidInput, check("BatchRequest", fields) ?? "invalid BatchRequest");
}

/**
 * Put the list, unchanged, into the media store at manifests/<first 16 hex of its sha256>.jsonl
 * (content-addressed: the same list is written once) and return its media:// URI.
 */
export function uploadManifest(mediaRoot: string, data: Uint8Array): Promise<string> {
  return putOnce(mediaRoot, `manifests/${sha16(data)}.jsonl`, data);
}

/** Start MediaBatchWorkflow (Python, by its registry name) with the request. */
export async function startBatch(client: Client, request: BatchRequest, workflowId: string): Promise<BatchHandle> {
  return client.start<MediaBatch>(MediaBatchWorkflow, {
    args: [request],
    workflowId,
    taskQueue: TaskQueue.python,
    // Same id while running: attach instead of starting twice. After it ends: run again.
    workflowIdConflictPolicy: "USE_EXISTING",
    workflowIdReusePolicy: "ALLOW_DUPLICATE",
  });
}

/** The line `batch` prints for a BatchProgress (python client/batch.py). */
export function progressLine(p: BatchProgress): string {
  return `done ${p.done}/${p.total}  ok ${p.succeeded}  failed ${p.failed}  running ${p.running}  runs ${p.runs}`;
}

/**
 * Wait for the batch's result (checked against BatchResult). With `out`, ask for its progress
 * every `everyMs` meanwhile and write a line whenever the line changes.
 */
export async function watchBatch(handle: BatchHandle, out?: Output, everyMs = BATCH_POLL_MS): Promise<BatchResult> {
  const result = handle.result();
  let settled = false;
  const done = result.then(
    () => (settled = true),
    () => (settled = true),
  );
  let last: string | undefined;
  try {
    while (out !== undefined && !settled) {
      const p = await queryProgress(handle, "BatchProgress").catch(keepWaiting);
      if (p !== undefined) {
        const line = progressLine(p);
        if (line !== last) out.write(`${line}\n`);
        last = line;
      }
      await pause(done, everyMs);
    }
    return decode("BatchResult", await result);
  } catch (err) {
    throw err instanceof WorkflowFailedError ? failed(err) : err;
  }
}

/** Until `done` settles or `ms` pass, whichever is first; no timer is left behind. */
async function pause(done: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How Python prints pathlib.Path(p): empty and "." segments and repeated or trailing slashes
 * dropped, "." for nothing; exactly two leading slashes are kept.
 */
export function pythonPath(p: string): string {
  const root = p.startsWith("//") && !p.startsWith("///") ? "//" : p.startsWith("/") ? "/" : "";
  const parts = p.split("/").filter((part) => part !== "" && part !== ".");
  return root + parts.join("/") || ".";
}
