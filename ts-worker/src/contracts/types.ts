// Each $defs name of contracts.schema.json gives its generated TypeScript type (the map is
// generated too). The check at the bottom fails the build if the two ever drift apart.
import type schema from "./gen/contracts.schema.json";
import type { ContractTypes } from "./gen/contract-types";

export type { ContractTypes };

/** A `$defs` name of contracts.schema.json. */
export type SchemaName = keyof typeof schema.$defs;

// Compile-time drift guards: both must stay `true`.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<SchemaName, keyof ContractTypes> = true;
void namesMatch;
