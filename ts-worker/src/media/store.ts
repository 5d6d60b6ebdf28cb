// The media store as TypeScript code sees it: objects addressed by media://<key> references.
// One implementation today, a local directory (MEDIA_ROOT, as in python media/store.py); the
// interface is what another backend (S3) implements, and mediaStore() is where it is chosen.
import { randomUUID } from "node:crypto";
import { copyFile, mkdir, open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
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
}

/** The store the environment names: MEDIA_ROOT, default .data/media. */
export function mediaStore(env: NodeJS.ProcessEnv = process.env): MediaStore {
  return new LocalMediaStore(env.MEDIA_ROOT || DEFAULT_MEDIA_ROOT);
}

/** A directory. Keys are checked against $defs/MediaUri and never resolve outside the root. */
export class LocalMediaStore implements MediaStore {
  constructor(readonly root: string) {}

  async has(uri: string): Promise<boolean> {
    try {
      return (await stat(await this.path(uri))).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async put(uri: string, content: Content): Promise<void> {
    const final = await this.path(uri);
    await mkdir(dirname(final), { recursive: true });
    const tmp = join(dirname(final), `.${basename(final)}.tmp-${randomUUID()}`);
    try {
      if (content instanceof Uint8Array) {
        const file = await open(tmp, "wx");
        try {
          await file.writeFile(content);
          await file.sync();
        } finally {
          await file.close();
        }
      } else {
        await copyFile(content.path, tmp);
        const file = await open(tmp, "r+");
        await file.sync().finally(() => file.close());
      }
      // Re-check after writing: a symlink planted meanwhile must not redirect the rename.
      await this.path(uri);
      await rename(tmp, final);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** Real filesystem path of `uri` (symlinks followed); refuses anything outside the root. */
  async path(uri: string): Promise<string> {
    if (!is("MediaUri", uri)) {
      throw appFailure(ErrorType.InvalidInput, `not a valid media reference: ${JSON.stringify(uri)}`);
    }
    await mkdir(this.root, { recursive: true });
    const root = await realpath(this.root);
    const real = await resolve(join(root, uri.slice(SCHEME.length)));
    const rel = relative(root, real);
    if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw appFailure(ErrorType.IntegrityError, `${uri} escapes the media store`);
    }
    return real;
  }
}

/** `path` with the symlinks of its existing part followed; the missing tail is kept as is. */
async function resolve(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (err) {
    if (!isMissing(err) || dirname(path) === path) throw err;
    return join(await resolve(dirname(path)), basename(path));
  }
}

function isMissing(err: unknown): boolean {
  return err instanceof Error && "code" in err && (err.code === "ENOENT" || err.code === "ENOTDIR");
}
