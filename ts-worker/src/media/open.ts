// MEDIA_STORE picks the backend, as media/open.py and media/open.go do.
import { FileStore } from "./files";
import { S3Store } from "./s3";
import { type MediaStore, storeSpec } from "./store";

/** The store the environment names; an Error with one line when MEDIA_STORE is malformed. */
export function mediaStore(env: NodeJS.ProcessEnv = process.env): MediaStore {
  const url = storeSpec(env);
  if (url.protocol === "file:") {
    if ((url.host !== "" && url.host !== "localhost") || url.pathname === "/") {
      throw new Error(`MEDIA_STORE=${url.href}: want file:///absolute/path`);
    }
    return new FileStore(decodeURIComponent(url.pathname));
  }
  if (url.protocol === "s3:") {
    if (!url.host) throw new Error(`MEDIA_STORE=${url.href}: want s3://bucket/prefix`);
    return S3Store.fromEnv(url.host, decodeURIComponent(url.pathname), env);
  }
  throw new Error(`MEDIA_STORE=${url.href}: unknown scheme, want file:///path or s3://bucket/prefix`);
}
