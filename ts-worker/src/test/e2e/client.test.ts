// End to end: the built client (node dist/client.js) against a real Temporal dev server, first
// with no worker at all, then with a stand-in MediaProcessingWorkflow on the python queue.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { WorkflowHandle } from "@temporalio/client";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from "@temporalio/worker";
import { batchId, runId as defaultWorkflowId } from "../../client/request";
import { cancel } from "../../client/workflows";
import { MediaBatchWorkflow, MediaProcessingWorkflow, TaskQueue } from "../../contracts/gen/registry";
import type { PipelineResult, Progress, RunStatus } from "../../contracts/gen/types";
import { clientEnv, ClientProcess, delay, runClient } from "../helpers/client";
import { TEMPORAL_CLI, tempDir, vectorData } from "../helpers/fixtures";
import { freePort } from "../helpers/ports";
import type { Outcome } from "./stand-in-pipeline";

const URL = "http://127.0.0.1:8000/clip.mp4";
// Python: default_workflow_id("http://127.0.0.1:8000/clip.mp4") (cross-language fixture).
const URL_ID = "media-e3e37bcba865ece817a6";

const dir = tempDir("client-e2e");
let env: TestWorkflowEnvironment | undefined;
let clientVars: Record<string, string> = {};
const temporal = (): TestWorkflowEnvironment => {
  if (env === undefined) throw new Error("dev server not started");
  return env;
};
const client = (args: string[], timeoutMs?: number) => runClient(args, clientVars, timeoutMs);
const parsed = (stdout: string): RunStatus => JSON.parse(stdout) as RunStatus;

before(async () => {
  Runtime.install({ logger: new DefaultLogger("ERROR") });
  const port = await freePort();
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: "existing-path", path: TEMPORAL_CLI },
      ip: "127.0.0.1",
      port,
      dbFilename: join(dir.path, "temporal.db"),
    },
  });
  clientVars = clientEnv(dir.path, { TEMPORAL_ADDRESS: `127.0.0.1:${port}`, MEDIA_ROOT: join(dir.path, "media") });
});

after(async () => {
  await env?.teardown();
  dir.remove();
});

