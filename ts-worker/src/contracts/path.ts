// Turns an Ajv error into the `<path>: <reason>` of the cross-language message format
// (docs/conventions.md): a JSON path such as $.frames[0].image.uri that names the offending
// field itself, also for unknown and missing properties (Ajv reports those at the parent).
import type { ErrorObject } from "ajv/dist/2020";

export interface SchemaProblem {
  path: string;
  reason: string;
}

export function describe(error: ErrorObject, data: unknown): SchemaProblem {
  const base = jsonPath(error.instancePath, data);
  const params: Record<string, unknown> = error.params;
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    return { path: child(base, params.additionalProperty), reason: "unknown field" };
  }
  if (error.keyword === "required" && typeof params.missingProperty === "string") {
    return { path: child(base, params.missingProperty), reason: "required field missing" };
  }
  return { path: base, reason: error.message ?? error.keyword };
}

/** JSON path of a JSON pointer into `data`: array indexes as [n], object keys as .key. */
export function jsonPath(pointer: string, data: unknown): string {
  let path = "$";
  let node = data;
  for (const token of pointer.split("/").slice(1)) {
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      path += `[${key}]`;
      node = node[Number(key)];
    } else {
      path = child(path, key);
      node = isObject(node) ? node[key] : undefined;
    }
  }
  return path;
}

function child(path: string, key: string): string {
  return `${path}.${key}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
