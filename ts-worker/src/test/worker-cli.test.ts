// The built entrypoint's failure modes: one line on stderr and a non-zero exit.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { PACKAGE_ROOT, tempDir } from "./helpers/fixtures";
import { freePort } from "./helpers/ports";

const WORKER = join(PACKAGE_ROOT, "dist", "worker.js");
const dir = tempDir("worker-cli");
after(() => dir.remove());

function runWorker(env: Record<string, string>) {
  return spawnSync(process.execPath, [WORKER], {
    encoding: "utf8",
    // A clean environment: no TEMPORAL_* or temporal.toml of the developer's leaks in.
    env: { PATH: process.env.PATH ?? "", HOME: dir.path, XDG_CONFIG_HOME: dir.path, ...env },
    timeout: 60_000,
  });
}

describe("worker entrypoint", () => {
  it("exits 1 with one line when Temporal cannot be reached", async () => {
    const port = await freePort();
    const result = runWorker({
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      CATALOG_URL: `file:${join(dir.path, "catalog.db")}`,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^ts worker: cannot connect to Temporal at 127\\.0\\.0\\.1:${port}: .+\\n$`));
  });

  it("exits 1 with one line on a bad setting", () => {
    const result = runWorker({ WORKER_MAX_CONCURRENT_ACTIVITIES: "zero" });
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'ts worker: WORKER_MAX_CONCURRENT_ACTIVITIES must be a positive integer (got "zero")\n');
  });

  it("exits 1 with one line on a bad rate limit", () => {
    const result = runWorker({ TASK_QUEUE_MAX_ACTIVITIES_PER_SECOND: "0" });
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'ts worker: TASK_QUEUE_MAX_ACTIVITIES_PER_SECOND must be a number above 0 (got "0")\n');
  });

  it("exits 1 with one line on an unknown catalog URL", () => {
    const result = runWorker({ CATALOG_URL: "mysql://db/x" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^ts worker: cannot open the catalog mysql:\/\/db\/x: CATALOG_URL must start with/);
    assert.equal(result.stderr.split("\n").length, 2);
  });
});
