// The client's command line: the Python client's commands, flags, defaults and number syntax.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCommand, pythonFloat, pythonInt } from "../client/args";
import { UsageError } from "../client/errors";

const usage = (pattern: RegExp) => (err: unknown) => err instanceof UsageError && pattern.test(err.message);

describe("client arguments", () => {
  it("reads run with every flag", () => {
    const args = parseCommand([
      "run",
      "http://h/clip.mp4",
      "--id",
      "my-run",
      "--json",
      "--strategy",
      "scene",
      "--interval-seconds=2.5",
      "--max-frames",
      "40",
      "--no-storyboard",
      "--keep-frames",
    ]);
    assert.deepEqual(args, {
      command: "run",
      source: "http://h/clip.mp4",
      id: "my-run",
      json: true,
      wait: true,
      strategy: "scene",
      intervalSeconds: 2.5,
      maxFrames: 40,
      noStoryboard: true,
      keepFrames: true,
    });
  });

  it("waits for run and not for start unless told; the last of --wait/--no-wait wins", () => {
    const wait = (argv: string[]) => {
      const args = parseCommand(argv);
      assert.ok(args.command === "run" || args.command === "start");
      return args.wait;
    };
    assert.equal(wait(["run", "x"]), true);
    assert.equal(wait(["start", "x"]), false);
    assert.equal(wait(["run", "x", "--no-wait"]), false);
    assert.equal(wait(["start", "x", "--wait"]), true);
    assert.equal(wait(["run", "--wait", "x", "--no-wait"]), false);
    assert.equal(wait(["start", "--no-wait", "--wait", "x"]), true);
  });

  it("leaves unset options out", () => {
    assert.deepEqual(parseCommand(["start", "clip.mp4"]), {
      command: "start",
      source: "clip.mp4",
      json: false,
      wait: false,
      noStoryboard: false,
      keepFrames: false,
    });
  });

  it("reads status, result and cancel with one id", () => {
    for (const command of ["status", "result", "cancel"] as const) {
      assert.deepEqual(parseCommand([command, "media-1"]), { command, id: "media-1" });
    }
  });

  it("reads batch with every flag; it waits unless told not to", () => {
    const argv = ["batch", "--max-in-flight", "8", "videos.txt", "--continue-every=50", "--id", "b1", "--json", "--no-wait"];
    assert.deepEqual(parseCommand(argv), {
      command: "batch",
      file: "videos.txt",
      id: "b1",
      json: true,
      wait: false,
      maxInFlight: 8,
      continueEvery: 50,
    });
    assert.deepEqual(parseCommand(["batch", "videos.txt"]), { command: "batch", file: "videos.txt", json: false, wait: true });
    assert.deepEqual(parseCommand(["batch", "l", "--no-wait", "--wait"]), { command: "batch", file: "l", json: false, wait: true });
    // Python's int() syntax; a negative number is a value (the schema refuses it later).
    assert.deepEqual(parseCommand(["batch", "l", "--max-in-flight", "-3", "--continue-every", " 1_0 "]), {
      command: "batch",
      file: "l",
      json: false,
      wait: true,
      maxInFlight: -3,
      continueEvery: 10,
    });
  });

  it("refuses bad batch usage with a UsageError", () => {
    assert.throws(() => parseCommand(["batch"]), usage(/^the argument FILE is required$/));
    assert.throws(() => parseCommand(["batch", "a", "b"]), usage(/^unrecognized arguments: b$/));
    assert.throws(() => parseCommand(["batch", "a", "--strategy", "scene"]), usage(/--strategy/));
    assert.throws(() => parseCommand(["batch", "a", "--max-in-flight"]), usage(/--max-in-flight/));
    assert.throws(() => parseCommand(["batch", "a", "--max-in-flight", "two"]), usage(/^argument --max-in-flight: invalid int value: 'two'$/));
    assert.throws(() => parseCommand(["batch", "a", "--continue-every=1.5"]), usage(/^argument --continue-every: invalid int value: '1.5'$/));
  });

  it("asks for help with -h or --help anywhere", () => {
    for (const argv of [["--help"], ["-h"], ["run", "-h"], ["status", "--help"], ["batch", "-h"]]) {
      assert.deepEqual(parseCommand(argv), { command: "help" });
    }
  });

  it("refuses bad usage with a UsageError", () => {
    assert.throws(() => parseCommand([]), usage(/^a command is required \(run, start, status, result, cancel, batch\)$/));
    assert.throws(() => parseCommand(["frob"]), usage(/invalid command 'frob'/));
    assert.throws(() => parseCommand(["run"]), usage(/SOURCE is required/));
    assert.throws(() => parseCommand(["status"]), usage(/ID is required/));
    assert.throws(() => parseCommand(["run", "a", "b"]), usage(/unrecognized arguments: b/));
    assert.throws(() => parseCommand(["run", "a", "--bogus"]), usage(/--bogus/));
    assert.throws(() => parseCommand(["status", "a", "--json"]), usage(/--json/));
    assert.throws(() => parseCommand(["run", "a", "--id"]), usage(/--id/));
    assert.throws(
      () => parseCommand(["run", "a", "--strategy", "every"]),
      usage(/^argument --strategy: invalid choice: 'every' \(choose from 'interval', 'keyframes', 'scene'\)$/),
    );
    assert.throws(() => parseCommand(["run", "a", "--max-frames", "1.5"]), usage(/invalid int value: '1.5'/));
    assert.throws(() => parseCommand(["run", "a", "--interval-seconds", "2s"]), usage(/invalid float value: '2s'/));
  });

  it("takes a negative number as a value, as argparse does (the schema refuses it later)", () => {
    const args = parseCommand(["run", "a", "--max-frames", "-5", "--interval-seconds", "-.5"]);
    assert.ok(args.command === "run");
    assert.equal(args.maxFrames, -5);
    assert.equal(args.intervalSeconds, -0.5);
    // After `--` everything is positional.
    assert.throws(() => parseCommand(["run", "--", "--max-frames", "-5"]), usage(/unrecognized arguments/));
  });

  it("reads numbers with Python's int() and float() syntax", () => {
    assert.equal(pythonInt("--n", " +1_000 "), 1000);
    assert.equal(pythonInt("--n", "007"), 7);
    for (const bad of ["", "1e3", "0x10", "1__0", "_1", "1.0", "Infinity"]) {
      assert.throws(() => pythonInt("--n", bad), UsageError, bad);
    }
    assert.equal(pythonFloat("--f", "2"), 2);
    assert.equal(pythonFloat("--f", " .5 "), 0.5);
    assert.equal(pythonFloat("--f", "5."), 5);
    assert.equal(pythonFloat("--f", "1_0.2_5"), 10.25);
    assert.equal(pythonFloat("--f", "1e-3"), 0.001);
    assert.equal(pythonFloat("--f", "-inf"), -Infinity);
    assert.equal(pythonFloat("--f", "Infinity"), Infinity);
    assert.ok(Number.isNaN(pythonFloat("--f", "NaN")));
    for (const bad of ["", ".", "e3", "0x10", "1,5", "2s", "1__0"]) {
      assert.throws(() => pythonFloat("--f", bad), UsageError, bad);
    }
  });
});
