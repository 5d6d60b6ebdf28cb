// The progress display, byte for byte what the Python client prints (fixtures from
// media_pipeline.client.display.ProgressView fed the same values).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixed, type Output, ProgressView } from "../client/display";
import type { Progress } from "../contracts/gen/types";

class Captured implements Output {
  text = "";
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

function progress(stage: Progress["stage"], percent: number, elapsed: number, counts = [0, 0, 0, 0]): Progress {
  const [extracted = 0, analyzed = 0, total = 0, done = 0] = counts;
  return {
    workflow_id: "media-abc",
    stage,
    stages_done: [],
    frames_extracted: extracted,
    frames_analyzed: analyzed,
    batches_total: total,
    batches_done: done,
    percent,
    elapsed_seconds: elapsed,
  };
}

const SEQUENCE = [
  progress("starting", 0, 0.25),
  progress("downloading", 12.25, 1.04),
  progress("downloading", 15, 1.5),
  progress("analyzing", 62.75, 8.35, [120, 48, 5, 2]),
  progress("completed", 100, 12.0, [120, 120, 5, 5]),
];

function show(isTTY: boolean): string {
  const out = new Captured(isTTY);
  const view = new ProgressView(out);
  for (const p of SEQUENCE) view.show(p);
  view.close();
  return out.text;
}

describe("progress display", () => {
  it("prints a plain line per stage change when not on a terminal", () => {
    assert.equal(
      show(false),
      "    0.2s starting      0.0% frames 0, analysed 0\n" +
        "    1.0s downloading  12.2% frames 0, analysed 0\n" +
        "    8.3s analyzing    62.8% frames 120, analysed 48, batches 2/5\n" +
        "   12.0s completed   100.0% frames 120, analysed 120, batches 5/5\n",
    );
  });

  it("redraws one live line on a terminal and ends it on close", () => {
    assert.equal(
      show(true),
      "\r[--------------------]   0.0% starting    frames 0, analysed 0 (0.2s)\x1b[K" +
        "\r[##------------------]  12.2% downloading frames 0, analysed 0 (1.0s)\x1b[K" +
        "\r[###-----------------]  15.0% downloading frames 0, analysed 0 (1.5s)\x1b[K" +
        "\r[############--------]  62.8% analyzing   frames 120, analysed 48, batches 2/5 (8.3s)\x1b[K" +
        "\r[####################] 100.0% completed   frames 120, analysed 120, batches 5/5 (12.0s)\x1b[K\n",
    );
  });

  it("prints nothing on close when nothing was shown", () => {
    const out = new Captured(true);
    new ProgressView(out).close();
    assert.equal(out.text, "");
  });

  it("formats numbers as Python's {x:5.1f}, ties to even included", () => {
    // python3 -c "print([f'{v:5.1f}' for v in VALUES])"
    const cases: [number, string][] = [
      [0, "  0.0"],
      [0.05, "  0.1"],
      [0.15, "  0.1"],
      [0.25, "  0.2"],
      [0.35, "  0.3"],
      [0.45, "  0.5"],
      [0.75, "  0.8"],
      [1.25, "  1.2"],
      [2.5, "  2.5"],
      [12.25, " 12.2"],
      [12.75, " 12.8"],
      [33.333333, " 33.3"],
      [66.65, " 66.7"],
      [99.95, "100.0"],
      [99.96, "100.0"],
      [100, "100.0"],
      [0.04999, "  0.0"],
      [7.85, "  7.8"],
      [1234.56, "1234.6"],
    ];
    for (const [value, text] of cases) assert.equal(fixed(value, 5), text, String(value));
  });
});