describe("client against a dev server with no worker", { timeout: 120_000 }, () => {
  after(async () => {
    // Close what is left so the stand-in worker of the next suite does not pick it up.
    for await (const run of temporal().client.workflow.list({ query: "ExecutionStatus = 'Running'" })) {
      await temporal().client.workflow.getHandle(run.workflowId).terminate("test over");
    }
  });

  it("start prints the id derived from the URL and exits 0; the same URL attaches", async () => {
    const first = await client(["start", URL]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, `${URL_ID}\n`);
    assert.equal(first.stderr, "");
    const desc = await temporal().client.workflow.getHandle(URL_ID).describe();
    assert.equal(desc.type, MediaProcessingWorkflow);
    assert.equal(desc.taskQueue, TaskQueue.python);
    assert.deepEqual(await startInput(URL_ID), { video_url: URL });

    const again = await client(["start", URL, "--id", ""]);
    assert.equal(again.stdout, `${URL_ID}\n`);
    assert.equal((await temporal().client.workflow.getHandle(URL_ID).describe()).runId, desc.runId);
  });

  it("start uploads a local file and sends only the options given", async () => {
    const file = join(dir.path, "My Clip.mp4");
    writeFileSync(file, "pretend video");
    const result = await client(["start", file, "--max-frames", "5", "--no-storyboard", "--id", "upload-test"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "upload-test\n");
    const input = await startInput("upload-test");
    assert.match(String(input.video_url), /^media:\/\/uploads\/[0-9a-f]{16}\/My_Clip\.mp4$/);
    assert.deepEqual(input, { video_url: input.video_url, max_frames: 5, storyboard: false });
    const key = String(input.video_url).slice("media://".length);
    assert.equal(readFileSync(join(dir.path, "media", key), "utf8"), "pretend video");
    // Without --id the id comes from the media:// URI.
    const derived = await client(["start", file, "--max-frames", "5", "--no-storyboard"]);
    assert.equal(derived.stdout, `${defaultWorkflowId(String(input.video_url))}\n`);
  });

  it("status reports RUNNING with a progress_error, bounded, when no worker answers", async () => {
    const result = await client(["status", URL_ID], 30_000);
    assert.equal(result.code, 0, result.stderr);
    const report = parsed(result.stdout);
    assert.deepEqual(Object.keys(report), ["workflow_id", "run_id", "status", "progress_error"]);
    assert.equal(report.workflow_id, URL_ID);
    assert.equal(report.status, "RUNNING");
    assert.equal(typeof report.progress_error, "string");
    assert.ok(result.ms < 20_000, `took ${result.ms} ms`);
  });

  it("refuses a bad source or option with exit 1 and one line, starting nothing", async () => {
    const missing = await client(["run", "no-such-file.mp4"]);
    assert.deepEqual(
      [missing.code, missing.stderr],
      [1, "error: InvalidInput: no-such-file.mp4 is neither a URL nor a readable file\n"],
    );
    const invalid = await client(["run", URL, "--max-frames", "0", "--id", "never-started"]);
    assert.deepEqual(
      [invalid.code, invalid.stderr],
      [1, "error: InvalidInput: invalid PipelineRequest at $.max_frames: must be >= 1\n"],
    );
    await assert.rejects(temporal().client.workflow.getHandle("never-started").describe());
  });

  it("batch uploads the list unparsed and starts MediaBatchWorkflow on its manifest", async () => {
    const list = join(dir.path, "videos.txt");
    const text = `${URL}\n# a comment\nnot even json {\n`;
    writeFileSync(list, text);
    const result = await client(["batch", list, "--no-wait", "--max-in-flight", "2"]);
    assert.equal(result.code, 0, result.stderr);
    const id = batchId(Buffer.from(text));
    assert.equal(result.stdout, `${id}\n`);
    assert.equal((await temporal().client.workflow.getHandle(id).describe()).type, MediaBatchWorkflow);
    const input = await startInput(id);
    assert.deepEqual(input, { manifest: `media://manifests/${id.slice("batch-".length)}.jsonl`, max_in_flight: 2 });
    assert.equal(
      readFileSync(join(dir.path, "media", "manifests", `${id.slice("batch-".length)}.jsonl`), "utf8"),
      text,
    );
    await temporal().client.workflow.getHandle(id).terminate("test over");
  });

  it("cancel records the request and returns when the run closes", async () => {
    const cancelling = new ClientProcess(["cancel", URL_ID], clientVars);
    const handle = temporal().client.workflow.getHandle(URL_ID);
    // With no worker the request is only recorded; close the run from here, as a worker would.
    await until(() => cancelRequested(handle));
    await handle.terminate("closing for the test");
    const result = await cancelling.finished;
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parsed(result.stdout), {
      workflow_id: URL_ID,
      run_id: (await handle.describe()).runId,
      status: "TERMINATED",
    });
    assert.ok(result.ms < 20_000, `took ${result.ms} ms`);
  });

  it("cancel waits a bounded time, then prints the status of a run still running", async () => {
    const started = Date.now();
    const report = await cancel(temporal().client.workflow.getHandle("upload-test"), 500);
    assert.equal(report.status, "RUNNING");
    assert.equal(typeof report.progress_error, "string");
    assert.ok(Date.now() - started < 15_000);
  });

  it("status, result and cancel of an unknown id exit 1 with NotFound", async () => {
    for (const command of ["status", "result", "cancel"]) {
      const result = await client([command, "no-such-run"]);
      assert.equal(result.code, 1, command);
      assert.equal(result.stdout, "");
      assert.match(result.stderr, /^error: NotFound: .*no-such-run.*\n$/, command);
    }
  });
});

