// The batch list (a manifest) read with the rules of the Python activity read_manifest
// (python activities/manifest.py): one video per line; blank lines and lines starting with #
// are skipped; a line starting with `"` or `{` is JSON (a URL string or a PipelineRequest
// object), any other line a bare URL. Lines are split as Python's text files split them
// (\n, \r\n or \r) and counted from 1.
import { ErrorType } from "../contracts/gen/registry";
import type { PipelineRequest } from "../contracts/gen/types";
import { describe } from "../contracts/path";
import { firstError } from "../contracts/schema";
import { ClientError } from "./errors";

/** The most entries a BatchRequest carries inline; a longer list goes into the media store. */
export const INLINE_LIMIT = 1000;
/** The longest line, counted as Python's len(line): characters, the line break included. */
export const MAX_LINE = 64 * 1024;

export interface Manifest {
  /** The first INLINE_LIMIT entries, each checked against PipelineRequest (only the fields given). */
  requests: PipelineRequest[];
  /** Entries in the whole list. */
  total: number;
}

/**
 * Every entry of a batch list, checked before anything starts; the first bad line is an
 * InvalidInput ClientError naming it. Like Python it reads a list of more than INLINE_LIMIT
 * entries twice: first the length of every line and the first INLINE_LIMIT entries, then
 * the remaining entries.
 */
