// The PipelineRequest of `run` and `start`: the source as a URL (a local file is uploaded
// first), only the options given, checked against the schema before anything is started.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { check } from "../contracts/boundary";
import { ErrorType } from "../contracts/gen/registry";
import type { PipelineRequest } from "../contracts/gen/types";
import { is } from "../contracts/schema";
import { ClientError, InputError } from "./errors";
import { upload } from "./ids";

export type Strategy = NonNullable<PipelineRequest["strategy"]>;

export interface RequestOptions {
  source: string;
  strategy?: Strategy;
  intervalSeconds?: number;
  maxFrames?: number;
  noStoryboard: boolean;
  keepFrames: boolean;
}

export async function requestFor(options: RequestOptions, mediaRoot: string): Promise<PipelineRequest> {
  let source = options.source;
  if (!source.includes("://")) {
    if (!(await readableFile(source))) throw new InputError(`${source} is neither a URL nor a readable file`);
    source = await upload(mediaRoot, source);
  }
  return buildRequest(source, options);
}

/** The request for `videoUrl`, or InvalidInput naming the offending field. */
export function buildRequest(videoUrl: string, options: Omit<RequestOptions, "source">): PipelineRequest {
  const fields: Record<string, unknown> = { video_url: videoUrl };
  if (options.strategy !== undefined) fields.strategy = options.strategy;
  if (options.intervalSeconds !== undefined) fields.interval_seconds = options.intervalSeconds;
  if (options.maxFrames !== undefined) fields.max_frames = options.maxFrames;
  if (options.noStoryboard) fields.storyboard = false;
  if (options.keepFrames) fields.keep_frames = true;
  if (is("PipelineRequest", fields)) return fields;
  throw new ClientError(ErrorType.InvalidInput, check("PipelineRequest", fields) ?? "invalid PipelineRequest");
}

async function readableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.R_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
