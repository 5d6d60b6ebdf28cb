// What `run`, `start` and `batch` send (docs/clients.md): the request built from the flags and
// checked by the schema, the default ids, and local files put into the media store under
// content-addressed keys, so every client gives the same source the same id and reference.
import { createHash } from "node:crypto";
import { constants, createReadStream } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { check } from "../contracts/boundary";
import { ErrorType } from "../contracts/gen/registry";
import type { BatchRequest, PipelineRequest } from "../contracts/gen/types";
import { is } from "../contracts/schema";
import type { ContractTypes, SchemaName } from "../contracts/types";
import type { Content, MediaStore } from "../media/store";
import { CliError } from "./errors";

/** The request flags of `run` and `start`; undefined is not given (the schema default). */
export interface RequestFlags {
  strategy?: string;
  intervalSeconds?: number;
  maxFrames?: number;
  noStoryboard?: boolean;
  keepFrames?: boolean;
}

export interface BatchFlags {
  maxInFlight?: number;
  maxPerHost?: number;
  continueEvery?: number;
}

export function pipelineRequest(videoUrl: string, flags: RequestFlags): PipelineRequest {
  return checked("PipelineRequest", {
    video_url: videoUrl,
    strategy: flags.strategy,
    interval_seconds: flags.intervalSeconds,
    max_frames: flags.maxFrames,
    storyboard: flags.noStoryboard ? false : undefined,
    keep_frames: flags.keepFrames ? true : undefined,
  });
}

export function batchRequest(manifest: string, flags: BatchFlags): BatchRequest {
  return checked("BatchRequest", {
    manifest,
    max_in_flight: flags.maxInFlight,
    max_per_host: flags.maxPerHost,
    continue_every: flags.continueEvery,
  });
}

/**
 * `fields` (undefined ones left out) as a valid `name`, or a CliError of `type` naming the
 * offending field: InvalidInput for what we send, ContractViolation for what we receive.
 */
export function checked<N extends SchemaName>(
  name: N,
  fields: unknown,
  type: ErrorType = ErrorType.InvalidInput,
): ContractTypes[N] {
  const value =
    typeof fields === "object" && fields !== null && !Array.isArray(fields)
      ? Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
      : fields;
  if (is(name, value)) return value;
  throw new CliError(type, check(name, value) ?? `invalid ${name}`);
}

/** media- and the first 20 hex of sha256(video_url). */
export function runId(videoUrl: string): string {
  return `media-${sha256(videoUrl).slice(0, 20)}`;
}

/** batch- and the first 16 hex of sha256(the list's bytes). */
export function batchId(list: Uint8Array): string {
  return `batch-${sha256(list).slice(0, 16)}`;
}

/** A file name as a key segment: [A-Za-z0-9_.-] only, no leading `._-`, `video` when empty. */
export function uploadName(fileName: string): string {
  // `u`: one `_` per code point (an emoji is one character, not two UTF-16 units).
  return fileName.replace(/[^A-Za-z0-9_.-]/gu, "_").replace(/^[._-]+/, "") || "video";
}

export function uploadUri(digest: string, fileName: string): string {
  return `media://uploads/${digest.slice(0, 16)}/${uploadName(basename(fileName))}`;
}

export function manifestUri(list: Uint8Array): string {
  return `media://manifests/${sha256(list).slice(0, 16)}.jsonl`;
}

/** Put the local file at `path` into the store; returns its media:// reference. */
export async function upload(store: MediaStore, path: string): Promise<string> {
  await mustBeReadable(path, "is neither a URL nor a readable file");
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return putOnce(store, uploadUri(hash.digest("hex"), path), { path });
}

/** The bytes of the batch list at `path`, unparsed. */
export async function readList(path: string): Promise<Uint8Array> {
  await mustBeReadable(path, "is not a readable file");
  return readFile(path);
}

/** Keys are content-addressed: an object already there holds the same bytes. */
export async function putOnce(store: MediaStore, uri: string, content: Content): Promise<string> {
  if (!(await store.has(uri))) await store.put(uri, content);
  return uri;
}

async function mustBeReadable(path: string, problem: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
    if ((await stat(path)).isFile()) return;
  } catch {
    // reported below, as a directory is
  }
  throw new CliError(ErrorType.InvalidInput, `${path} ${problem}`);
}

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
