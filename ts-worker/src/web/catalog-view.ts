// From catalog rows to the web API's shapes (CatalogEntry, CatalogPage, CatalogRecord), and
// the page parameters of a request, refused as InvalidInput when out of range.
import type { Catalog, SummaryRow, TextHit } from "../catalog/catalog";
import { ORDERS, type Order } from "../catalog/sql";
import { ErrorType } from "../contracts/gen/registry";
import { MAX_DISTANCE } from "../catalog/phash";
import type { CatalogEntry, CatalogPage, CatalogRecord, MediaMetadata, SimilarVideos } from "../contracts/gen/types";
import { WebError } from "./errors";

export const DEFAULT_LIMIT = 24;
export const MAX_LIMIT = 100;
const MAX_QUERY = 200;
const MAX_MATCHES = 20;

export interface PageParams {
  sort: Order;
  offset: number;
  limit: number;
  query?: string;
}

/** `?sort=&offset=&limit=&q=` of a request. */
export function pageParams(raw: Record<string, unknown>): PageParams {
  const sort = text(raw.sort) ?? "newest";
  if (!Object.hasOwn(ORDERS, sort)) {
    throw new WebError(ErrorType.InvalidInput, `sort must be one of ${Object.keys(ORDERS).join(", ")} (got ${JSON.stringify(sort)})`);
  }
  const query = text(raw.q);
  if (query !== undefined && query.length > MAX_QUERY) {
    throw new WebError(ErrorType.InvalidInput, `q is longer than ${MAX_QUERY} characters`);
  }
  return {
    sort: sort as Order,
    offset: integer("offset", raw.offset, 0, 0, 1_000_000_000),
    limit: integer("limit", raw.limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
    ...(query === undefined ? {} : { query }),
  };
}

export async function catalogPage(catalog: Catalog, p: PageParams): Promise<CatalogPage> {
  const page = await catalog.page({ order: p.sort, offset: p.offset, limit: p.limit, search: p.query });
  const byId = new Map<string, TextHit[]>();
  for (const m of page.matches) byId.set(m.workflow_id, [...(byId.get(m.workflow_id) ?? []), m]);
  return {
    items: page.rows.map((row) =>
      p.query === undefined ? entry(row) : { ...entry(row), text_matches: matches(byId.get(row.workflow_id) ?? []) },
    ),
    total: page.total,
    offset: p.offset,
    limit: p.limit,
    sort: p.sort,
    ...(p.query === undefined ? {} : { query: p.query }),
  };
}

export async function catalogRecord(catalog: Catalog, workflowId: string): Promise<CatalogRecord> {
  const row = await catalog.get(workflowId);
  if (row === undefined) throw new WebError("NotFound", `no catalog record for ${workflowId}`);
  return { entry: entry(row), revision: row.revision, metadata: JSON.parse(row.metadata_json) as MediaMetadata };
}

/** "Videos like this one": a few close neighbours unless the request asks otherwise. */
export const DEFAULT_SIMILAR_DISTANCE = 6;
export const DEFAULT_SIMILAR_LIMIT = 12;

/** `?max_distance=&limit=` of a similar request. */
export function similarParams(raw: Record<string, unknown>): { maxDistance: number; limit: number } {
  return {
    maxDistance: integer("max_distance", raw.max_distance, DEFAULT_SIMILAR_DISTANCE, 0, MAX_DISTANCE),
    limit: integer("limit", raw.limit, DEFAULT_SIMILAR_LIMIT, 1, MAX_LIMIT),
  };
}

export async function similarVideos(
  catalog: Catalog,
  workflowId: string,
  p: { maxDistance: number; limit: number },
): Promise<SimilarVideos> {
  const found = await catalog.similar(workflowId, p.maxDistance, p.limit);
  if (found === undefined) throw new WebError("NotFound", `no catalog record for ${workflowId}`);
  return {
    workflow_id: workflowId,
    max_distance: p.maxDistance,
    limit: p.limit,
    items: found.map((s) => ({ entry: entry(s.row), distance: s.distance })),
  };
}

export function entry(row: SummaryRow): CatalogEntry {
  return {
    record_id: row.record_id,
    workflow_id: row.workflow_id,
    video_url: row.video_url,
    title: title(row.video_url, row.workflow_id),
    duration_seconds: row.duration_seconds,
    width: row.width,
    height: row.height,
    scene_count: row.scene_count,
    poster: row.poster_uri,
    ...(row.preview_uri === null ? {} : { preview: row.preview_uri }),
    created_at: row.created_at,
    processed_at: row.updated_at,
  };
}

/** The last segment of the URL's path, percent-decoded; the workflow id when there is none. */
export function title(videoUrl: string, fallback: string): string {
  let path: string;
  try {
    path = new URL(videoUrl).pathname;
  } catch {
    return fallback;
  }
  const last = path.split("/").filter((s) => s !== "").pop();
  if (last === undefined) return fallback;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function matches(hits: TextHit[]): CatalogEntry["text_matches"] {
  return hits
    .slice(0, MAX_MATCHES)
    .map((h) => ({ text: h.text, first_seconds: h.first_seconds, last_seconds: h.last_seconds }));
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  const t = text(value);
  if (t === undefined) return fallback;
  const n = Number(t);
  if (!/^\d+$/.test(t) || n < min || n > max) {
    throw new WebError(ErrorType.InvalidInput, `${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(t)})`);
  }
  return n;
}
