// The built client without a server: usage, help, and a Temporal that cannot be reached.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { USAGE } from "../client/args";
import { clientEnv, runClient } from "./helpers/client";
import { tempDir } from "./helpers/fixtures";
import { freePort } from "./helpers/ports";

const dir = tempDir("client-cli");
after(() => dir.remove());

describe("client entrypoint", () => {
  it("exits 2 with one line, within the connect bound, when Temporal cannot be reached", async () => {
    const port = await freePort();
    const env = clientEnv(dir.path, { TEMPORAL_ADDRESS: `127.0.0.1:${port}`, TEMPORAL_NAMESPACE: "media" });
    const result = await runClient(["run", "http://127.0.0.1:8000/clip.mp4"], env, 30_000);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, "");
    assert.match(
      result.stderr,
      new RegExp(`^error: cannot reach Temporal at 127\\.0\\.0\\.1:${port} \\(namespace media\\): .+\\n$`),
    );
    assert.ok(result.ms < 20_000, `took ${result.ms} ms`);
  });

  it("exits 2 with one line on bad usage, before connecting", async () => {
    const env = clientEnv(dir.path, { TEMPORAL_ADDRESS: "127.0.0.1:1" });
    for (const [args, message] of [
      [[], "a command is required (run, start, status, result, cancel)"],
      [["run", "x", "--strategy", "all"], "argument --strategy: invalid choice: 'all' (choose from 'interval', 'keyframes', 'scene')"],
      [["status", "a", "b"], "unrecognized arguments: b"],
    ] as const) {
      const result = await runClient([...args], env);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr, `error: ${message} (see --help)\n`);
    }
  });

  it("prints the usage on --help and exits 0", async () => {
    const result = await runClient(["--help"], clientEnv(dir.path, {}));
    assert.equal(result.code, 0);
    assert.equal(result.stdout, USAGE);
    assert.equal(result.stderr, "");
  });
});
