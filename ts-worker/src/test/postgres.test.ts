// The catalog suite against a real PostgreSQL cluster started for this file. Without an
// installed PostgreSQL the suite is skipped, loudly (make setup installs it).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CatalogUnavailableError } from "../catalog/catalog";
import { openCatalog } from "../catalog/open";
import { redact } from "../catalog/postgres";
import { catalogSuite } from "./helpers/catalog-suite";
import { freePort } from "./helpers/ports";
import { type Cluster, findPostgres, startCluster } from "./helpers/postgres";

const bin = findPostgres();
const skip = bin === undefined && "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)";
if (skip) console.log(`SKIP postgres catalog tests: ${skip}`);

describe("postgres catalog", { skip }, () => {
  let cluster: Cluster | undefined;
  before(async () => {
    if (bin !== undefined) cluster = await startCluster(bin);
  });
  after(async () => {
    await cluster?.stop();
  });

  catalogSuite(() => {
    if (cluster === undefined) throw new Error("cluster not started");
    return cluster.newDatabase();
  });

  it("reports an unreachable server as CatalogUnavailable", async () => {
    const port = await freePort();
    await assert.rejects(openCatalog(`postgres://postgres@127.0.0.1:${port}/none`), CatalogUnavailableError);
  });
});

describe("postgres URL redaction", () => {
  it("never logs a password", () => {
    assert.equal(redact("postgres://u:secret@db:5432/x"), "postgres://u:***@db:5432/x");
    assert.equal(redact("postgresql://db/x"), "postgresql://db/x");
  });
});
