// Progress display: a live bar on a terminal, plain lines when output is a pipe or CI.
// Same text as the Python client (client/display.py), number formatting included.
import type { Progress } from "../contracts/gen/types";

/** Where the display writes: process.stderr, or a fake in tests. */
export interface Output {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export class ProgressView {
  readonly live: boolean;
  private lastStage: string | undefined;

  constructor(private readonly out: Output = process.stderr) {
    this.live = out.isTTY === true;
  }

  show(p: Progress): void {
    let counts = `frames ${p.frames_extracted}, analysed ${p.frames_analyzed}`;
    if (p.batches_total) counts += `, batches ${p.batches_done}/${p.batches_total}`;
    if (this.live) {
      const filled = Math.trunc(p.percent / 5);
      const bar = "#".repeat(filled) + "-".repeat(20 - filled);
      const line = `\r[${bar}] ${fixed(p.percent, 5)}% ${p.stage.padEnd(11)} ${counts} (${fixed(p.elapsed_seconds)}s)`;
      this.out.write(`${line}\x1b[K`);
    } else if (p.stage !== this.lastStage) {
      this.out.write(`${fixed(p.elapsed_seconds, 7)}s ${p.stage.padEnd(11)} ${fixed(p.percent, 5)}% ${counts}\n`);
    }
    this.lastStage = p.stage;
  }

  close(): void {
    if (this.live && this.lastStage !== undefined) this.out.write("\n");
  }
}

/**
 * Python's `f"{x:{width}.1f}"`. toFixed rounds an exact tie up where Python rounds it to even;
 * with one decimal the only exact binary ties are x.25 and x.75 (4x odd), so fix those.
 */
export function fixed(x: number, width = 0): string {
  let text = x.toFixed(1);
  const quarters = x * 4;
  if (Number.isInteger(quarters) && quarters % 2 !== 0) {
    const down = Math.floor(x * 10);
    text = ((down % 2 === 0 ? down : down + 1) / 10).toFixed(1);
  }
  return text.padStart(width);
}
