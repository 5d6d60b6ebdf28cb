// store_metadata: idempotent upsert of the MediaMetadata record into the catalog, keyed by
// workflow id. A retry (even after a crash mid-write) finds the same row by the same key
// and record id, so the catalog never holds two records for one run; the video's text index
// is replaced in the same transaction.
import { log } from "@temporalio/activity";
import { CatalogUnavailableError, type Catalog } from "../catalog/catalog";
import { toRow, toTexts } from "../catalog/record";
import { appFailure } from "../contracts/errors";
import { ErrorType } from "../contracts/gen/registry";
import type {
  StoreMetadataInput,
  StoreMetadataOutput,
} from "../contracts/gen/types";

export type Clock = () => Date;

export function storeMetadata(
  catalog: Catalog,
  clock: Clock = () => new Date(),
) {
  return async ({
    metadata,
  }: StoreMetadataInput): Promise<StoreMetadataOutput> => {
    const storedAt = utcSeconds(clock());
    const result = await catalog
      .upsert(toRow(metadata), storedAt, toTexts(metadata), metadata.poster.phash)
      .catch((err: unknown) => {
        // Unreachable or busy: typed and retryable. Anything else keeps its own message and context.
        throw err instanceof CatalogUnavailableError
          ? appFailure(ErrorType.CatalogUnavailable, err.message, err)
          : err;
      });
    // catalogKey, not workflowId: the SDK already logs the running workflow's id under that name.
    log.info(
      result.created ? "catalog record created" : "catalog record updated",
      {
        catalogKey: metadata.workflow_id,
        recordId: result.recordId,
        revision: result.revision,
      },
    );
    return {
      record_id: result.recordId,
      created: result.created,
      stored_at: storedAt,
    };
  };
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ`: whole seconds, because Go re-encodes fractional seconds
 * differently and the value must read back byte for byte in every language.
 */
export function utcSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z");
}
