// The batch list (python activities/manifest.py): which lines are entries, what is sent for
// them, and the message for a bad one, as the Python client gives them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ClientError } from "../client/errors";
import { INLINE_LIMIT, readManifest } from "../client/manifest";

const bytes = (text: string) => new TextEncoder().encode(text);

/** The InvalidInput message of reading `list`, or undefined when it reads. */
function problem(list: string | Uint8Array): string | undefined {
  try {
    readManifest(typeof list === "string" ? bytes(list) : list);
    return undefined;
  } catch (err) {
    assert.ok(err instanceof ClientError, String(err));
    assert.equal(err.type, "InvalidInput");
    return err.message;
  }
}

/** A list of `n` entries after a comment line. */
function entries(n: number): string {
  return `# a batch\n${Array.from({ length: n }, (_, i) => `http://127.0.0.1:8000/v${i}.mp4\n`).join("")}`;
}

// [list, entries sent (JSON), error]: from Python, media_pipeline.activities.manifest.read(path,
// 0, 1000) on a file holding the list (cross-language fixtures, recorded with CPython 3.11; the
// Go tests hold the same table). Among them every JSONDecodeError message Python gives. An
// error ending in ": " is the prefix before the reason, which comes from each language's
// validator.
const CASES: [string, string, string][] = [
  ["", "[]", ""],
  ["\n", "[]", ""],
  ["# only\n  # indented\n\n\t\n", "[]", ""],
  ["http://x/a.mp4", "[{\"video_url\":\"http://x/a.mp4\"}]", ""],
  ["http://x/a.mp4\r\nhttp://x/b.mp4\rhttp://x/c.mp4\n", "[{\"video_url\":\"http://x/a.mp4\"},{\"video_url\":\"http://x/b.mp4\"},{\"video_url\":\"http://x/c.mp4\"}]", ""],
  ["http://x/a.mp4\r\n\rnot a url\n", "", "manifest line 3: invalid PipelineRequest at $.video_url: "],
  ["\u001chttp://x/a.mp4\u001f\n", "[{\"video_url\":\"http://x/a.mp4\"}]", ""],
  ["\u00a0http://x/a.mp4\u3000\n", "[{\"video_url\":\"http://x/a.mp4\"}]", ""],
  ["\u2028http://x/a.mp4\u0085\n", "[{\"video_url\":\"http://x/a.mp4\"}]", ""],
  ["\ufeff# bom comment\n", "", "manifest line 1: invalid PipelineRequest at $.video_url: "],
  ["  \"http://x/a.mp4\"  \n", "[{\"video_url\":\"http://x/a.mp4\"}]", ""],
  ["{\"video_url\":\"http://x/a.mp4\",\"max_frames\":5.0,\"interval_seconds\":2}", "[{\"video_url\":\"http://x/a.mp4\",\"interval_seconds\":2,\"max_frames\":5}]", ""],
  ["{\"video_url\":\"http://x/a.mp4\",\"video_url\":\"http://x/b.mp4\"}", "[{\"video_url\":\"http://x/b.mp4\"}]", ""],
  ["{\"video_url\" : \"http://x/a.mp4\" , \"max_frames\" : 3 }", "[{\"video_url\":\"http://x/a.mp4\",\"max_frames\":3}]", ""],
  ["\"http://x/a.mp4\\/b\"", "[{\"video_url\":\"http://x/a.mp4/b\"}]", ""],
  ["\"\\u0068ttp://x/a.mp4\"", "[{\"video_url\":\"http://x/a.mp4\"}]", ""],
  ["# c\n\n  \n\"http://x/a.mp4\"\n{\"video_url\":\"http://x/b.mp4\",\"max_frames\":5}\n", "[{\"video_url\":\"http://x/a.mp4\"},{\"video_url\":\"http://x/b.mp4\",\"max_frames\":5}]", ""],
  ["[1]\n", "", "manifest line 1: invalid PipelineRequest at $.video_url: "],
  ["http://x/a.mp4\nnot a url\n", "", "manifest line 2: invalid PipelineRequest at $.video_url: "],
  ["{\"video_url\":\"http://x/b.mp4\",\"max_frames\":0}", "", "manifest line 1: invalid PipelineRequest at $.max_frames: "],
  ["{\"video_url\":\"http://x/b.mp4\",\"bogus\":1}", "", "manifest line 1: invalid PipelineRequest at $.bogus: unknown field"],
  ["{\"video_url\":\"http://x/a.mp4\", \"__proto__\": 1}", "", "manifest line 1: invalid PipelineRequest at $.__proto__: unknown field"],
  ["{ }", "", "manifest line 1: invalid PipelineRequest at $.video_url: required field missing"],
  ["{\"video_url\":5}", "", "manifest line 1: invalid PipelineRequest at $.video_url: "],
  ["{\"video_url\":\"http://x/a.mp4\",\"a\":[1,{\"b\":[true,false,null,-0.5e+3]}]}", "", "manifest line 1: invalid PipelineRequest at $.a: unknown field"],
  ["{\"video_url\":\"http://x/a.mp4\",\"interval_seconds\":NaN}", "", "manifest line 1: invalid PipelineRequest at $.interval_seconds: "],
  ["{\"video_url\":\"http://x/a.mp4\",\"interval_seconds\":-Infinity}", "", "manifest line 1: invalid PipelineRequest at $.interval_seconds: "],
  ["{\"video_url\":\"http://x/a.mp4\",\"bogus\":NaN}", "", "manifest line 1: invalid PipelineRequest at $.bogus: unknown field"],
  ["{\"video_url\":NaN}", "", "manifest line 1: invalid PipelineRequest at $.video_url: "],
  ["\"\\u0041", "", "manifest line 1: not JSON: Invalid \\uXXXX escape"],
  ["\"\\u004", "", "manifest line 1: not JSON: Invalid \\uXXXX escape"],
  ["\"\\u00G1\"", "", "manifest line 1: not JSON: Invalid \\uXXXX escape"],
  ["\"\\x\"", "", "manifest line 1: not JSON: Invalid \\escape"],
  ["\"a\tb\"", "", "manifest line 1: not JSON: Invalid control character at"],
  ["\"abc", "", "manifest line 1: not JSON: Unterminated string starting at"],
  ["\"abc\\", "", "manifest line 1: not JSON: Unterminated string starting at"],
  ["{\"a\" 1}", "", "manifest line 1: not JSON: Expecting ':' delimiter"],
  ["{\"a\":", "", "manifest line 1: not JSON: Expecting value"],
  ["{\"a\":1", "", "manifest line 1: not JSON: Expecting ',' delimiter"],
  ["{", "", "manifest line 1: not JSON: Expecting property name enclosed in double quotes"],
  ["{\"a\":1,", "", "manifest line 1: not JSON: Expecting property name enclosed in double quotes"],
  ["{\"a\":1,}", "", "manifest line 1: not JSON: Expecting property name enclosed in double quotes"],
  ["{'a':1}", "", "manifest line 1: not JSON: Expecting property name enclosed in double quotes"],
  ["{\"a\":[1,]}", "", "manifest line 1: not JSON: Expecting value"],
  ["{\"a\":[1 2]}", "", "manifest line 1: not JSON: Expecting ',' delimiter"],
  ["{\"a\":01}", "", "manifest line 1: not JSON: Expecting ',' delimiter"],
  ["{\"a\":-}", "", "manifest line 1: not JSON: Expecting value"],
  ["{\"a\":1.}", "", "manifest line 1: not JSON: Expecting ',' delimiter"],
  ["{\"a\":1.5e}", "", "manifest line 1: not JSON: Expecting ',' delimiter"],
  ["{\"a\":1e+}", "", "manifest line 1: not JSON: Expecting ',' delimiter"],
  ["{\"a\":tru}", "", "manifest line 1: not JSON: Expecting value"],
  ["{\"a\":nul}", "", "manifest line 1: not JSON: Expecting value"],
  ["{\"a\":nan}", "", "manifest line 1: not JSON: Expecting value"],
  ["{\"a\":-Inf}", "", "manifest line 1: not JSON: Expecting value"],
  ["{\"a\":\"\\ud800\\u12\"}", "", "manifest line 1: not JSON: Invalid \\uXXXX escape"],
  ["{\"a\":\"\\ud800\\uZZZZ\"}", "", "manifest line 1: not JSON: Invalid \\uXXXX escape"],
  ["{\"a\":\"\\ud800\\x\"}", "", "manifest line 1: not JSON: Invalid \\escape"],
  ["{\"video_url\":\"http://x/a.mp4\",\"a\":\"\\ud83d\\ude00\",\"b\":[1,2,[3,{}]],\"c\":{\"d\":null}}", "", "manifest line 1: invalid PipelineRequest at $.a: unknown field"],
  ["{\"a\": 1\u00a0}", "", "manifest line 1: not JSON: Expecting ',' delimiter"],
  ["\"x\"  \"y\"", "", "manifest line 1: not JSON: Extra data"],
  ["{}x", "", "manifest line 1: not JSON: Extra data"],
  ["{\"a\":[}", "", "manifest line 1: not JSON: Expecting value"],
  ["{\"a\":[]", "", "manifest line 1: not JSON: Expecting ',' delimiter"],
  ["{\"a\":{}", "", "manifest line 1: not JSON: Expecting ',' delimiter"],
  ["{\"video_url\":\"http://x/b.mp4\"\n", "", "manifest line 1: not JSON: Expecting ',' delimiter"],
  ["{\"video_url\":\"http://x/b.mp4\"} x\n", "", "manifest line 1: not JSON: Extra data"],
  ["http://x/a.mp4\n\"http://x/b.mp4\n", "", "manifest line 2: not JSON: Unterminated string starting at"],
];

