// The web catalog (node dist/web.js): the catalog's JSON API and pages, media from the store,
// and the runs from Temporal. Configured by environment only (WEB_*, CATALOG_URL, MEDIA_STORE or MEDIA_ROOT,
// Temporal's envconfig); bound to loopback unless WEB_HOST says otherwise.
import { Client, Connection } from "@temporalio/client";
import { loadClientConnectConfig } from "@temporalio/envconfig";
import { displayUrl, openCatalog } from "./catalog/open";
import { oneLine } from "./contracts/errors";
import { mediaStore } from "./media/open";
import { buildApp } from "./web/app";
import { loadWebConfig } from "./web/config";
import { mediaSource } from "./web/media";
import { TemporalRuns } from "./web/runs";

async function main(): Promise<void> {
  const config = loadWebConfig(process.env);
  const { connectionOptions, namespace = "default" } = loadClientConnectConfig();
  const { address = "localhost:7233", tls, apiKey, metadata } = connectionOptions;
  // Lazy: the catalog and its media are served while Temporal is down; the runs routes
  // answer Unavailable until it is back.
  const connection = Connection.lazy({ address, tls, apiKey, metadata });
  const catalog = await openCatalog(config.catalogUrl).catch((err: unknown) => {
    throw new Error(`cannot open the catalog ${displayUrl(config.catalogUrl)}: ${String(err)}`, { cause: err });
  });
  const app = await buildApp({
    catalog,
    media: mediaSource(mediaStore(process.env)),
    runs: new TemporalRuns(new Client({ connection, namespace })),
    temporalUiUrl: config.temporalUiUrl,
    namespace,
    authToken: config.authToken,
    logger: { level: process.env.LOG_LEVEL?.trim() || "info" },
  });
  app.addHook("onClose", async () => {
    await catalog.close();
    await connection.close();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void app.close().then(() => app.log.info("web catalog stopped"));
    });
  }
  await app.listen({ host: config.host, port: config.port });
  app.log.info({ catalog: catalog.description, temporal: address, namespace }, "web catalog started");
}

main().catch((err: unknown) => {
  process.stderr.write(`web: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
  process.exit(1);
});
