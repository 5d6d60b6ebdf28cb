// The TypeScript worker (node dist/worker.js): activities only, on the ts-tasks queue. The
// workflow is Python; it calls these activities by their registry names.
import { loadClientConnectConfig } from "@temporalio/envconfig";
import { NativeConnection, Runtime, Worker } from "@temporalio/worker";
import { createActivities } from "./activities";
import type { Catalog } from "./catalog/catalog";
import { displayUrl, openCatalog } from "./catalog/open";
import { loadConfig, type WorkerConfig } from "./config";
import { oneLine } from "./contracts/errors";
import { TaskQueue } from "./contracts/gen/registry";
import { createLogger } from "./log";
import { workerTelemetry, type WorkerTelemetry } from "./telemetry";

// In-flight activities get this long to finish after SIGTERM/SIGINT before they are
// cancelled; an upsert takes milliseconds, so this only matters for a stuck database.
const SHUTDOWN_GRACE = "10s";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const telemetry = workerTelemetry(process.env);
  // The SDK shuts registered workers down gracefully on these signals; worker.run() then returns.
  Runtime.install({
    ...telemetry.runtimeOptions,
    logger: createLogger(config.logLevel),
    shutdownSignals: ["SIGINT", "SIGTERM"],
  });
  const log = Runtime.instance().logger;

  // TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE and
  // temporal.toml, exactly as the Temporal CLI and the other SDKs read them.
  const { connectionOptions, namespace = "default" } = loadClientConnectConfig();
  const address = connectionOptions.address ?? "localhost:7233";

  const catalog = await openCatalog(config.catalogUrl, { maxConnections: config.maxConcurrentActivities }).catch(
    (err: unknown) => fail(`cannot open the catalog ${displayUrl(config.catalogUrl)}`, err),
  );
  try {
    const connection = await NativeConnection.connect(connectionOptions).catch((err: unknown) =>
      fail(`cannot connect to Temporal at ${address}`, err),
    );
    try {
      await run(connection, namespace, telemetry.catalog(catalog), config, log, telemetry);
    } finally {
      await connection.close();
    }
  } finally {
    await catalog.close();
    await telemetry.flush();
  }
}

async function run(
  connection: NativeConnection,
  namespace: string,
  catalog: Catalog,
  config: WorkerConfig,
  log: Runtime["logger"],
  telemetry: WorkerTelemetry,
): Promise<void> {
  const activities = createActivities({ catalog });
  const worker = await Worker.create({
    ...telemetry.workerOptions,
    connection,
    namespace,
    taskQueue: TaskQueue.ts,
    activities,
    maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
    maxActivitiesPerSecond: config.maxActivitiesPerSecond,
    maxTaskQueueActivitiesPerSecond: config.maxTaskQueueActivitiesPerSecond,
    shutdownGraceTime: SHUTDOWN_GRACE,
  });
  log.info("ts worker started", {
    namespace,
    taskQueue: TaskQueue.ts,
    activities: Object.keys(activities),
    catalog: catalog.description,
    maxConcurrentActivities: config.maxConcurrentActivities,
  });
  await worker.run();
  log.info("ts worker stopped");
}

function fail(what: string, err: unknown): never {
  throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (err: unknown) => {
    // One line, so a supervisor or `make up` shows the reason without a stack trace.
    process.stderr.write(`ts worker: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    process.exit(1);
  },
);
