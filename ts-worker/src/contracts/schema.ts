// Ajv validators for every $defs entry of the generated contracts.schema.json copy.
// Ajv is the arbiter (as jsonschema is in Python and santhosh-tekuri/jsonschema in Go) so the
// three languages accept and refuse exactly the same values; formats come from ajv-formats.
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import schema from "./gen/contracts.schema.json";
import type { ContractTypes, SchemaName } from "./types";

export const SCHEMA_ID: string = schema.$id;
export const schemaNames = Object.keys(schema.$defs) as SchemaName[];

// allErrors: false is the convention: the first error is the one reported, in every language.
const ajv = new Ajv2020({ strict: true, allErrors: false });
// uri, date-time and uuid are the formats the schema uses; "full" mode checks them properly.
addFormats(ajv, { mode: "full", formats: ["uri", "date-time", "uuid"] });
ajv.addSchema(schema);

type Validators = { [N in SchemaName]: ValidateFunction<ContractTypes[N]> };

// Compiled once, eagerly, so a schema that strict mode refuses stops the worker at start.
const validators = Object.fromEntries(
  schemaNames.map((name) => {
    const validate = ajv.getSchema(`${SCHEMA_ID}#/$defs/${name}`);
    if (validate === undefined) throw new Error(`no schema ${name} in contracts.schema.json`);
    return [name, validate];
  }),
) as Validators;

export function isSchemaName(name: string): name is SchemaName {
  return Object.prototype.hasOwnProperty.call(schema.$defs, name);
}

/** Type guard: `value` is a valid `name`. TS types are erased at runtime, so this is the check. */
export function is<N extends SchemaName>(name: N, value: unknown): value is ContractTypes[N] {
  return validators[name](value);
}

/** The first schema error for `value`, or undefined when it is valid. */
export function firstError(name: SchemaName, value: unknown): ErrorObject | undefined {
  const validate = validators[name];
  if (validate(value)) return undefined;
  const errors = validate.errors ?? [];
  // A failed anyOf keeps its branches' errors before its own; the anyOf error is the real one.
  return errors.find((e) => e.keyword === "anyOf") ?? errors[0];
}
