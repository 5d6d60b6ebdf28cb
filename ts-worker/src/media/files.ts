// The file store: a directory addressed by media://<key> references (as python media/files.py).
import { randomUUID } from "node:crypto";
import { copyFile, mkdir, open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { appFailure } from "../contracts/errors";
import { ErrorType } from "../contracts/gen/registry";
import { type Content, type MediaStore, mediaKey } from "./store";

/** A directory (MEDIA_STORE=file:///path or MEDIA_ROOT), the single-host store. Keys are checked against $defs/MediaUri and never resolve outside the root. */
export class FileStore implements MediaStore {
  constructor(readonly root: string) {}

  locate(uri: string): Promise<string> {
    return this.path(uri);
  }

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
    const key = mediaKey(uri);
    await mkdir(this.root, { recursive: true });
    const root = await realpath(this.root);
    const real = await resolve(join(root, key));
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
