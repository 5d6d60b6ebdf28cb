// The batch command (python client/batch.py): its id, the request it sends (inline or as a
// manifest in the media store), its progress line, and how it watches a batch.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ServiceError, WorkflowFailedError } from "@temporalio/client";
import { ApplicationFailure, RetryState } from "@temporalio/common";
import {
  type BatchHandle,
  batchId,
  batchRequestFor,
  progressLine,
  pythonPath,
  uploadManifest,
  watchBatch,
} from "../client/batch";
import { ClientError } from "../client/errors";
import { type Handle, queryError, QueryTimeout, status } from "../client/pipeline";
import type { BatchProgress } from "../contracts/gen/types";
import { tempDir } from "./helpers/fixtures";

const bytes = (text: string) => new TextEncoder().encode(text);
const sha16 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex").slice(0, 16);

function entries(n: number): string {
  return `# a batch\n${Array.from({ length: n }, (_, i) => `http://127.0.0.1:8000/v${i}.mp4\n`).join("")}`;
}

function invalidInput(prefix: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof ClientError, String(err));
    assert.equal(err.type, "InvalidInput");
    assert.ok(err.message.startsWith(prefix), err.message);
    return true;
  };
}

describe("batch id", () => {
  it("matches the Python client (cross-language fixture)", () => {
    // .venv/bin/python -c "import hashlib;print('batch-'+hashlib.sha256(b'http://127.0.0.1:8000/a.mp4\n').hexdigest()[:16])"
    assert.equal(batchId(bytes("http://127.0.0.1:8000/a.mp4\n")), "batch-4432f14ba69af057");
    const list = bytes(entries(3));
    assert.equal(batchId(list), `batch-${sha16(list)}`);
  });
});

describe("batch request", () => {
  const dir = tempDir("client-batch");
  after(() => dir.remove());

  it("sends up to 1000 entries inline, each with only its given fields", async () => {
    const root = join(dir.path, "inline");
    const list = '# two videos\nhttp://x/a.mp4\n{"video_url":"http://x/b.mp4","max_frames":5,"storyboard":false}\n';
    assert.deepEqual(await batchRequestFor(bytes(list), {}, root), {
      requests: [{ video_url: "http://x/a.mp4" }, { video_url: "http://x/b.mp4", max_frames: 5, storyboard: false }],
    });
    // Options only when given; an empty list is still a list.
    assert.deepEqual(await batchRequestFor(bytes("# nothing yet\n"), { maxInFlight: 8, continueEvery: 50 }, root), {
      requests: [],
      max_in_flight: 8,
      continue_every: 50,
    });
    const inline = await batchRequestFor(bytes(entries(1000)), {}, root);
    assert.deepEqual(Object.keys(inline), ["requests"]);
    assert.equal(inline.requests?.length, 1000);
    assert.ok(!existsSync(join(root, "manifests")), "an inline batch wrote to the media store");
  });

  it("puts a list of 1001 entries into the media store, content-addressed, once", async () => {
    const root = join(dir.path, "media");
    const list = bytes(entries(1001));
    const uri = `media://manifests/${sha16(list)}.jsonl`;
    assert.deepEqual(await batchRequestFor(list, { maxInFlight: 2 }, root), { manifest: uri, max_in_flight: 2 });
    const stored = join(root, "manifests", `${sha16(list)}.jsonl`);
    assert.deepEqual(readFileSync(stored), Buffer.from(list), "the manifest is the list, unchanged");
    const first = statSync(stored);

    assert.equal(await uploadManifest(root, list), uri);
    assert.deepEqual(readdirSync(join(root, "manifests")), [`${sha16(list)}.jsonl`], "one manifest, no temp files");
    assert.equal(statSync(stored).mtimeMs, first.mtimeMs, "an existing manifest is not rewritten");
  });

  it("checks every line before uploading", async () => {
    const root = join(dir.path, "refused");
    const list = `${entries(1200)}{"video_url":"http://x/a.mp4","strategy":"all"}\n`;
    await assert.rejects(
      batchRequestFor(bytes(list), {}, root),
      invalidInput("manifest line 1202: invalid PipelineRequest at $.strategy: "),
    );
    assert.ok(!existsSync(join(root, "manifests")), "a bad list was uploaded");
  });

  it("checks the options against the schema", async () => {
    const list = bytes("http://x/a.mp4\n");
    const root = join(dir.path, "options");
    await assert.rejects(batchRequestFor(list, { maxInFlight: 0 }, root), invalidInput("invalid BatchRequest at $.max_in_flight: "));
    await assert.rejects(batchRequestFor(list, { maxInFlight: 65 }, root), invalidInput("invalid BatchRequest at $.max_in_flight: "));
    await assert.rejects(
      batchRequestFor(list, { continueEvery: 1e23 }, root),
      invalidInput("invalid BatchRequest at $.continue_every: "),
    );
  });

  it("names a file that is not there as Python's pathlib prints it", () => {
    // From Python: str(pathlib.Path(p))
    const expected: Record<string, string> = {
      "list.txt": "list.txt",
      "./list.txt": "list.txt",
      "a//b/./c/": "a/b/c",
      "./a//nonexist.txt": "a/nonexist.txt",
      "": ".",
      ".": ".",
      "./": ".",
      "/": "/",
      "//x": "//x",
      "///x//y": "/x/y",
      "../x/..": "../x/..",
      "/tmp/": "/tmp",
    };
    for (const [path, want] of Object.entries(expected)) assert.equal(pythonPath(path), want, path);
  });
});

