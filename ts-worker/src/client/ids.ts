// Workflow ids and local uploads: the same rules in every client (python client/ids.py), so
// the same source gives the same id and the same media:// reference whichever client started it.
import { createHash, randomBytes } from "node:crypto";
import { constants, createReadStream } from "node:fs";
import { copyFile, mkdir, open, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { ErrorType } from "../contracts/gen/registry";
import { ClientError } from "./errors";

export const DEFAULT_MEDIA_ROOT = ".data/media";

/** Stable id from the URL: submitting the same URL while it runs attaches to that run. */
export function defaultWorkflowId(videoUrl: string): string {
  return `media-${createHash("sha256").update(videoUrl, "utf8").digest("hex").slice(0, 20)}`;
}

/** The file name as an upload key segment: [A-Za-z0-9_.-] only, starting with a letter or digit. */
export function uploadName(fileName: string): string {
  // `u`: one `_` per code point, as Python does (an emoji is one character, not two).
  const name = fileName.replace(/[^A-Za-z0-9_.-]/gu, "_").replace(/^[._-]+/, "");
  return name === "" ? "video" : name;
}

/** Put a local file into the media store (content-addressed) and return its media:// URI. */
export async function upload(mediaRoot: string, path: string): Promise<string> {
  const digest = await fileSha256(path);
  return putOnce(mediaRoot, `uploads/${digest.slice(0, 16)}/${uploadName(basename(path))}`, path);
}

/**
 * Put `source` (a file's path, or the bytes themselves) into the media store at `key` unless
 * the store already holds a file there (keys are content-addressed: it holds the same bytes);
 * returns the media:// URI.
 */
export async function putOnce(mediaRoot: string, key: string, source: string | Uint8Array): Promise<string> {
  const uri = `media://${key}`;
  await mkdir(mediaRoot, { recursive: true });
  const root = await realpath(mediaRoot);
  const final = await inside(root, join(root, key), uri);
  if (!(await isFile(final))) await putFile(root, source, final, uri);
  return uri;
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Copy to `.<name>.tmp-<random>` beside the final name, flush, rename: never half a file. */
async function putFile(root: string, source: string | Uint8Array, final: string, uri: string): Promise<void> {
  await mkdir(dirname(final), { recursive: true });
  const tmp = join(dirname(final), `.${basename(final)}.tmp-${randomBytes(16).toString("hex")}`);
  try {
    if (typeof source === "string") await copyFile(source, tmp, constants.COPYFILE_EXCL);
    else await writeFile(tmp, source, { flag: "wx" });
    const handle = await open(tmp, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Re-check after writing: a symlink planted meanwhile must not redirect the rename.
    await inside(root, final, uri);
    await rename(tmp, final);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Real path of `path` (symlinks followed, missing tail kept); refuses anything outside `root`. */
async function inside(root: string, path: string, uri: string): Promise<string> {
  const real = await resolveReal(path);
  const rel = relative(root, real);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new ClientError(ErrorType.IntegrityError, `${uri} escapes the media store`);
  }
  return real;
}

async function resolveReal(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (err) {
    const parent = dirname(path);
    if (!isMissing(err) || parent === path) throw err;
    return join(await resolveReal(parent), basename(path));
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

function isMissing(err: unknown): boolean {
  return err instanceof Error && "code" in err && (err.code === "ENOENT" || err.code === "ENOTDIR");
}
