import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLogger } from "../log";

/** What `body` writes to stdout, without letting it reach the test runner's own output. */
function captureStdout(body: () => void): string {
  const original = process.stdout.write.bind(process.stdout);
  let captured = "";
  process.stdout.write = (chunk: string | Uint8Array) => {
    captured += chunk.toString();
    return true;
  };
  try {
    body();
  } finally {
    process.stdout.write = original;
  }
  return captured;
}

describe("worker log", () => {
  it("writes one JSON line per event, the task's ids under the common names, minus the task token", () => {
    const out = captureStdout(() => {
      const log = createLogger("INFO");
      log.info("catalog\nrecord created", {
        recordId: "r", taskToken: "blob", error: new Error("boom"), n: 1n,
        workflowId: "w", runId: "u", activityType: "store_metadata", attempt: 2, trace_id: "t",
      });
      log.debug("hidden at INFO");
    });
    assert.equal(out.split("\n").length, 2);
    const line = JSON.parse(out) as Record<string, unknown>;
    assert.match(String(line.time), /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    delete line.time;
    assert.deepEqual(line, {
      level: "INFO", msg: "catalog\nrecord created", recordId: "r", error: "Error: boom", n: "1",
      workflow_id: "w", run_id: "u", activity: "store_metadata", attempt: 2, trace_id: "t",
    });
  });
});
