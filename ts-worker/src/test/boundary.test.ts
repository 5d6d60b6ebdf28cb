import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApplicationFailure } from "@temporalio/common";
import { boundary } from "../contracts/boundary";
import { appFailure } from "../contracts/errors";
import { ErrorType, Retryable } from "../contracts/gen/registry";
import type { StoreMetadataOutput } from "../contracts/gen/types";
import { sampleInput } from "./helpers/fixtures";

const GOOD: StoreMetadataOutput = {
  record_id: "aaeee718-95f4-534d-bae6-3f75ea9b1f8d",
  created: true,
  stored_at: "2026-11-21T10:00:00Z",
};

function failure(type: string, message: string, nonRetryable = true) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof ApplicationFailure, String(err));
    assert.equal(err.type, type);
    assert.equal(err.message, message);
    assert.equal(err.nonRetryable, nonRetryable);
    return true;
  };
}

describe("contract boundary", () => {
  let calls = 0;
  const activity = boundary("store_metadata", () => {
    calls++;
    return Promise.resolve(GOOD);
  });

  it("passes a valid input through and returns the output", async () => {
    assert.deepEqual(await activity(sampleInput("wf-1")), GOOD);
  });

  it("refuses an unknown field as InvalidInput, non-retryable, naming $.<field>", async () => {
    const before = calls;
    const input = { ...sampleInput("wf-1"), unexpected_field: 1 };
    await assert.rejects(
      activity(input),
      failure(ErrorType.InvalidInput, "invalid StoreMetadataInput at $.unexpected_field: unknown field"),
    );
    assert.equal(calls, before, "the implementation must not run");
  });

  it("names a missing property and a nested array path", async () => {
    await assert.rejects(
      activity({}),
      failure(ErrorType.InvalidInput, "invalid StoreMetadataInput at $.metadata: required field missing"),
    );
    const input = sampleInput("wf-1");
    input.metadata.poster.thumbnails[0].image.uri = "file:///etc/passwd";
    await assert.rejects(activity(input), (err) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.match(err.message, /^invalid StoreMetadataInput at \$\.metadata\.poster\.thumbnails\[0\]\.image\.uri: /);
      return true;
    });
  });

  it("refuses a missing argument (undefined) as InvalidInput", async () => {
    await assert.rejects(activity(undefined), failure(ErrorType.InvalidInput, "invalid StoreMetadataInput at $: must be object"));
  });

  it("turns an output that breaks the schema into ContractViolation", async () => {
    const broken = boundary("store_metadata", () => Promise.resolve({ ...GOOD, stored_at: "yesterday" }));
    await assert.rejects(
      broken(sampleInput("wf-1")),
      failure(
        ErrorType.ContractViolation,
        'store_metadata produced an invalid StoreMetadataOutput at $.stored_at: must match format "date-time"',
      ),
    );
  });

  it("lets the implementation's own failures through unchanged", async () => {
    const own = appFailure(ErrorType.CatalogUnavailable, "down");
    const failing = boundary("store_metadata", () => Promise.reject(own));
    await assert.rejects(failing(sampleInput("wf-1")), (err) => err === own);
  });
});

describe("appFailure", () => {
  it("sets the catalogue's type and retryability for every error type", () => {
    for (const type of Object.values(ErrorType)) {
      const err = appFailure(type, `${type} happened`);
      assert.equal(err.type, type);
      assert.equal(err.nonRetryable, !Retryable[type], type);
    }
    assert.equal(appFailure(ErrorType.CatalogUnavailable, "x").nonRetryable, false);
    assert.equal(appFailure(ErrorType.InvalidInput, "x").nonRetryable, true);
  });
});
