// A throwaway PostgreSQL cluster for the catalog tests: initdb in a temp dir, a free port,
// trust auth on 127.0.0.1 only, stopped and deleted at the end. Root cannot run postgres,
// so as root every command runs as the `postgres` user.
import { execFile } from "node:child_process";
import { chownSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { freePort } from "./ports";
import { tempDir } from "./fixtures";

const run = promisify(execFile);
const PG_ROOT = "/usr/lib/postgresql";

export interface Cluster {
  /** URL of a new, empty database on the cluster. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** The bin/ folder of the newest installed PostgreSQL, or undefined. */
export function findPostgres(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(PG_ROOT, versions[0], "bin");
}

export async function startCluster(bin: string): Promise<Cluster> {
  const dir = tempDir("catalog-pg");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir.path, Number(stdout.trim()), Number(gid.trim()));
  }
  const pg = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(bin, tool), ...args]) : run(join(bin, tool), args);

  const data = join(dir.path, "data");
  const port = await freePort();
  await pg("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${dir.path} -c listen_addresses=127.0.0.1 -c fsync=off`;
  // -w makes pg_ctl itself wait until the server accepts connections.
  await pg("pg_ctl", ["-D", data, "-l", join(dir.path, "server.log"), "-o", options, "-w", "start"]);

  const base = `postgres://postgres@127.0.0.1:${port}`;
  let databases = 0;
  return {
    async newDatabase() {
      const name = `catalog_test_${++databases}`;
      const admin = new Client({ connectionString: `${base}/postgres` });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `${base}/${name}`;
    },
    async stop() {
      try {
        await pg("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        dir.remove();
      }
    },
  };
}
