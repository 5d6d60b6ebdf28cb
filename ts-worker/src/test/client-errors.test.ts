// How failures print: the catalogue type of the first typed failure, Cancelled, NotFound, or
// WorkflowFailed; exit 2 only for bad usage and an unreachable server.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WorkflowFailedError } from "@temporalio/client";
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  RetryState,
  TerminatedFailure,
  WorkflowNotFoundError,
} from "@temporalio/common";
import { classify, CliError, ConnectError, report, UsageError } from "../client/errors";

const failed = (cause: Error) =>
  new WorkflowFailedError("Workflow execution failed", cause, RetryState.NON_RETRYABLE_FAILURE);
const typed = (type: string, message: string, cause?: Error) => ApplicationFailure.create({ type, message, cause });

describe("a run's failure", () => {
  it("is named by the first catalogue type in its cause chain", () => {
    const activity = new ActivityFailure(
      "activity failed",
      "download_video",
      "1",
      RetryState.NON_RETRYABLE_FAILURE,
      "w",
      typed("SourceUnavailable", "404 for http://h/a.mp4"),
    );
    assert.deepEqual(classify(failed(activity)), { type: "SourceUnavailable", message: "404 for http://h/a.mp4" });
    assert.deepEqual(classify(failed(typed("ValueError", "not ours", typed("MediaCorrupt", "bad moov")))), {
      type: "MediaCorrupt",
      message: "bad moov",
    });
  });

  it("is Cancelled when cancelled, WorkflowFailed without a catalogue type", () => {
    assert.equal(classify(failed(new CancelledFailure("cancelled"))).type, "Cancelled");
    assert.deepEqual(classify(failed(typed("ValueError", "boom"))), { type: "WorkflowFailed", message: "boom" });
    assert.deepEqual(classify(failed(new TerminatedFailure("by an operator"))), {
      type: "WorkflowFailed",
      message: "by an operator",
    });
  });

  it("is NotFound for an unknown workflow id", () => {
    assert.equal(classify(new WorkflowNotFoundError("workflow not found: x", "x", undefined)).type, "NotFound");
  });
});

describe("report", () => {
  it("is one `error: <Type>: <message>` line with exit 1", () => {
    assert.deepEqual(report(new CliError("InvalidInput", "bad\nvalue"), "usage"), {
      code: 1,
      text: "error: InvalidInput: bad value",
    });
    assert.deepEqual(report(new Error("odd"), "usage"), { code: 1, text: "error: WorkflowFailed: odd" });
  });

  it("exits 2 for bad usage (after the usage) and for an unreachable server", () => {
    assert.deepEqual(report(new UsageError("unknown command 'x'"), "usage: client"), {
      code: 2,
      text: "usage: client\nerror: unknown command 'x'",
    });
    const down = new ConnectError("cannot reach Temporal at 127.0.0.1:1 (namespace default): 14 UNAVAILABLE");
    assert.deepEqual(report(down, "usage"), { code: 2, text: `error: ${down.message}` });
  });
});
