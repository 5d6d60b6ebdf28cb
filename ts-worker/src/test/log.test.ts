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
  it("writes one line per event with JSON metadata, minus the task token", () => {
    const out = captureStdout(() => {
      const log = createLogger("INFO");
      log.info("catalog\nrecord created", { recordId: "r", taskToken: "blob", error: new Error("boom"), n: 1n });
      log.debug("hidden at INFO");
    });
    assert.match(out, /^\d{4}-\d\d-\d\dT[\d:.]+Z INFO catalog record created \{"recordId":"r","error":"Error: boom","n":"1"\}\n$/);
  });
});
