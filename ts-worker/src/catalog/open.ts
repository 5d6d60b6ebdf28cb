// CATALOG_URL → a migrated catalog: `file:<path>` is SQLite, postgres(ql):// is PostgreSQL.
import { fileURLToPath } from "node:url";
import type { Catalog } from "./catalog";
import { PostgresCatalog, type PostgresOptions, redact } from "./postgres";
import { SqliteCatalog, type SqliteOptions } from "./sqlite";

export const DEFAULT_CATALOG_URL = "file:.data/catalog.db";

export type CatalogOptions = SqliteOptions & PostgresOptions;

export async function openCatalog(
  url: string,
  options: CatalogOptions = {},
): Promise<Catalog> {
  const catalog = createCatalog(url, options);
  try {
    await catalog.migrate();
  } catch (err) {
    await catalog.close();
    throw err;
  }
  return catalog;
}

export function createCatalog(
  url: string,
  options: CatalogOptions = {},
): Catalog {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return new PostgresCatalog(url, options);
  }
  if (url.startsWith("file:"))
    return SqliteCatalog.open(sqlitePath(url), options);
  throw new Error(
    `CATALOG_URL must start with file:, postgres:// or postgresql:// (got ${JSON.stringify(url)})`,
  );
}

/** `file:relative/path`, `file:/abs/path` or `file:///abs/path` → a filesystem path. */
export function sqlitePath(url: string): string {
  const path = url.startsWith("file://")
    ? fileURLToPath(url)
    : url.slice("file:".length);
  if (path === "") throw new Error("CATALOG_URL file: needs a path");
  return path;
}

/** CATALOG_URL as it may appear in logs and errors: a PostgreSQL password is masked. */
export function displayUrl(url: string): string {
  return url.startsWith("file:") ? url : redact(url);
}
