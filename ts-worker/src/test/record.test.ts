import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { utcSeconds } from "../activities/store-metadata";
import { recordId, toRow, uuidV5 } from "../catalog/record";
import { sampleInput } from "./helpers/fixtures";

describe("record id", () => {
  // Expected values from Python's uuid.uuid5, the reference the other languages follow.
  it("is RFC 4122 UUIDv5 (checked against Python's uuid.uuid5)", () => {
    assert.equal(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    assert.equal(recordId("wf-1"), "fdc037fe-dc67-5a5a-850f-9f2eb689344a");
    assert.equal(recordId("media-3f2a9c1b7d4e5f60a1b2"), "aaeee718-95f4-534d-bae6-3f75ea9b1f8d");
  });
});

describe("catalog row", () => {
  it("takes the queryable columns from the record", () => {
    const { metadata } = sampleInput("wf-row");
    const row = toRow(metadata);
    assert.deepEqual(row, {
      record_id: recordId("wf-row"),
      workflow_id: "wf-row",
      video_url: metadata.video_url,
      duration_seconds: metadata.probe.duration_seconds,
      width: metadata.probe.width,
      height: metadata.probe.height,
      frame_count: metadata.probe.frame_count,
      scene_count: metadata.scenes.count,
      poster_uri: metadata.poster.thumbnails[0].image.uri,
      storyboard_vtt_uri: metadata.storyboard?.vtt.uri,
      metadata_json: JSON.stringify(metadata),
    });
  });
});

describe("utcSeconds", () => {
  it("drops fractional seconds and keeps Z", () => {
    assert.equal(utcSeconds(new Date("2026-11-21T10:00:00.999Z")), "2026-11-21T10:00:00Z");
    assert.equal(utcSeconds(new Date(Date.UTC(1999, 11, 31, 23, 59, 59))), "1999-12-31T23:59:59Z");
  });
});
