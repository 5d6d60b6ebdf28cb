// From a MediaMetadata record to the catalog row: the identity (a UUIDv5 that every language
// and database derives the same way) and the columns worth querying without parsing JSON.
import { createHash } from "node:crypto";
import type { MediaMetadata } from "../contracts/gen/types";
import type { CatalogRow, TextSighting } from "./catalog";

/** RFC 4122 namespace for URLs (6ba7b811-9dad-11d1-80b4-00c04fd430c8). */
export const NAMESPACE_URL = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/** The record id of a workflow: the same on every retry, in every language and database. */
export function recordId(workflowId: string): string {
  return uuidV5(NAMESPACE_URL, `urn:media-pipeline:catalog:${workflowId}`);
}

/** RFC 4122 version 5: SHA-1 of namespace bytes + UTF-8 name, with version and variant bits set. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  if (ns.length !== 16) throw new Error(`not a UUID: ${namespace}`);
  const bytes = createHash("sha1")
    .update(ns)
    .update(name, "utf8")
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function toRow(metadata: MediaMetadata): CatalogRow {
  return {
    record_id: recordId(metadata.workflow_id),
    workflow_id: metadata.workflow_id,
    video_url: metadata.video_url,
    duration_seconds: metadata.probe.duration_seconds,
    width: metadata.probe.width,
    height: metadata.probe.height,
    frame_count: metadata.probe.frame_count,
    scene_count: metadata.scenes.count,
    poster_uri: metadata.poster.thumbnails[0].image.uri,
    storyboard_vtt_uri: metadata.storyboard?.vtt.uri ?? null,
    metadata_json: JSON.stringify(metadata),
  };
}

/** The video's text index (absent when text detection did not run: then no rows). */
export function toTexts(metadata: MediaMetadata): TextSighting[] {
  return (metadata.content?.text_index ?? []).map((t) => ({
    text: t.text,
    first_seconds: t.first_seconds,
    last_seconds: t.last_seconds,
  }));
}
