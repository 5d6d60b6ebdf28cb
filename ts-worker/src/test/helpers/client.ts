// The built client (node dist/client.js) as a child process. Asynchronous on purpose: an
// in-process test worker must keep running while the client waits.
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { PACKAGE_ROOT } from "./fixtures";

export const CLIENT = join(PACKAGE_ROOT, "dist", "client.js");

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export class ClientProcess {
  stdout = "";
  stderr = "";
  readonly finished: Promise<Finished>;
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;

  constructor(args: string[], env: Record<string, string>, timeoutMs = 90_000) {
    const started = Date.now();
    this.child = spawn(process.execPath, [CLIENT, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout.on("data", (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    // A hung client must fail its test, not the whole run.
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    this.finished = new Promise((resolve) =>
      this.child.once("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout: this.stdout, stderr: this.stderr, ms: Date.now() - started });
      }),
    );
  }

  /** Resolves once stderr contains `text`; rejects if the client exits first. */
  async waitForStderr(text: string): Promise<void> {
    while (!this.stderr.includes(text)) {
      const exited = await Promise.race([this.finished.then(() => true), delay(50).then(() => false)]);
      if (exited && !this.stderr.includes(text)) {
        throw new Error(`client exited before printing "${text}":\n${this.stdout}${this.stderr}`);
      }
    }
  }
}

export function runClient(args: string[], env: Record<string, string>, timeoutMs?: number): Promise<Finished> {
  return new ClientProcess(args, env, timeoutMs).finished;
}

/** A clean environment: no TEMPORAL_* or temporal.toml of the developer's leaks in. */
export function clientEnv(home: string, extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: home, ...extra };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
