// The command line of the client: the same commands, flags and number syntax as the Python
// client's argparse parser (python client/cli.py), read with node:util parseArgs.
import { parseArgs } from "node:util";
import { UsageError } from "./errors";
import type { BatchOptions } from "./batch";
import type { RequestOptions, Strategy } from "./request";

export const USAGE = `usage: node dist/client.js COMMAND ...

Run the polyglot media pipeline (the TypeScript client; same commands as media-pipeline).

commands:
  run SOURCE [options]     start the pipeline and wait for its result
  start SOURCE [options]   start the pipeline and print the workflow id (run --no-wait)
  status ID                status of a run, with its progress while it runs
  result ID                wait for a run and print its result
  cancel ID                cancel a run, wait (up to 60 s) for it to close, print its status
  batch FILE [options]     run many videos: FILE lists URLs or requests, one per line

SOURCE is an http(s) URL, a media:// reference or a local file (copied into MEDIA_ROOT,
default .data/media).

options of run and start:
  --id ID                  workflow id (default: media- + 20 hex of the URL's sha256)
  --json                   print only the final JSON
  --wait, --no-wait        wait for the result (default: run waits, start does not)
  --strategy S             interval, keyframes or scene
  --interval-seconds N     seconds between frames (interval strategy)
  --max-frames N           upper bound on extracted frames
  --no-storyboard          do not build the storyboard
  --keep-frames            keep the extracted frames in the media store
  -h, --help               show this help

options of batch:
  --id ID                  batch workflow id (default: batch- + 16 hex of the file's sha256)
  --max-in-flight N        child pipelines running at once (default 4)
  --continue-every N       children per workflow run before it continues as new (default 100)
  --json                   print only the final JSON
  --wait, --no-wait        wait for the result (default: wait)

FILE has one video per line: a bare URL, or JSON (a URL string or a PipelineRequest object);
blank lines and lines starting with # are skipped. Up to 1000 entries are sent inline; a
longer list is copied into MEDIA_ROOT (manifests/<sha256 prefix>.jsonl) and sent by reference.
While it waits, batch prints the progress on stderr when it changes.

The connection comes from Temporal's environment configuration (TEMPORAL_ADDRESS,
TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE), default localhost:7233.
Exit status: 0 done, 1 the run or the command failed, 2 bad usage or Temporal unreachable.
`;

export interface StartArgs extends RequestOptions {
  command: "run" | "start";
  id?: string;
  json: boolean;
  wait: boolean;
}

export interface IdArgs {
  command: "status" | "result" | "cancel";
  id: string;
}

export interface BatchArgs extends BatchOptions {
  command: "batch";
  file: string;
  id?: string;
  json: boolean;
  wait: boolean;
}

export type Args = StartArgs | IdArgs | BatchArgs | { command: "help" };

const STRATEGIES: readonly Strategy[] = ["interval", "keyframes", "scene"];
const COMMANDS = ["run", "start", "status", "result", "cancel", "batch"] as const;

