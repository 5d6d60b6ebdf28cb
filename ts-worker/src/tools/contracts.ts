// The contract tool (docs/conventions.md), same interface in every language:
//   node dist/tools/contracts.js vectors DIR      JSON report of every vector's verdict
//   node dist/tools/contracts.js roundtrip NAME   stdin value, decoded and re-encoded
//   node dist/tools/contracts.js constants FILE   JSON report: generated constants vs FILE
import { readFileSync } from "node:fs";
import { check } from "../contracts/boundary";
import { checkConstants } from "../contracts/constants";
import { isSchemaName } from "../contracts/schema";
import { roundtrip, runVectors } from "./vectors";

const USAGE = "usage: contracts.js vectors DIR | contracts.js roundtrip NAME < value.json | contracts.js constants FILE";

function main(argv: string[]): number {
  const [command, arg] = argv;
  if (argv.length !== 2 || arg === undefined) return usage();
  if (command === "vectors") {
    const report = runVectors(arg);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.stderr.write(`ts: ${report.vectors} vectors, ${report.failures} failures\n`);
    return report.failures > 0 ? 1 : 0;
  }
  if (command === "constants") {
    const report = checkConstants(arg);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.stderr.write(`ts: constants, ${report.failures} mismatches\n`);
    return report.failures > 0 ? 1 : 0;
  }
  if (command === "roundtrip") {
    if (!isSchemaName(arg)) {
      process.stderr.write(`no schema named ${arg} in contracts.schema.json\n`);
      return 2;
    }
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(0, "utf8"));
    } catch (err) {
      process.stderr.write(`invalid JSON on stdin: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
    const problem = check(arg, value);
    if (problem !== undefined) {
      process.stderr.write(`${problem}\n`);
      return 1;
    }
    process.stdout.write(`${roundtrip(value)}\n`);
    return 0;
  }
  return usage();
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