describe("batch list", () => {
  it("reads every line as the Python client does", () => {
    for (const [list, sent, error] of CASES) {
      if (error === "") {
        const manifest = readManifest(bytes(list));
        assert.deepEqual(manifest.requests, JSON.parse(sent), JSON.stringify(list));
        assert.equal(manifest.total, manifest.requests.length);
        continue;
      }
      const message = problem(list);
      if (error.endsWith(": ")) assert.ok(message?.startsWith(error), `${JSON.stringify(list)}: ${message}`);
      else assert.equal(message, error, JSON.stringify(list));
    }
  });

  it("names the bad line by its physical number", () => {
    const list = '# header\n\nhttp://x/a.mp4\r\n   \n# more\n{"video_url":"http://x/b.mp4","max_frames":-1}\n';
    assert.match(problem(list) ?? "", /^manifest line 6: invalid PipelineRequest at \$\.max_frames: /);
  });

  it("refuses a line longer than 65536 characters, its line break included, as Python's len(line)", () => {
    const url = (n: number) => `http://x/${"a".repeat(n - "http://x/".length)}`;
    const tooLong = "manifest line 2 is longer than 65536 bytes";
    for (const [list, long] of [
      [`# x\n${url(65535)}\n`, false],
      [`# x\n${url(65536)}`, false],
      [`# x\n${url(65536)}\n`, true],
      [`# x\n${url(65536)}\r\n`, true],
      [`# x\n#${"é".repeat(65534)}\n`, false], // 65536 characters, 131070 bytes
      [`# x\n#${"😀".repeat(65534)}\n`, false], // 65536 characters, 131069 UTF-16 units
      [`# x\n#${"é".repeat(65535)}\n`, true],
      [`# x\n#${" ".repeat(70000)}\n`, true], // comments and blank lines too
      [`# x\n${" ".repeat(70000)}\n`, true],
    ] as const) {
      const message = problem(list);
      if (long) assert.equal(message, tooLong);
      else assert.ok(!message?.includes("longer than"), message);
    }
  });

  it("refuses a list that is not UTF-8, naming the line", () => {
    const list = new Uint8Array([...bytes("http://x/a.mp4\r\nhttp://x/"), 0xff, ...bytes(".mp4\n")]);
    assert.equal(problem(list), "manifest line 2 is not UTF-8 text");
  });

  it("counts every entry and keeps the first 1000", () => {
    for (const n of [1000, 1001]) {
      const manifest = readManifest(bytes(entries(n)));
      assert.equal(manifest.total, n);
      assert.equal(manifest.requests.length, Math.min(n, INLINE_LIMIT));
    }
  });

  it("past 1000 entries checks the lengths of every line first, then the entries, as Python", () => {
    const long = `${"x".repeat(70000)}\n`;
    assert.equal(problem(`${entries(1000)}bad\n${long}`), "manifest line 1003 is longer than 65536 bytes");
    assert.match(problem(`${entries(999)}bad\n${long}`) ?? "", /^manifest line 1001: invalid PipelineRequest at \$\.video_url: /);
    assert.match(problem(`${entries(1500)}bad\n`) ?? "", /^manifest line 1502: invalid PipelineRequest at \$\.video_url: /);
  });
});
