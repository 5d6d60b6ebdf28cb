// The contract boundary every activity goes through (docs/conventions.md, "Contract boundary"):
// validate the raw input, run, validate the output. A bad input is the caller's bug
// (InvalidInput); a bad output is ours (ContractViolation); neither is worth a retry.
import { type ActivityName, Activities, ErrorType } from "./gen/registry";
import { describe } from "./path";
import { appFailure } from "./errors";
import { firstError } from "./schema";
import type { ContractTypes, SchemaName } from "./types";

type Spec<A extends ActivityName> = (typeof Activities)[A];
export type InputOf<A extends ActivityName> = ContractTypes[Spec<A>["input"]];
export type OutputOf<A extends ActivityName> = ContractTypes[Spec<A>["output"]];

/** What an implementation sees: already-validated, typed input. */
export type Implementation<A extends ActivityName> = (input: InputOf<A>) => Promise<OutputOf<A>>;
/** What Temporal sees: the raw JSON value the caller sent. */
export type BoundActivity<A extends ActivityName> = (input: unknown) => Promise<OutputOf<A>>;

export function boundary<A extends ActivityName>(name: A, impl: Implementation<A>): BoundActivity<A> {
  const spec = Activities[name];
  return async (input: unknown): Promise<OutputOf<A>> => {
    const problem = check(spec.input, input);
    if (problem !== undefined) throw appFailure(ErrorType.InvalidInput, problem);
    // The schema check above is what makes this cast true (TS types do not exist at run time).
    const output = await impl(input as InputOf<A>);
    const violation = check(spec.output, output);
    if (violation !== undefined) {
      throw appFailure(ErrorType.ContractViolation, `${name} produced an ${violation}`);
    }
    return output;
  };
}

/** `invalid <Schema> at <path>: <reason>`, or undefined when `value` matches `schema`. */
export function check(schema: SchemaName, value: unknown): string | undefined {
  const error = firstError(schema, value);
  if (error === undefined) return undefined;
  const { path, reason } = describe(error, value);
  return `invalid ${schema} at ${path}: ${reason}`;
}
