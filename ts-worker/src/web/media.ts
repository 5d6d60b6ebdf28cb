// Media serving behind one small interface, so another backend (S3: a proxied GET with the
// same Range, or a presigned redirect) only has to implement `open`. Keys are checked against
// $defs/MediaUri before any backend sees them: no traversal, no hidden files, no listing.
import type { IncomingMessage } from "node:http";
import { Readable as NodeReadable } from "node:stream";
import type { Readable } from "node:stream";
import send from "@fastify/send";
import { ErrorType } from "../contracts/gen/registry";
import { is } from "../contracts/schema";
import type { FileStore } from "../media/files";
import { S3Store } from "../media/s3";
import type { MediaStore } from "../media/store";
import { WebError } from "./errors";

/** What to answer: status, headers (type, length, range, validators) and the body stream. */
export interface MediaResponse {
  status: number;
  headers: Record<string, string | number>;
  body: Readable;
}

export interface MediaSource {
  /** Answers a GET/HEAD of `uri` (Range, If-None-Match... come from `request`). */
  open(uri: string, request: IncomingMessage): Promise<MediaResponse>;
}

// Keys are rewritten when a video is processed again, so caches revalidate (ETag,
// Last-Modified) after a few minutes instead of keeping a stale poster forever.
const CACHE_CONTROL = "public, max-age=300";

/** The `media://` reference of a request path under /media/, or a typed refusal. */
export function mediaUri(key: string): string {
  const uri = `media://${key}`;
  if (!is("MediaUri", uri)) throw new WebError(ErrorType.InvalidInput, `not a valid media key: ${JSON.stringify(key)}`);
  return uri;
}

/** The file store (MEDIA_ROOT): @fastify/send does types, ranges and conditional requests. */
export class LocalMediaSource implements MediaSource {
  constructor(private readonly store: FileStore) {}

  async open(uri: string, request: IncomingMessage): Promise<MediaResponse> {
    // The store resolves symlinks and refuses anything outside its root.
    const path = await this.store.path(uri);
    const answer = await send(request, encodeURI(path), {
      root: "/",
      dotfiles: "deny",
      index: false,
      acceptRanges: true,
      cacheControl: false,
      etag: true,
      lastModified: true,
    });
    if (answer.type === "error") {
      const status = answer.statusCode;
      // A folder or a missing file alike: 404, and nothing listed.
      throw new WebError("NotFound", status === 404 || status === 403 ? `no media at ${uri}` : `cannot read ${uri}`);
    }
    if (answer.type === "directory") throw new WebError("NotFound", `no media at ${uri}`);
    const headers: Record<string, string | number> = { "Cache-Control": CACHE_CONTROL };
    for (const [name, value] of Object.entries(answer.headers)) {
      if (typeof value === "string" || typeof value === "number") headers[name] = value;
    }
    return { status: answer.statusCode, headers, body: answer.stream };
  }
}

/** The S3 store: a proxied GET that forwards Range and the validators, so the browser seeks
 * and revalidates as with files (no presigned redirect: the bucket stays private). */
export class S3MediaSource implements MediaSource {
  constructor(private readonly store: S3Store) {}

  async open(uri: string, request: IncomingMessage): Promise<MediaResponse> {
    const header = (name: string) => {
      const value = request.headers[name];
      return typeof value === "string" ? value : undefined;
    };
    const answer = await this.store.get(uri, {
      range: header("range"),
      ifNoneMatch: header("if-none-match"),
      ifModifiedSince: header("if-modified-since"),
    });
    if (answer === undefined) throw new WebError("NotFound", `no media at ${uri}`);
    const headers: Record<string, string | number> = { "Cache-Control": CACHE_CONTROL, "Accept-Ranges": "bytes" };
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined) headers[name] = value;
    }
    // Objects written without a type answer a generic one: type them by extension, as files are.
    const generic = [undefined, "binary/octet-stream", "application/octet-stream"];
    if (answer.status !== 304 && generic.includes(answer.headers["Content-Type"] as string | undefined)) {
      headers["Content-Type"] = send.mime.getType(uri) ?? "application/octet-stream";
    }
    return { status: answer.status, headers, body: answer.body ?? NodeReadable.from([]) };
  }
}

/** The media source of the configured store. */
export function mediaSource(store: MediaStore): MediaSource {
  return store instanceof S3Store ? new S3MediaSource(store) : new LocalMediaSource(store as FileStore);
}
