// The request `run` and `start` send, and how failures become `error: <Type>: <message>`.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ServiceError, WorkflowFailedError } from "@temporalio/client";
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  RetryState,
  TerminatedFailure,
  WorkflowNotFoundError,
} from "@temporalio/common";
import { ClientError, ConnectError, InputError, report, UsageError } from "../client/errors";
import { decode, failed } from "../client/pipeline";
import { buildRequest, requestFor } from "../client/request";
import { tempDir } from "./helpers/fixtures";

const NO_OPTIONS = { noStoryboard: false, keepFrames: false };

function invalidInput(message: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof ClientError, String(err));
    assert.equal(err.type, "InvalidInput");
    assert.equal(err.message, message);
    return true;
  };
}

describe("pipeline request", () => {
  const dir = tempDir("client-request");
  after(() => dir.remove());

  it("holds only the fields given", () => {
    assert.deepEqual(buildRequest("http://h/a.mp4", NO_OPTIONS), { video_url: "http://h/a.mp4" });
    assert.deepEqual(
      buildRequest("media://uploads/x/a.mp4", {
        strategy: "keyframes",
        intervalSeconds: 0.5,
        maxFrames: 12,
        noStoryboard: true,
        keepFrames: true,
      }),
      {
        video_url: "media://uploads/x/a.mp4",
        strategy: "keyframes",
        interval_seconds: 0.5,
        max_frames: 12,
        storyboard: false,
        keep_frames: true,
      },
    );
  });

  it("is refused as InvalidInput naming the field", () => {
    const build = (url: string, extra: object) => () => buildRequest(url, { ...NO_OPTIONS, ...extra });
    const ok = "http://h/a.mp4";
    assert.throws(build(ok, { maxFrames: 0 }), invalidInput("invalid PipelineRequest at $.max_frames: must be >= 1"));
    assert.throws(build(ok, { maxFrames: -5 }), invalidInput("invalid PipelineRequest at $.max_frames: must be >= 1"));
    assert.throws(
      build(ok, { maxFrames: 20001 }),
      invalidInput("invalid PipelineRequest at $.max_frames: must be <= 20000"),
    );
    assert.throws(
      build(ok, { intervalSeconds: 0 }),
      invalidInput("invalid PipelineRequest at $.interval_seconds: must be > 0"),
    );
    assert.throws(
      build(ok, { intervalSeconds: NaN }),
      invalidInput("invalid PipelineRequest at $.interval_seconds: must be number"),
    );
    assert.throws(
      build(ok, { intervalSeconds: Infinity }),
      invalidInput("invalid PipelineRequest at $.interval_seconds: must be number"),
    );
    assert.throws(
      build("http://exa mple/a.mp4", {}),
      invalidInput('invalid PipelineRequest at $.video_url: must match format "uri"'),
    );
  });

  it("keeps a URL as given and uploads a local file", async () => {
    const root = join(dir.path, "media");
    const url = "https://example.com/v.mp4?x=1";
    assert.deepEqual(await requestFor({ source: url, ...NO_OPTIONS }, root), { video_url: url });
    const file = join(dir.path, "clip one.mp4");
    writeFileSync(file, "bytes");
    const request = await requestFor({ source: file, maxFrames: 3, ...NO_OPTIONS }, root);
    assert.match(request.video_url, /^media:\/\/uploads\/[0-9a-f]{16}\/clip_one\.mp4$/);
    assert.equal(request.max_frames, 3);
  });

  it("refuses a source that is neither a URL nor a readable file", async () => {
    const folder = join(dir.path, "a-folder");
    mkdirSync(folder);
    for (const source of [join(dir.path, "missing.mp4"), folder]) {
      await assert.rejects(requestFor({ source, ...NO_OPTIONS }, join(dir.path, "media")), (err) => {
        assert.ok(err instanceof InputError);
        assert.equal(report(err).line, `error: ${source} is neither a URL nor a readable file`);
        assert.equal(report(err).exitCode, 1);
        return true;
      });
    }
  });
});

describe("client failures", () => {
  const runFailed = (cause?: Error) => new WorkflowFailedError("Workflow execution failed", cause, RetryState.NON_RETRYABLE_FAILURE);

  it("name the first typed ApplicationFailure of the cause chain", () => {
    const app = ApplicationFailure.create({ type: "UnsupportedMedia", message: "no video stream", nonRetryable: true });
    const activity = new ActivityFailure("activity failed", "probe_video", "1", RetryState.NON_RETRYABLE_FAILURE, "w", app);
    for (const cause of [app, activity]) {
      const err = failed(runFailed(cause));
      assert.deepEqual([err.type, err.message], ["UnsupportedMedia", "no video stream"]);
    }
    // The workflow puts the catalogue type on top; an inner one does not win over it.
    const top = ApplicationFailure.create({ type: "DownloadRejected", message: "private address", cause: activity });
    assert.equal(failed(runFailed(top)).type, "DownloadRejected");
  });

  it("say Cancelled for a cancelled run and the class name otherwise", () => {
    const cancelled = failed(runFailed(new CancelledFailure("Workflow canceled")));
    assert.deepEqual([cancelled.type, cancelled.message], ["Cancelled", "the run was cancelled"]);
    const terminated = failed(runFailed(new TerminatedFailure("Workflow execution terminated")));
    assert.deepEqual([terminated.type, terminated.message], ["TerminatedFailure", "Workflow execution terminated"]);
    assert.equal(failed(runFailed(undefined)).type, "WorkflowFailed");
  });

  it("are one line with the right exit code", () => {
    assert.deepEqual(report(new ClientError("MediaCorrupt", "bad\nframe")), { line: "error: MediaCorrupt: bad frame", exitCode: 1 });
    assert.deepEqual(report(new UsageError("unrecognized arguments: b")), {
      line: "error: unrecognized arguments: b (see --help)",
      exitCode: 2,
    });
    assert.deepEqual(report(new ConnectError("cannot reach Temporal at h:1 (namespace n): refused")), {
      line: "error: cannot reach Temporal at h:1 (namespace n): refused",
      exitCode: 2,
    });
    assert.deepEqual(report(new WorkflowNotFoundError("workflow not found for ID: x", "x", undefined)), {
      line: "error: NOT_FOUND: workflow not found for ID: x",
      exitCode: 1,
    });
    const grpc = Object.assign(new Error("9 FAILED_PRECONDITION: no"), { code: 9, details: "no", metadata: {} });
    assert.deepEqual(report(new ServiceError("Failed to query Workflow", { cause: grpc })), {
      line: "error: FAILED_PRECONDITION: no",
      exitCode: 1,
    });
  });

  it("include a result that breaks the contract, as ContractViolation", () => {
    assert.throws(
      () => decode("PipelineResult", { workflow_id: "media-x" }),
      (err) => {
        assert.ok(err instanceof ClientError);
        assert.equal(err.type, "ContractViolation");
        assert.match(err.message, /^invalid PipelineResult at \$\.\w+: required field missing$/);
        return true;
      },
    );
  });
});