const START_OPTIONS = {
  id: { type: "string" },
  json: { type: "boolean" },
  wait: { type: "boolean" },
  "no-wait": { type: "boolean" },
  strategy: { type: "string" },
  "interval-seconds": { type: "string" },
  "max-frames": { type: "string" },
  "no-storyboard": { type: "boolean" },
  "keep-frames": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const ID_OPTIONS = { help: { type: "boolean", short: "h" } } as const;

const BATCH_OPTIONS = {
  id: { type: "string" },
  "max-in-flight": { type: "string" },
  "continue-every": { type: "string" },
  json: { type: "boolean" },
  wait: { type: "boolean" },
  "no-wait": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function parseCommand(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command === "-h" || command === "--help") return { command: "help" };
  if (command === undefined) throw new UsageError(`a command is required (${COMMANDS.join(", ")})`);
  if (command === "run" || command === "start") return parseStart(command, rest);
  if (command === "status" || command === "result" || command === "cancel") {
    const { values, positionals } = parse(rest, ID_OPTIONS);
    if (values.help === true) return { command: "help" };
    return { command, id: onePositional(positionals, "ID") };
  }
  if (command === "batch") return parseBatch(rest);
  throw new UsageError(`invalid command '${command}' (choose from ${COMMANDS.join(", ")})`);
}

function parseStart(command: "run" | "start", rest: string[]): Args {
  const { values, positionals, tokens } = parse(negativeValues(rest), START_OPTIONS);
  if (values.help === true) return { command: "help" };
  // --wait and --no-wait: the last one given wins, as with argparse's BooleanOptionalAction.
  const args: StartArgs = {
    command,
    source: onePositional(positionals, "SOURCE"),
    json: values.json === true,
    wait: lastWait(tokens, command === "run"),
    noStoryboard: values["no-storyboard"] === true,
    keepFrames: values["keep-frames"] === true,
  };
  if (values.id !== undefined) args.id = values.id;
  if (values.strategy !== undefined) args.strategy = strategy(values.strategy);
  if (values["interval-seconds"] !== undefined) {
    args.intervalSeconds = pythonFloat("--interval-seconds", values["interval-seconds"]);
  }
  if (values["max-frames"] !== undefined) args.maxFrames = pythonInt("--max-frames", values["max-frames"]);
  return args;
}

function parseBatch(rest: string[]): Args {
  const { values, positionals, tokens } = parse(negativeValues(rest), BATCH_OPTIONS);
  if (values.help === true) return { command: "help" };
  const args: BatchArgs = {
    command: "batch",
    file: onePositional(positionals, "FILE"),
    json: values.json === true,
    wait: lastWait(tokens, true),
  };
  if (values.id !== undefined) args.id = values.id;
  if (values["max-in-flight"] !== undefined) args.maxInFlight = pythonInt("--max-in-flight", values["max-in-flight"]);
  if (values["continue-every"] !== undefined) args.continueEvery = pythonInt("--continue-every", values["continue-every"]);
  return args;
}

type Token = ReturnType<typeof parseArgs>["tokens"] extends (infer T)[] | undefined ? T : never;

/** --wait and --no-wait: the last one given wins, as with argparse's BooleanOptionalAction. */
function lastWait(tokens: readonly Token[] | undefined, wait: boolean): boolean {
  for (const token of tokens ?? []) {
    if (token.kind === "option" && (token.name === "wait" || token.name === "no-wait")) wait = token.name === "wait";
  }
  return wait;
}

// argparse takes `--max-frames -5` as a value (then refused by the schema); parseArgs calls it
// ambiguous. Joining such pairs as `--max-frames=-5` gives the Python behaviour.
const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;
const VALUE_FLAGS = new Set(["--id", "--strategy", "--interval-seconds", "--max-frames", "--max-in-flight", "--continue-every"]);

function negativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const next = args[i + 1];
    if (arg === "--") return [...out, ...args.slice(i)];
    if (VALUE_FLAGS.has(arg) && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function onePositional(positionals: string[], name: string): string {
  const [value, ...extra] = positionals;
  if (value === undefined) throw new UsageError(`the argument ${name} is required`);
  if (extra.length > 0) throw new UsageError(`unrecognized arguments: ${extra.join(" ")}`);
  return value;
}

function strategy(value: string): Strategy {
  const found = STRATEGIES.find((s) => s === value);
  if (found === undefined) {
    const choices = STRATEGIES.map((s) => `'${s}'`).join(", ");
    throw new UsageError(`argument --strategy: invalid choice: '${value}' (choose from ${choices})`);
  }
  return found;
}

// Python's int() and float() syntax (argparse type=int / type=float): surrounding spaces,
// a sign, `_` between digits; float also takes inf, infinity and nan (refused later by the schema).
const INT = /^[+-]?\d+(?:_\d+)*$/;
const DIGITS = String.raw`\d+(?:_\d+)*`;
const FLOAT = new RegExp(String.raw`^[+-]?(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

export function pythonInt(flag: string, text: string): number {
  const value = text.trim();
  if (!INT.test(value)) throw new UsageError(`argument ${flag}: invalid int value: '${text}'`);
  return Number(value.replace(/_/g, ""));
}

export function pythonFloat(flag: string, text: string): number {
  const value = text.trim();
  const special = SPECIAL.exec(value);
  if (special !== null) {
    if (special[2]?.toLowerCase() === "nan") return NaN;
    return special[1] === "-" ? -Infinity : Infinity;
  }
  if (!FLOAT.test(value)) throw new UsageError(`argument ${flag}: invalid float value: '${text}'`);
  return Number(value.replace(/_/g, ""));
}
