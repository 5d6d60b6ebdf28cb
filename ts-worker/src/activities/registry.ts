// The activities this worker must host: the registry entries whose language is "ts".
// The worker refuses to start when what it implements differs (missing or extra), so a new
// registry entry cannot be silently left without an implementation.
import { type ActivityName, Activities } from "../contracts/gen/registry";

type Specs = typeof Activities;
export type TsActivityName = { [A in ActivityName]: Specs[A]["language"] extends "ts" ? A : never }[ActivityName];

export const tsActivityNames: readonly TsActivityName[] = Object.values(Activities)
  .filter((spec) => spec.language === "ts")
  .map((spec) => spec.name as TsActivityName);

/** Throws, naming the differences, unless `activities` has exactly the registry's "ts" names. */
export function assertMatchesRegistry(activities: object): void {
  const implemented = Object.keys(activities);
  const expected: readonly string[] = tsActivityNames;
  const missing = expected.filter((name) => !implemented.includes(name));
  const extra = implemented.filter((name) => !expected.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `activities differ from schemas/registry.json (language "ts"): ` +
        `missing [${missing.join(", ")}], extra [${extra.join(", ")}]`,
    );
  }
}
