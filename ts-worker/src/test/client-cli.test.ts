// The built client without a server: usage, help, and a Temporal that cannot be reached.
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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

  it("batch connects first: with Temporal down, exit 2 even for a missing list, and no upload", async () => {
    const port = await freePort();
    const media = join(dir.path, "batch-media");
    const list = join(dir.path, "videos.txt");
    writeFileSync(list, Array.from({ length: 1001 }, (_, i) => `http://127.0.0.1:8000/v${i}.mp4\n`).join(""));
    const env = clientEnv(dir.path, { TEMPORAL_ADDRESS: `127.0.0.1:${port}`, MEDIA_ROOT: media });
    for (const args of [["batch", list], ["batch", join(dir.path, "missing.txt"), "--json"], ["batch", list, "--no-wait", "--max-in-flight", "0"]]) {
      const result = await runClient(args, env, 30_000);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, "");
      assert.match(
        result.stderr,
        new RegExp(`^error: cannot reach Temporal at 127\\.0\\.0\\.1:${port} \\(namespace default\\): .+\\n$`),
      );
    }
    assert.equal(existsSync(media), false, "the media store was written before connecting");
  });

  it("exits 2 with one line on bad usage, before connecting", async () => {
    const env = clientEnv(dir.path, { TEMPORAL_ADDRESS: "127.0.0.1:1" });
    for (const [args, message] of [
      [[], "a command is required (run, start, status, result, cancel, batch)"],
      [["batch", "list.txt", "--max-in-flight", "many"], "argument --max-in-flight: invalid int value: 'many'"],
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
