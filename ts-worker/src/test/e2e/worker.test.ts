// End to end: the built worker (node dist/worker.js, configured only by environment
// variables) against a real Temporal dev server, driven by a test workflow on its own queue.
import assert from "node:assert/strict";
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { WorkflowFailedError } from "@temporalio/client";
import { ActivityFailure, ApplicationFailure, RetryState } from "@temporalio/common";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from "@temporalio/worker";
import { openCatalog } from "../../catalog/open";
import { recordId } from "../../catalog/record";
import { ErrorType } from "../../contracts/gen/registry";
import { is } from "../../contracts/schema";
import { PACKAGE_ROOT, sampleInput, TEMPORAL_CLI, tempDir } from "../helpers/fixtures";
import { freePort } from "../helpers/ports";
import type { storeMetadataViaTemporal } from "./workflows";

/** The built worker as a child process, with everything it has printed so far. */
class WorkerProcess {
  output = "";
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [join(PACKAGE_ROOT, "dist", "worker.js")], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  /** Resolves once `text` has been printed; rejects if the worker exits first. */
  waitForOutput(text: string): Promise<void> {
    const printed = new Promise<void>((resolve) => {
      const check = () => {
        if (!this.output.includes(text)) return;
        this.child.stdout.off("data", check);
        resolve();
      };
      this.child.stdout.on("data", check);
      check();
    });
    const died = this.exited.then((code) => {
      throw new Error(`worker exited (${code}) before printing "${text}":\n${this.output}`);
    });
    return Promise.race([printed, died]);
  }

  signal(name: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(name);
  }
}

interface Harness {
  env: TestWorkflowEnvironment;
  workflowBundle: WorkflowBundleWithSourceMap;
  worker: WorkerProcess;
  catalogUrl: string;
}

describe("ts worker through Temporal", { timeout: 180_000 }, () => {
  const dir = tempDir("e2e");
  let harness: Harness | undefined;
  const h = (): Harness => {
    if (harness === undefined) throw new Error("harness not started");
    return harness;
  };

  before(async () => {
    // The test's own workflow worker only needs to speak up when something is wrong.
    Runtime.install({ logger: new DefaultLogger("ERROR") });
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve("./workflows"),
      logger: new DefaultLogger("WARN"),
    });
    const port = await freePort();
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: "existing-path", path: TEMPORAL_CLI },
        ip: "127.0.0.1",
        port,
        dbFilename: join(dir.path, "temporal.db"),
      },
    });
    const catalogUrl = `file:${join(dir.path, "catalog.db")}`;
    const worker = new WorkerProcess({
      PATH: process.env.PATH ?? "",
      // A clean environment: no TEMPORAL_* or temporal.toml of the developer's leaks in.
      HOME: dir.path,
      XDG_CONFIG_HOME: dir.path,
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      TEMPORAL_NAMESPACE: "default",
      CATALOG_URL: catalogUrl,
      LOG_LEVEL: "info",
    });
    harness = { env, workflowBundle, worker, catalogUrl };
    await worker.waitForOutput("ts worker started");
  });

  after(async () => {
    harness?.worker.signal("SIGKILL");
    await harness?.env.teardown();
    dir.remove();
  });

  it("stores the record, then updates it on a second run", async () => {
    const input = sampleInput(`wf-e2e-${randomUUID()}`);
    const first = await runWorkflow(h(), input);
    assert.ok(is("StoreMetadataOutput", first), JSON.stringify(first));
    assert.equal(first.record_id, recordId(input.metadata.workflow_id));
    assert.equal(first.created, true);
    assert.match(first.stored_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const second = await runWorkflow(h(), input);
    assert.ok(is("StoreMetadataOutput", second));
    assert.deepEqual({ ...second, stored_at: "" }, { ...first, created: false, stored_at: "" });

    const catalog = await openCatalog(h().catalogUrl);
    try {
      assert.equal((await catalog.get(input.metadata.workflow_id))?.revision, 2);
    } finally {
      await catalog.close();
    }
  });

  it("fails an invalid input once, as non-retryable InvalidInput naming the field", async () => {
    const input = { ...sampleInput("wf-e2e-invalid"), unexpected_field: true };
    await assert.rejects(runWorkflow(h(), input), (err) => {
      assert.ok(err instanceof WorkflowFailedError, String(err));
      assert.ok(err.cause instanceof ActivityFailure, String(err.cause));
      // Not retried: the workflow allows 3 attempts, the first failure ended it.
      assert.equal(err.cause.retryState, RetryState.NON_RETRYABLE_FAILURE);
      const cause = err.cause.cause;
      assert.ok(cause instanceof ApplicationFailure, String(cause));
      assert.equal(cause.type, ErrorType.InvalidInput);
      assert.equal(cause.nonRetryable, true);
      assert.equal(cause.message, "invalid StoreMetadataInput at $.unexpected_field: unknown field");
      return true;
    });
  });

  it("stops gracefully on SIGTERM with exit code 0", async () => {
    const { worker } = h();
    worker.signal("SIGTERM");
    assert.equal(await worker.exited, 0, worker.output);
    assert.match(worker.output, /ts worker stopped/);
  });
});

/** Runs the test workflow on a throwaway queue served by an in-process workflow-only worker. */
async function runWorkflow({ env, workflowBundle }: Harness, input: unknown): Promise<unknown> {
  const taskQueue = `e2e-${randomUUID()}`;
  const workflowWorker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
  return workflowWorker.runUntil(
    env.client.workflow.execute<typeof storeMetadataViaTemporal>("storeMetadataViaTemporal", {
      args: [input],
      taskQueue,
      workflowId: `e2e-${randomUUID()}`,
    }),
  );
}