function progressOf(done: number, extra: Partial<BatchProgress> = {}): BatchProgress {
  return { batch_id: "b", total: 5, done, succeeded: done, failed: 0, running: Math.min(2, 5 - done), runs: 1, ...extra };
}

/** A stand-in handle: the progress query answers from `answers` (a function throws), then the result settles. */
function fakeHandle(answers: unknown[], result: () => Promise<unknown>): BatchHandle {
  let asked = 0;
  let finish: (() => void) | undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  if (answers.length === 0) finish?.();
  const handle = {
    workflowId: "b",
    client: { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() },
    query: () => {
      const answer = answers[asked++];
      if (asked >= answers.length) finish?.();
      return typeof answer === "function" ? Promise.resolve().then(answer as () => never) : Promise.resolve(answer);
    },
    result: () => finished.then(result),
  };
  return handle as unknown as BatchHandle;
}

describe("batch progress", () => {
  it("is one line, two spaces between fields", () => {
    const p = { batch_id: "batch-1", total: 1001, done: 120, succeeded: 117, failed: 3, running: 4, runs: 2 };
    assert.equal(progressLine(p), "done 120/1001  ok 117  failed 3  running 4  runs 2");
  });

  it("is written when its line changes, and the result comes back checked", async () => {
    const lines: string[] = [];
    const timeout = () => {
      throw new QueryTimeout();
    };
    const result = { batch_id: "b", total: 5, succeeded: 5, failed: 0, failures: [], runs: 1 };
    const handle = fakeHandle([progressOf(0), progressOf(0), timeout, progressOf(2), progressOf(5, { running: 0 })], () =>
      Promise.resolve(result),
    );
    assert.deepEqual(await watchBatch(handle, { write: (text: string) => lines.push(text) }, 1), result);
    assert.deepEqual(lines, [
      "done 0/5  ok 0  failed 0  running 2  runs 1\n",
      "done 2/5  ok 2  failed 0  running 2  runs 1\n",
      "done 5/5  ok 5  failed 0  running 0  runs 1\n",
    ]);
  });

  it("fails as the batch failed, and on a progress or result that breaks the contract", async () => {
    const failure = ApplicationFailure.create({ type: "InvalidInput", message: "manifest line 3: bad", nonRetryable: true });
    const failedRun = () => Promise.reject(new WorkflowFailedError("failed", failure, RetryState.NON_RETRYABLE_FAILURE));
    await assert.rejects(watchBatch(fakeHandle([progressOf(1)], failedRun), { write: () => true }, 1), (err) => {
      assert.ok(err instanceof ClientError);
      assert.deepEqual([err.type, err.message], ["InvalidInput", "manifest line 3: bad"]);
      return true;
    });
    const never = () => new Promise<never>(() => undefined);
    await assert.rejects(watchBatch(fakeHandle([{ done: 1 }], never), { write: () => true }, 1), (err) => {
      assert.ok(err instanceof ClientError);
      assert.equal(err.type, "ContractViolation");
      assert.match(err.message, /^invalid BatchProgress at \$\.\w+: /);
      return true;
    });
    const broken = () => Promise.resolve({ batch_id: "b" });
    await assert.rejects(watchBatch(fakeHandle([], broken)), (err) => {
      assert.ok(err instanceof ClientError);
      assert.equal(err.type, "ContractViolation");
      assert.match(err.message, /^invalid BatchResult at \$\.\w+: required field missing$/);
      return true;
    });
  });
});

describe("status of a run whose progress query times out", () => {
  const grpc = (code: number, details: string) =>
    new ServiceError("Failed to query Workflow", { cause: Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} }) });

  it("says Timeout expired, as the Go client, when the SDK reports the deadline as CANCELLED", async () => {
    const timeout = "Timeout expired (no answer within 5s)";
    assert.equal(queryError(new QueryTimeout()), timeout);
    assert.equal(queryError(grpc(4, "Deadline exceeded")), timeout);
    assert.equal(queryError(grpc(9, "no poller")), "no poller");

    for (const code of [1, 4]) {
      const handle = {
        workflowId: "media-1",
        client: { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() },
        describe: () => Promise.resolve({ status: { code: 1 }, runId: "run-1" }),
        query: () => Promise.reject(grpc(code, code === 1 ? "Cancelled on client" : "Deadline exceeded")),
      } as unknown as Handle;
      assert.deepEqual(await status(handle), {
        workflow_id: "media-1",
        run_id: "run-1",
        status: "RUNNING",
        progress_error: timeout,
      });
    }
  });
});