describe("client against a stand-in workflow", { timeout: 180_000 }, () => {
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;

  before(async () => {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve("./stand-in-pipeline"),
      logger: new DefaultLogger("WARN"),
    });
    worker = await Worker.create({
      connection: temporal().nativeConnection,
      taskQueue: TaskQueue.python,
      workflowBundle,
    });
    running = worker.run();
  });

  after(async () => {
    worker?.shutdown();
    await running;
  });

  it("run shows progress on stderr and prints the result on stdout", async () => {
    const url = "http://127.0.0.1:8000/run.mp4";
    const id = defaultWorkflowId(url);
    const run = new ClientProcess(["run", url], clientVars);
    await run.waitForStderr("starting");
    await signal(id, "set_progress", progress(id, "analyzing", 62.75, 8.35));
    await run.waitForStderr("analyzing");
    const result = pipelineResult(id);
    await signal(id, "finish", { result });
    const done = await run.finished;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout, `${JSON.stringify(result, null, 2)}\n`);
    assert.equal(
      done.stderr,
      `workflow ${id} started\n` +
        "starting 0.0% frames 0, analysed 0\n" +
        "analyzing 62.8% frames 120, analysed 48, batches 2/5\n",
    );
  });

  it("run --json prints nothing but one error line when the run fails", async () => {
    const url = "http://127.0.0.1:8000/broken.mp4";
    const id = defaultWorkflowId(url);
    const run = new ClientProcess(["run", url, "--json"], clientVars);
    await until(() => exists(id));
    await signal(id, "finish", { failure: { type: "UnsupportedMedia", message: "no video stream in broken.mp4" } });
    const done = await run.finished;
    assert.deepEqual(
      [done.code, done.stdout, done.stderr],
      [1, "", "error: UnsupportedMedia: no video stream in broken.mp4\n"],
    );
  });

  it("status shows the progress; start attaches to the running run", async () => {
    const url = "http://127.0.0.1:8000/watch.mp4";
    const id = (await client(["start", url])).stdout.trim();
    assert.equal(id, defaultWorkflowId(url));
    const first = parsed((await client(["status", id])).stdout);
    assert.deepEqual(first, {
      workflow_id: id,
      run_id: first.run_id,
      status: "RUNNING",
      progress: progress(id, "starting", 0, 0),
    });

    assert.equal((await client(["start", url])).stdout, `${id}\n`);
    assert.equal(parsed((await client(["status", id])).stdout).run_id, first.run_id);

    await signal(id, "set_progress", { ...progress(id, "probing", 10, 1), percent: 101 });
    const broken = await client(["status", id]);
    assert.equal(broken.code, 1);
    assert.equal(broken.stderr, "error: ContractViolation: invalid Progress at $.percent: must be <= 100\n");
  });

  it("cancel ends the run as CANCELED; its result is the Cancelled error; a new start runs again", async () => {
    const url = "http://127.0.0.1:8000/watch.mp4";
    const id = defaultWorkflowId(url);
    // (status itself would refuse the broken progress the previous test left.)
    const before = { run_id: (await temporal().client.workflow.getHandle(id).describe()).runId };
    const cancelled = await client(["cancel", id]);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.deepEqual(parsed(cancelled.stdout), { workflow_id: id, run_id: before.run_id, status: "CANCELED" });

    const result = await client(["result", id]);
    assert.deepEqual([result.code, result.stdout, result.stderr], [1, "", "error: Cancelled: the run was cancelled\n"]);

    assert.equal((await client(["start", url])).stdout, `${id}\n`);
    const after = parsed((await client(["status", id])).stdout);
    assert.equal(after.status, "RUNNING");
    assert.notEqual(after.run_id, before.run_id);
    await signal(id, "finish", { result: { ...pipelineResult(id), frames_kept: "no" } });
    const broken = await client(["result", id]);
    assert.deepEqual(
      [broken.code, broken.stdout, broken.stderr],
      [1, "", "error: ContractViolation: invalid PipelineResult at $.frames_kept: must be boolean\n"],
    );
    const status = parsed((await client(["status", id])).stdout);
    assert.deepEqual(status, { workflow_id: id, run_id: after.run_id, status: "COMPLETED" });
  });
});

// ---- helpers ----

function progress(id: string, stage: Progress["stage"], percent: number, elapsed: number): Progress {
  const busy = stage !== "starting";
  return {
    workflow_id: id,
    stage,
    stages_done: [],
    frames_extracted: busy ? 120 : 0,
    frames_analyzed: busy ? 48 : 0,
    batches_total: busy ? 5 : 0,
    batches_done: busy ? 2 : 0,
    percent,
    elapsed_seconds: elapsed,
  };
}

function pipelineResult(id: string): PipelineResult {
  const result = vectorData("PipelineResult", "valid #1") as PipelineResult;
  result.workflow_id = id;
  result.metadata.workflow_id = id;
  return result;
}

async function signal(id: string, name: "set_progress" | "finish", value: Progress | Outcome | object): Promise<void> {
  await temporal().client.workflow.getHandle(id).signal(name, value);
}

async function exists(id: string): Promise<boolean> {
  try {
    await temporal().client.workflow.getHandle(id).describe();
    return true;
  } catch {
    return false;
  }
}

async function cancelRequested(handle: WorkflowHandle): Promise<boolean> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).some((e) => e.workflowExecutionCancelRequestedEventAttributes != null);
}

/** The JSON value the workflow was started with (its first argument). */
async function startInput(id: string): Promise<Record<string, unknown>> {
  const history = await temporal().client.workflow.getHandle(id).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  assert.ok(payload?.data, "no start input");
  return JSON.parse(Buffer.from(payload.data).toString("utf8")) as Record<string, unknown>;
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await delay(100);
  }
}
