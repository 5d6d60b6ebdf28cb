// The whole stack for the browser tests, started the way `make up` starts it (the Python
// devstack: dev server, three workers and the web catalog) on free ports in a temporary
// directory, so it runs beside a developer's own `make up`.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../helpers/fixtures";
import { freePort } from "../helpers/ports";

const run = promisify(execFile);
const PYTHON = join(REPO_ROOT, ".venv", "bin", "python");
// make up waits for every worker to poll and for the web catalog's /healthz: bounded.
const UP_TIMEOUT_MS = 240_000;

export interface TestStack {
  webUrl: string;
  uiPort: number;
  mediaRoot: string;
  down(): Promise<void>;
}

export async function startStack(dataDir: string): Promise<TestStack> {
  const [port, uiPort, webPort] = [await freePort(), await freePort(), await freePort()];
  // Only the process basics: nothing the person running the tests exported reaches the stack.
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(port),
    TEMPORAL_UI_PORT: String(uiPort),
    WEB_PORT: String(webPort),
  };
  const devstack = (command: string, timeout: number) =>
    run(PYTHON, ["-m", "media_devtools.devstack", command], { cwd: REPO_ROOT, env, timeout });
  try {
    await devstack("up", UP_TIMEOUT_MS);
  } catch (err) {
    await devstack("down", 60_000).catch(() => undefined);
    throw err;
  }
  return {
    webUrl: `http://127.0.0.1:${webPort}`,
    uiPort,
    mediaRoot: join(dataDir, "media"),
    down: async () => {
      await devstack("down", 60_000);
    },
  };
}
