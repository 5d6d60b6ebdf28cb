// The catalog: media_records, with one row per workflow id, and media_texts, the on-screen
// text index (one row per distinct string a video shows, with when it was first and last seen). Two implementations
// (SQLite through @libsql/client, PostgreSQL through pg) are injected into the activities;
// nothing outside this folder knows which database it talks to.
import type { Order } from "./sql";

/** The columns the activity writes (see sql.ts for the table). */
export interface CatalogRow {
  record_id: string;
  workflow_id: string;
  video_url: string;
  duration_seconds: number;
  width: number;
  height: number;
  frame_count: number;
  scene_count: number;
  poster_uri: string;
  storyboard_vtt_uri: string | null;
  metadata_json: string;
}

/** One distinct on-screen string of a video and the first and last time it was seen. */
export interface TextSighting {
  text: string;
  first_seconds: number;
  last_seconds: number;
}

/** A sighting found by searchText, with the record it belongs to. */
export interface TextHit extends TextSighting {
  record_id: string;
  workflow_id: string;
}

/** A row as stored, with the bookkeeping columns the database maintains. */
export interface StoredRow extends CatalogRow {
  revision: number;
  created_at: string;
  updated_at: string;
  /** From the metadata document (sql.ts previewSql); null for a record without a preview. */
  preview_uri: string | null;
}

/** A row without its metadata document (what a listing reads). */
export type SummaryRow = Omit<StoredRow, "metadata_json">;

/** A page of the catalog: `search` (when given) is matched against URLs and on-screen text. */
export interface PageQuery {
  order: Order;
  offset: number;
  limit: number;
  search?: string;
}

export interface Page {
  rows: SummaryRow[];
  /** Rows of the whole listing or search, not only of this page. */
  total: number;
  /** In a search: the matching on-screen strings of this page's rows. */
  matches: TextHit[];
}

export interface SimilarRow {
  row: SummaryRow;
  distance: number;
}

export interface UpsertResult {
  recordId: string;
  revision: number;
  /** True when the row did not exist before this upsert. */
  created: boolean;
}

export interface Catalog {
  /** Where the catalog lives, for logs (never a password). */
  readonly description: string;
  /** Creates media_records if missing and checks an existing one has every column. */
  migrate(): Promise<void>;
  /**
   * Inserts or updates the row of `row.workflow_id` (one atomic statement; `now` is stamped)
   * and, in the same transaction, replaces that workflow's text index with `texts`.
   */
  upsert(
    row: CatalogRow,
    now: string,
    texts?: readonly TextSighting[],
    /** The poster's perceptual hash: its bands replace the record's (none without one). */
    phash?: string,
  ): Promise<UpsertResult>;
  /**
   * Sightings whose text contains `query` (case-insensitive for ASCII; % and _ match
   * themselves), by workflow id then first appearance, at most `limit` of them.
   */
  searchText(query: string, limit?: number): Promise<TextHit[]>;
  get(workflowId: string): Promise<StoredRow | undefined>;
  /** A page of summaries in the given order (and the total), for the web catalog. */
  page(query: PageQuery): Promise<Page>;
  count(): Promise<number>;
  /**
   * Records whose poster hash is within `maxDistance` bits (up to phash.ts MAX_DISTANCE) of
   * this record's, nearest first: undefined for an unknown record, [] for one without a hash.
   */
  similar(workflowId: string, maxDistance: number, limit: number): Promise<SimilarRow[] | undefined>;
  close(): Promise<void>;
}

/**
 * The database could not be reached or was busy: worth retrying (CatalogUnavailable).
 * Everything else a catalog throws is unexpected and propagates as it is.
 */
export class CatalogUnavailableError extends Error {
  constructor(description: string, cause: unknown) {
    super(
      `catalog unavailable (${description}): ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = "CatalogUnavailableError";
  }
}

/** An unexpected error, with what the catalog was doing in front of the original message. */
export function withContext(context: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`${context}: ${message}`, { cause: err });
}
