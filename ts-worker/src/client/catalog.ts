// `list` and `show ID`: the catalog without a browser, read from CATALOG_URL with the web
// catalog's own code (the same pages, records and parameter checks as GET /api/videos[/ID]).
import { CatalogUnavailableError } from "../catalog/catalog";
import { DEFAULT_CATALOG_URL, openCatalog } from "../catalog/open";
import { ErrorType } from "../contracts/gen/registry";
import type { CatalogPage } from "../contracts/gen/types";
import { catalogPage, catalogRecord, pageParams } from "../web/catalog-view";
import { WebError } from "../web/errors";
import { formats } from "../web/format";
import { CliError } from "./errors";

export interface CatalogArgs {
  command: "list" | "show";
  target: string;
  values: Record<string, unknown>;
}

export async function catalogCommand(
  { command, target, values }: CatalogArgs,
  env: NodeJS.ProcessEnv = process.env,
  out: { write(text: string): unknown } = process.stdout,
): Promise<void> {
  const url = env.CATALOG_URL?.trim() || DEFAULT_CATALOG_URL;
  try {
    const catalog = await openCatalog(url);
    try {
      if (command === "show") {
        out.write(`${JSON.stringify(await catalogRecord(catalog, target), null, 2)}\n`);
        return;
      }
      const params = pageParams({ sort: values.sort, offset: values.offset, limit: values.limit, q: values.query });
      const page = await catalogPage(catalog, params);
      out.write(values.json === true ? `${JSON.stringify(page, null, 2)}\n` : lines(page));
    } finally {
      await catalog.close();
    }
  } catch (err) {
    if (err instanceof WebError) throw new CliError(err.type, err.message);
    if (err instanceof CatalogUnavailableError) throw new CliError(ErrorType.CatalogUnavailable, err.message);
    throw err;
  }
}

/** One line per video, then where this page sits in the whole listing. */
function lines(page: CatalogPage): string {
  const rows = page.items.map(
    (e) => `${e.workflow_id}  ${formats.duration(e.duration_seconds).padStart(9)}  ${`${e.width}x${e.height}`.padEnd(9)}  ${formats.date(e.processed_at)}  ${e.title}\n`,
  );
  const last = page.offset + page.items.length;
  return `${rows.join("")}${page.total === 0 ? 0 : page.offset + 1}-${last} of ${page.total}\n`;
}
