// A real versitygw (installed by `make setup` into .tools/bin) on a free loopback port,
// serving a temporary directory; a bucket is a folder of it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { REPO_ROOT, tempDir } from "./fixtures";
import { freePort } from "./ports";

export const ACCESS_KEY = "media-test";
export const SECRET_KEY = "media-test-secret";
const BIN = join(REPO_ROOT, ".tools", "bin", "versitygw");

export class S3Server {
  private proc?: ChildProcess;
  readonly dir = tempDir("s3");

  private constructor(readonly port: number) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The AWS variables a store reads to reach this server. */
  env(): NodeJS.ProcessEnv {
    return {
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      AWS_REGION: "us-east-1",
    };
  }

  static async start(...buckets: string[]): Promise<S3Server> {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run make setup`);
    const server = new S3Server(await freePort());
    for (const b of buckets) mkdirSync(join(server.dir.path, b));
    await server.resume();
    return server;
  }

  /** Start (again, after stop) on the same port and directory; resolves once it accepts. */
  async resume(): Promise<void> {
    this.proc = spawn(
      BIN,
      ["--access", ACCESS_KEY, "--secret", SECRET_KEY, "--port", `127.0.0.1:${this.port}`, "posix", this.dir.path],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 600; i++) {
      if (await accepts(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`versitygw not ready on ${this.endpoint}`);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGKILL");
    });
  }

  async remove(): Promise<void> {
    await this.stop();
    this.dir.remove();
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
