// The activities object the worker registers: one entry per registry entry with language
// "ts", keyed by its generated name and wrapped in the contract boundary. Dependencies come
// in from the worker (or a test), never from globals.
import type { Catalog } from "../catalog/catalog";
import { boundary, type BoundActivity, type Implementation } from "../contracts/boundary";
import { assertMatchesRegistry, tsActivityNames, type TsActivityName } from "./registry";
import { type Clock, storeMetadata } from "./store-metadata";

export interface Dependencies {
  catalog: Catalog;
  clock?: Clock;
}

export type Activities = { [A in TsActivityName]: BoundActivity<A> };
type Implementations = { [A in TsActivityName]: Implementation<A> };

export function createActivities(deps: Dependencies): Activities {
  // `satisfies` makes the compiler reject a missing or extra implementation.
  const implementations = {
    store_metadata: storeMetadata(deps.catalog, deps.clock),
  } satisfies Implementations;
  // The check is repeated at run time, so a registry regenerated without a rebuild is caught too.
  assertMatchesRegistry(implementations);
  return Object.fromEntries(
    tsActivityNames.map((name) => [name, boundary(name, implementations[name])]),
  ) as Activities;
}
