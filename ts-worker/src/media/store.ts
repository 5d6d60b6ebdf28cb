// The media store as TypeScript code sees it: objects addressed by media://<key> references.
// Two backends, chosen by MEDIA_STORE as in Python and Go: a directory (FileStore, files.ts)
// and S3-compatible object storage (S3Store, s3.ts). Keys are validated here for both.
import { resolve } from "node:path";
import { appFailure } from "../contracts/errors";
import { ErrorType, MEDIA_ROOT_DEFAULT } from "../contracts/gen/registry";
import { is } from "../contracts/schema";

export const DEFAULT_MEDIA_ROOT = MEDIA_ROOT_DEFAULT;
const SCHEME = "media://";

/** Bytes, or a local file to copy. */
export type Content = Uint8Array | { path: string };

export interface MediaStore {
  /** Whether an object is stored at `uri`. */
  has(uri: string): Promise<boolean>;
  /** Store `content` at `uri`, atomically: readers see the old object or the whole new one. */
  put(uri: string, content: Content): Promise<void>;
  /** Where a person finds the object: a path, or an s3:// URL. */
  locate(uri: string): Promise<string>;
}

/** The relative key of a media:// reference ($defs/MediaUri); InvalidInput otherwise. */
export function mediaKey(uri: string): string {
  if (!is("MediaUri", uri)) {
    throw appFailure(ErrorType.InvalidInput, `not a valid media reference: ${JSON.stringify(uri)}`);
  }
  return uri.slice(SCHEME.length);
}

/** MEDIA_STORE's scheme and place; without it, the directory MEDIA_ROOT (default .data/media). */
export function storeSpec(env: NodeJS.ProcessEnv = process.env): URL {
  const spec = env.MEDIA_STORE?.trim();
  if (!spec) return new URL(`file://${resolve(env.MEDIA_ROOT || DEFAULT_MEDIA_ROOT)}`);
  try {
    return new URL(spec);
  } catch {
    throw new Error(`MEDIA_STORE=${JSON.stringify(spec)}: want file:///path or s3://bucket/prefix`);
  }
}
