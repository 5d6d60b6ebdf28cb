// Media serving behind one small interface, so another backend (S3: a proxied GET with the
// same Range, or a presigned redirect) only has to implement `open`. Keys are checked against
// $defs/MediaUri before any backend sees them: no traversal, no hidden files, no listing.
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import send from "@fastify/send";
import { ErrorType } from "../contracts/gen/registry";
import { is } from "../contracts/schema";
import type { LocalMediaStore } from "../media/store";
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
  constructor(private readonly store: LocalMediaStore) {}

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
