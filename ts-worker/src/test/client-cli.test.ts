// The command line: parseArgs and its errors (exit 2), and the built client without a server.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { numberFlag, parse, progressLine } from "../client/cli";
import { UsageError } from "../client/errors";
import type { Progress } from "../contracts/gen/types";
import { clientEnv, runClient } from "./helpers/client";
import { tempDir } from "./helpers/fixtures";
import { freePort } from "./helpers/ports";

describe("parse", () => {
  it("reads a command, its one argument and its flags", () => {
    assert.equal(parse([]), "help");
    assert.equal(parse(["run", "x", "--help"]), "help");
    const args = parse(["run", "clip.mp4", "--max-frames", "-1", "--no-storyboard", "--id", "w"]);
    assert.ok(args !== "help");
    assert.deepEqual(
      { ...args, values: { ...args.values } },
      {
        command: "run",
        target: "clip.mp4",
        values: { "max-frames": "-1", "no-storyboard": true, id: "w" },
      },
    );
    assert.equal(numberFlag(args.values, "max-frames"), -1);
    assert.equal(numberFlag(args.values, "interval-seconds"), undefined);
  });

  it("refuses bad usage", () => {
    assert.throws(() => parse(["bogus"]), UsageError);
    assert.throws(() => parse(["status"]), UsageError);
    assert.throws(() => parse(["status", "a", "b"]), UsageError);
    assert.throws(() => parse(["status", "a", "--json"]), { code: "ERR_PARSE_ARGS_UNKNOWN_OPTION" });
    assert.throws(() => numberFlag({ "max-frames": "many" }, "max-frames"), UsageError);
  });
});

describe("progress line", () => {
  it("shows the stage and counts of a run, the counts of a batch", () => {
    const run: Progress = {
      workflow_id: "w",
      stage: "analyzing",
      stages_done: [],
      frames_extracted: 120,
      frames_analyzed: 48,
      batches_total: 5,
      batches_done: 2,
      percent: 62.75,
      elapsed_seconds: 8,
    };
    assert.equal(progressLine(run), "analyzing 62.8% frames 120, analysed 48, batches 2/5");
    assert.equal(
      progressLine({ batch_id: "b", total: 3, done: 1, succeeded: 1, failed: 0, running: 2, runs: 1 }),
      "done 1/3, ok 1, failed 0, running 2",
    );
  });
});

describe("built client without a server", () => {
  const dir = tempDir("client-cli");

  it("exits 2 on bad usage before connecting, 0 on --help", async () => {
    const env = clientEnv(dir.path, { TEMPORAL_ADDRESS: "127.0.0.1:1" });
    const bad = await runClient(["run", "x", "--bogus"], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^usage: .*\n(.*\n)*error: Unknown option '--bogus'/);
    const help = await runClient(["--help"], env);
    assert.deepEqual([help.code, help.stderr], [0, ""]);
    assert.match(help.stdout, /^usage: /);
  });

  it("exits 2 with one line, in time, when Temporal cannot be reached", async () => {
    const port = await freePort();
    const result = await runClient(
      ["status", "x"],
      clientEnv(dir.path, { TEMPORAL_ADDRESS: `127.0.0.1:${port}` }),
      30_000,
    );
    assert.equal(result.code, 2);
    assert.equal(result.stdout, "");
    assert.match(
      result.stderr,
      new RegExp(`^error: cannot reach Temporal at 127\\.0\\.0\\.1:${port} \\(namespace default\\): .+\\n$`),
    );
    assert.ok(result.ms < 20_000, `took ${result.ms} ms`);
    dir.remove();
  });
});