export function readManifest(data: Uint8Array): Manifest {
  let text: string;
  try {
    // Python's strict UTF-8, and a byte order mark stays a character of the first line.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    throw invalidInput(`manifest line ${lineOfFirstInvalidByte(data)} is not UTF-8 text`);
  }
  const manifest: Manifest = { requests: [], total: 0 };
  eachEntry(text, (number, line) => {
    if (manifest.total < INLINE_LIMIT) manifest.requests.push(parseManifestLine(line, number));
    manifest.total++;
  });
  if (manifest.total > INLINE_LIMIT) {
    let seen = 0;
    eachEntry(text, (number, line) => {
      // The first INLINE_LIMIT were checked in the first pass.
      if (++seen > INLINE_LIMIT) parseManifestLine(line, number);
    });
  }
  return manifest;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Calls `entry` for every line that is neither blank nor a comment, after checking its length. */
function eachEntry(text: string, entry: (number: number, line: string) => void): void {
  let number = 0;
  let start = 0;
  while (start < text.length) {
    number++;
    LINE_BREAK.lastIndex = start;
    const found = LINE_BREAK.exec(text);
    const end = found === null ? text.length : found.index;
    const line = text.slice(start, end);
    start = found === null ? text.length : end + found[0].length;
    if (characters(line) + (found === null ? 0 : 1) > MAX_LINE) {
      throw invalidInput(`manifest line ${number} is longer than ${MAX_LINE} bytes`);
    }
    const stripped = pyStrip(line);
    if (stripped === "" || stripped.startsWith("#")) continue;
    entry(number, line);
  }
}

/** Length in code points (Python's len), not UTF-16 units. */
function characters(text: string): number {
  if (text.length < MAX_LINE) return text.length; // an upper bound, good enough below the limit
  return Array.from(text).length;
}

/** One entry (Python parse_line), as the PipelineRequest to send: the fields given. */
export function parseManifestLine(line: string, number: number): PipelineRequest {
  const text = pyStrip(line);
  let value: unknown = text;
  if (text.startsWith('"') || text.startsWith("{")) {
    try {
      value = pyLoads(text);
    } catch (err) {
      if (err instanceof PyJsonError) throw invalidInput(`manifest line ${number}: not JSON: ${err.message}`);
      throw err;
    }
  }
  if (typeof value === "string") value = { video_url: value };
  // The schema judges the value with NaN and the infinities as strings; where one of them is
  // the offending value (and not an unknown field), the reason says so.
  const nonFinitePath = firstNonFinite(value, "$");
  const judged = withoutNonFinite(value);
  const error = firstError("PipelineRequest", judged);
  if (error !== undefined) {
    const { path, reason } = describe(error, judged);
    const shown = path === nonFinitePath && reason !== "unknown field" ? "must be a finite number" : reason;
    throw invalidInput(`manifest line ${number}: invalid PipelineRequest at ${path}: ${shown}`);
  }
  if (nonFinitePath !== undefined) {
    throw invalidInput(`manifest line ${number}: invalid PipelineRequest at ${nonFinitePath}: must be a finite number`);
  }
  // firstError found none: `value` is a PipelineRequest (and holds no NaN).
  return value as PipelineRequest;
}

/** The line (as readManifest counts) of the first byte that is not UTF-8. */
function lineOfFirstInvalidByte(data: Uint8Array): number {
  // The longest prefix without an invalid sequence (an unfinished one at its end is fine),
  // by bisection: a prefix that holds an invalid sequence makes every longer one invalid.
  const valid = (n: number): boolean => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(data.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = data.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (valid(mid)) low = mid;
    else high = mid - 1;
  }
  let number = 1;
  for (let i = 0; i < low; i++) {
    if (data[i] === 0x0a || (data[i] === 0x0d && data[i + 1] !== 0x0a)) number++;
  }
  return number;
}

function invalidInput(message: string): ClientError {
  return new ClientError(ErrorType.InvalidInput, message);
}

// --- Python's json.loads ------------------------------------------------------------------
// The JSON of a line is read as Python's json.loads reads it, so every client accepts the same
// lines and refuses the others with the same message: JSONDecodeError.msg ("Expecting ','
// delimiter", ...), found by the same scan as CPython 3.11's C scanner (Modules/_json.c). Like
// json.loads it takes NaN, Infinity and -Infinity (the schema refuses them later). It works
// on code points, the indexes Python uses.

/** A JSONDecodeError: the message without Python's position suffix. */
export class PyJsonError extends Error {
  override name = "PyJsonError";
}

/** NaN, Infinity or -Infinity: valid for Python's json, not a JSON value. */
class NonFinite {
  constructor(readonly literal: string) {}
}

// Stands for Python's recursion limit (1000 frames, some already in use).
const MAX_DEPTH = 990;
const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const LITERALS: [string, unknown][] = [
  ["null", null],
  ["true", true],
  ["false", false],
  ["NaN", new NonFinite("NaN")],
  ["Infinity", new NonFinite("Infinity")],
  ["-Infinity", new NonFinite("-Infinity")],
];
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** `text` parsed as Python's json.loads(text). */
export function pyLoads(text: string): unknown {
  const scanner = new PyScanner(Array.from(text));
  const [value, end] = scanner.scanOnce(scanner.skip(0));
  if (scanner.skip(end) !== scanner.s.length) throw new PyJsonError("Extra data");
  return value;
}

class PyScanner {
  private depth = 0;

  constructor(readonly s: string[]) {}

  skip(idx: number): number {
    while (idx < this.s.length && WHITESPACE.has(this.s[idx] ?? "")) idx++;
    return idx;
  }

  private has(idx: number, word: string): boolean {
    const chars = Array.from(word);
    return idx + chars.length <= this.s.length && chars.every((c, i) => this.s[idx + i] === c);
  }

  scanOnce(idx: number): [unknown, number] {
    const c = this.s[idx];
    if (c === undefined) throw new PyJsonError("Expecting value");
    if (c === '"') return this.scanString(idx + 1);
    if (c === "{" || c === "[") {
      if (++this.depth > MAX_DEPTH) {
        const kind = c === "{" ? "object" : "array";
        throw new PyJsonError(`maximum recursion depth exceeded while decoding a JSON ${kind} from a unicode string`);
      }
      try {
        return c === "{" ? this.scanObject(idx + 1) : this.scanArray(idx + 1);
      } finally {
        this.depth--;
      }
    }
    for (const [word, value] of LITERALS) {
      if (this.has(idx, word)) return [value, idx + word.length];
    }
    return this.scanNumber(idx);
  }

  /** _match_number_unicode: -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?, backing off a part without digits. */
  private scanNumber(start: number): [unknown, number] {
    const s = this.s;
    let idx = start;
    if (s[idx] === "-") {
      idx++;
      if (idx >= s.length) throw new PyJsonError("Expecting value");
    }
    const first = s[idx] ?? "";
    if (first >= "1" && first <= "9") {
      idx++;
      while (isDigit(s[idx])) idx++;
    } else if (first === "0") {
      idx++;
    } else {
      throw new PyJsonError("Expecting value");
    }
    if (idx + 1 < s.length && s[idx] === "." && isDigit(s[idx + 1])) {
      idx += 2;
      while (isDigit(s[idx])) idx++;
    }
    if (idx + 1 < s.length && (s[idx] === "e" || s[idx] === "E")) {
      const mark = idx;
      idx++;
      if (idx + 1 < s.length && (s[idx] === "-" || s[idx] === "+")) idx++;
      while (isDigit(s[idx])) idx++;
      if (!isDigit(s[idx - 1])) idx = mark;
    }
    return [Number(s.slice(start, idx).join("")), idx];
  }

  /** scanstring_unicode from just after the opening quote. */
  private scanString(end: number): [string, number] {
    const s = this.s;
    let out = "";
    for (;;) {
      let next = end;
      for (; next < s.length && s[next] !== '"' && s[next] !== "\\"; next++) {
        if ((s[next]?.codePointAt(0) ?? 0) <= 0x1f) throw new PyJsonError("Invalid control character at");
      }
      if (next >= s.length) throw new PyJsonError("Unterminated string starting at");
      out += s.slice(end, next).join("");
      if (s[next] === '"') return [out, next + 1];
      next++; // past the backslash
      const escape = s[next];
      if (escape === undefined) throw new PyJsonError("Unterminated string starting at");
      if (escape !== "u") {
        const simple = SIMPLE_ESCAPES[escape];
        if (simple === undefined) throw new PyJsonError("Invalid \\escape");
        out += simple;
        end = next + 1;
        continue;
      }
      next++;
      end = next + 4;
      if (end >= s.length) throw new PyJsonError("Invalid \\uXXXX escape");
      let c = hex4(s.slice(next, end));
      if (c >= 0xd800 && c <= 0xdbff && end + 6 < s.length && s[end] === "\\" && s[end + 1] === "u") {
        const c2 = hex4(s.slice(end + 2, end + 6));
        if (c2 >= 0xdc00 && c2 <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
          end += 6;
        }
      }
      // A lone surrogate stays one, as in a Python str.
      out += String.fromCodePoint(c);
    }
  }

  /** _parse_object_unicode from just after the '{'. A repeated key keeps its last value. */
  private scanObject(start: number): [unknown, number] {
    const s = this.s;
    const obj: Record<string, unknown> = {};
    let idx = this.skip(start);
    if (s[idx] === "}") return [obj, idx + 1];
    for (;;) {
      if (s[idx] !== '"') throw new PyJsonError("Expecting property name enclosed in double quotes");
      const [key, afterKey] = this.scanString(idx + 1);
      idx = this.skip(afterKey);
      if (s[idx] !== ":") throw new PyJsonError("Expecting ':' delimiter");
      const [value, afterValue] = this.scanOnce(this.skip(idx + 1));
      // Defined, not assigned: "__proto__" is a key like any other.
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      idx = this.skip(afterValue);
      if (s[idx] === "}") return [obj, idx + 1];
      if (s[idx] !== ",") throw new PyJsonError("Expecting ',' delimiter");
      idx = this.skip(idx + 1);
    }
  }

  /** _parse_array_unicode from just after the '['. */
  private scanArray(start: number): [unknown, number] {
    const s = this.s;
    const arr: unknown[] = [];
    let idx = this.skip(start);
    if (s[idx] === "]") return [arr, idx + 1];
    for (;;) {
      const [value, after] = this.scanOnce(idx);
      arr.push(value);
      idx = this.skip(after);
      if (s[idx] === "]") return [arr, idx + 1];
      if (s[idx] !== ",") throw new PyJsonError("Expecting ',' delimiter");
      idx = this.skip(idx + 1);
    }
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** Four hex digits as a number; anything else is Python's "Invalid \\uXXXX escape". */
function hex4(chars: string[]): number {
  if (chars.length !== 4 || !chars.every((c) => /^[0-9a-fA-F]$/.test(c))) {
    throw new PyJsonError("Invalid \\uXXXX escape");
  }
  return parseInt(chars.join(""), 16);
}

// Python's str.isspace: what str.strip() removes.
const PY_SPACE = new Set(
  "\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
);

/** Python's str.strip() with no argument (JavaScript's trim() also removes U+FEFF). */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PY_SPACE.has(text.charAt(start))) start++;
  while (end > start && PY_SPACE.has(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

/** JSON path of the first NaN or infinity in `value` (keys sorted, as Python sorts errors). */
function firstNonFinite(value: unknown, path: string): string | undefined {
  if (value instanceof NonFinite) return path;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = firstNonFinite(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      const found = firstNonFinite(record[key], `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** NaN and the infinities replaced by their names, so the schema can judge the rest. */
function withoutNonFinite(value: unknown): unknown {
  if (value instanceof NonFinite) return value.literal;
  if (Array.isArray(value)) return value.map(withoutNonFinite);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: withoutNonFinite(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
