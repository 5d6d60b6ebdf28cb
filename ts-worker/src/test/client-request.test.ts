// What the client sends: default ids, upload keys and the requests built from the flags.
// The expected ids and keys are cross-language fixtures (the Python client gives the same).
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ApplicationFailure } from "@temporalio/common";
import { CliError } from "../client/errors";
import {
  batchId,
  batchRequest,
  manifestUri,
  pipelineRequest,
  readList,
  runId,
  upload,
  uploadName,
} from "../client/request";
import { FileStore } from "../media/files";
import { tempDir } from "./helpers/fixtures";

const dir = tempDir("client-request");
after(() => dir.remove());

function failsAs(type: string, message: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof CliError || err instanceof ApplicationFailure, String(err));
    assert.equal(err.type, type);
    assert.match(err.message, message);
    return true;
  };
}

describe("default ids", () => {
  it("are media- + 20 hex of sha256(video_url) and batch- + 16 hex of sha256(list)", () => {
    assert.equal(runId("http://127.0.0.1:8000/clip.mp4"), "media-e3e37bcba865ece817a6");
    assert.equal(batchId(new TextEncoder().encode("http://127.0.0.1:8000/a.mp4\n")), "batch-4432f14ba69af057");
    assert.equal(
      manifestUri(new TextEncoder().encode("http://127.0.0.1:8000/a.mp4\n")),
      "media://manifests/4432f14ba69af057.jsonl",
    );
  });

  it("reduce an upload's name to [A-Za-z0-9_.-], no leading ._-, video when empty", () => {
    const cases = {
      "My Clip (final).mp4": "My_Clip__final_.mp4",
      ".hidden.mp4": "hidden.mp4",
      "...": "video",
      "😀.mp4": "mp4",
      日本語: "video",
    };
    for (const [name, want] of Object.entries(cases)) assert.equal(uploadName(name), want, name);
  });
});

describe("pipeline request", () => {
  it("holds only the flags given", () => {
    assert.deepEqual(pipelineRequest("http://h/a.mp4", {}), { video_url: "http://h/a.mp4" });
    assert.deepEqual(
      pipelineRequest("media://uploads/0123456789abcdef/a.mp4", {
        strategy: "scene",
        maxFrames: 5,
        noStoryboard: true,
        keepFrames: true,
      }),
      {
        video_url: "media://uploads/0123456789abcdef/a.mp4",
        strategy: "scene",
        max_frames: 5,
        storyboard: false,
        keep_frames: true,
      },
    );
  });

  it("is refused by the schema as InvalidInput naming the field", () => {
    assert.throws(
      () => pipelineRequest("http://h/a.mp4", { strategy: "bogus" }),
      failsAs("InvalidInput", /^invalid PipelineRequest at \$\.strategy: /),
    );
    assert.throws(
      () => pipelineRequest("http://h/a.mp4", { maxFrames: -1 }),
      failsAs("InvalidInput", /^invalid PipelineRequest at \$\.max_frames: must be >= 1$/),
    );
    assert.throws(() => pipelineRequest("not a url", {}), failsAs("InvalidInput", /\$\.video_url/));
  });
});

describe("batch request", () => {
  it("names the manifest and the flags given, checked by the schema", () => {
    const manifest = "media://manifests/4432f14ba69af057.jsonl";
    assert.deepEqual(batchRequest(manifest, { maxInFlight: 2 }), { manifest, max_in_flight: 2 });
    assert.deepEqual(batchRequest(manifest, { maxPerHost: 3 }), { manifest, max_per_host: 3 });
    assert.throws(() => batchRequest(manifest, { maxPerHost: 0 }), failsAs("InvalidInput", /\$\.max_per_host/));
    assert.throws(() => batchRequest(manifest, { continueEvery: 0 }), failsAs("InvalidInput", /\$\.continue_every/));
  });
});

describe("upload", () => {
  const store = new FileStore(join(dir.path, "media", "nested"));
  const source = join(dir.path, "My Clip (final).mp4");
  writeFileSync(source, "not really a video\n");

  it("copies a local file once to uploads/<sha16>/<name>, atomically", async () => {
    const uri = await upload(store, source);
    assert.equal(uri, "media://uploads/7614d68377e98175/My_Clip__final_.mp4");
    const folder = join(store.root, "uploads", "7614d68377e98175");
    const copy = join(folder, "My_Clip__final_.mp4");
    assert.equal(readFileSync(copy, "utf8"), "not really a video\n");
    const first = statSync(copy).mtimeMs;
    assert.equal(await upload(store, source), uri);
    assert.deepEqual(readdirSync(folder), ["My_Clip__final_.mp4"], "one copy, no temp file left");
    assert.equal(statSync(copy).mtimeMs, first, "an existing copy is not rewritten");
  });

  it("refuses a source that is not a readable file, and a key outside the root", async () => {
    await assert.rejects(
      upload(store, join(dir.path, "missing.mp4")),
      failsAs("InvalidInput", /missing\.mp4 is neither a URL nor a readable file$/),
    );
    await assert.rejects(readList(dir.path), failsAs("InvalidInput", /is not a readable file$/));
    await assert.rejects(
      store.put("media://../x", new Uint8Array()),
      failsAs("InvalidInput", /not a valid media reference/),
    );

    const root = join(dir.path, "media2");
    const outside = join(dir.path, "outside");
    mkdirSync(root);
    mkdirSync(outside);
    symlinkSync(outside, join(root, "uploads"));
    await assert.rejects(
      upload(new FileStore(root), source),
      failsAs("IntegrityError", /escapes the media store$/),
    );
    assert.deepEqual(readdirSync(outside), []);
  });
});
