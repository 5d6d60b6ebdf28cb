// The client CLI (node dist/client.js COMMAND ...), as docs/clients.md specifies it. Arguments
// are read with node:util parseArgs, whose messages are the usage errors (exit 2).
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Client, WorkflowHandle } from "@temporalio/client";
import { MediaBatchWorkflow, MediaProcessingWorkflow } from "../contracts/gen/registry";
import type { BatchProgress, Progress } from "../contracts/gen/types";
import { mediaStore } from "../media/open";
import { clientTelemetry, type ClientTelemetry } from "../telemetry";
import { catalogCommand } from "./catalog";
import { connect } from "./connect";
import { report, UsageError } from "./errors";
import { batchId, batchRequest, manifestUri, pipelineRequest, putOnce, readList, runId, upload } from "./request";
import { cancel, follow, type ProgressSchema, type ProgressView, type ResultSchema, start, status } from "./workflows";

export const USAGE = `usage: node dist/client.js COMMAND ...

  run SOURCE [request flags] [--id ID] [--json] [--no-wait]   start the pipeline, wait, print its result
  start SOURCE [request flags] [--id ID]                     start the pipeline, print the workflow id
  status ID | result ID [--json] | cancel ID                 a run's status, result, or cancellation
  batch FILE [--id ID] [--max-in-flight N] [--max-per-host N] [--continue-every N] [--json] [--no-wait]
  list [--query Q] [--sort newest|oldest|longest|shortest|url] [--offset N] [--limit N] [--json]
  show ID                                                    a catalog record (CatalogRecord JSON)

request flags: --strategy S, --interval-seconds X, --max-frames N, --no-storyboard, --keep-frames
SOURCE is an http(s) URL, a media:// reference or a local file (uploaded to MEDIA_ROOT, default
.data/media). FILE lists one video per line; it is uploaded as is and read by the workflow.
Connection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE.
Exit status: 0 done, 1 the run or the command failed, 2 bad usage or Temporal unreachable.
`;

type Options = NonNullable<ParseArgsConfig["options"]>;
const HELP: Options = { help: { type: "boolean", short: "h" } };
const WAITING: Options = {
  id: { type: "string" },
  json: { type: "boolean" },
  wait: { type: "boolean" },
  "no-wait": { type: "boolean" },
};
const REQUEST: Options = {
  strategy: { type: "string" },
  "interval-seconds": { type: "string" },
  "max-frames": { type: "string" },
  "no-storyboard": { type: "boolean" },
  "keep-frames": { type: "boolean" },
};
type Command = "run" | "start" | "status" | "result" | "cancel" | "batch" | "list" | "show";
const COMMANDS: Record<Command, Options> = {
  run: { ...HELP, ...WAITING, ...REQUEST },
  start: { ...HELP, ...WAITING, ...REQUEST },
  status: HELP,
  result: { ...HELP, json: { type: "boolean" } },
  cancel: HELP,
  batch: { ...HELP, ...WAITING, "max-in-flight": { type: "string" }, "max-per-host": { type: "string" }, "continue-every": { type: "string" } },
  list: {
    ...HELP,
    json: { type: "boolean" },
    query: { type: "string" },
    sort: { type: "string" },
    offset: { type: "string" },
    limit: { type: "string" },
  },
  show: HELP,
};
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Args {
  command: Command;
  /** SOURCE, FILE or ID. */
  target: string;
  values: Values;
}

/** The command line as a command and its values, or "help". */
export function parse(argv: readonly string[]): Args | "help" {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help") return "help";
  if (!isCommand(command)) throw new UsageError(`unknown command '${command}'`);
  const options = COMMANDS[command];
  const { values, positionals } = parseArgs({
    args: negativeNumbersJoined(rest, options),
    options,
    allowPositionals: true,
  });
  if (values.help === true) return "help";
  // list reads the whole catalog: no argument.
  if (command === "list") {
    if (positionals.length > 0) throw new UsageError(`list takes no argument, got ${positionals.length}`);
    return { command, target: "", values };
  }
  const [target] = positionals;
  if (target === undefined || positionals.length > 1) {
    throw new UsageError(`${command} takes exactly one argument, got ${positionals.length}`);
  }
  return { command, target, values };
}

function isCommand(name: string): name is Command {
  return Object.hasOwn(COMMANDS, name);
}

/** The value of a string flag, undefined when not given. */
export function textFlag(values: Values, flag: string): string | undefined {
  const value = values[flag];
  return typeof value === "string" ? value : undefined;
}

/** The value of a number flag; not a number is bad usage, a number out of range is the schema's. */
export function numberFlag(values: Values, flag: string): number | undefined {
  const text = textFlag(values, flag);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n))
    throw new UsageError(`option '--${flag}' needs a number, got '${text}'`);
  return n;
}

// parseArgs takes `--max-frames -1` for a missing value; argparse and Go's flag take it as -1.
function negativeNumbersJoined(args: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [arg = "", next = ""] = [args[i], args[i + 1]];
    if (arg.startsWith("--") && options[arg.slice(2)]?.type === "string" && /^-\.?\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

export async function main(argv: readonly string[]): Promise<number> {
  let telemetry: ClientTelemetry | undefined;
  try {
    const args = parse(argv);
    if (args === "help") {
      process.stdout.write(USAGE);
      return 0;
    }
    // The catalog commands read CATALOG_URL and need no Temporal.
    if (args.command === "list" || args.command === "show") {
      await catalogCommand({ command: args.command, target: args.target, values: args.values });
      return 0;
    }
    // Off unless the OTEL_* variables ask for traces; then the command's span is the root.
    telemetry = clientTelemetry();
    const traced = telemetry;
    // Connect before touching the media store: with Temporal down, nothing is uploaded.
    const connected = await connect(traced.interceptors);
    try {
      await traced.inSpan(`client ${args.command}`, () => dispatch(args, connected.client));
    } finally {
      await connected.close();
    }
    return 0;
  } catch (err) {
    const { code, text } = report(err, USAGE.slice(0, USAGE.indexOf("\n")));
    process.stderr.write(`${text}\n`);
    return code;
  } finally {
    await telemetry?.flush();
  }
}

async function dispatch({ command, target, values }: Args, client: Client): Promise<void> {
  const handle = () => client.workflow.getHandle(target);
  switch (command) {
    case "run":
    case "start": {
      const videoUrl = target.includes("://") ? target : await upload(mediaStore(), target);
      const request = pipelineRequest(videoUrl, {
        strategy: textFlag(values, "strategy"),
        intervalSeconds: numberFlag(values, "interval-seconds"),
        maxFrames: numberFlag(values, "max-frames"),
        noStoryboard: values["no-storyboard"] === true,
        keepFrames: values["keep-frames"] === true,
      });
      const started = await start(client, MediaProcessingWorkflow, request, textFlag(values, "id") || runId(videoUrl));
      return finish(started, values, command === "run", "PipelineResult", "Progress");
    }
    case "batch": {
      const list = await readList(target);
      const manifest = await putOnce(mediaStore(), manifestUri(list), list);
      const request = batchRequest(manifest, {
        maxInFlight: numberFlag(values, "max-in-flight"),
        maxPerHost: numberFlag(values, "max-per-host"),
        continueEvery: numberFlag(values, "continue-every"),
      });
      const started = await start(client, MediaBatchWorkflow, request, textFlag(values, "id") || batchId(list));
      return finish(started, values, true, "BatchResult", "BatchProgress");
    }
    case "result":
      return emit(await follow(handle(), "PipelineResult", values.json === true ? undefined : display("Progress")));
    case "status":
      return emit(await status(handle()));
    case "cancel":
      return emit(await cancel(handle()));
  }
}

async function finish(
  handle: WorkflowHandle,
  values: Values,
  waitByDefault: boolean,
  result: ResultSchema,
  progress: ProgressSchema,
): Promise<void> {
  const wait = values["no-wait"] === true ? false : values.wait === true || waitByDefault;
  if (!wait) {
    process.stdout.write(`${handle.workflowId}\n`);
    return;
  }
  const json = values.json === true;
  if (!json) process.stderr.write(`${result === "BatchResult" ? "batch" : "workflow"} ${handle.workflowId} started\n`);
  emit(await follow(handle, result, json ? undefined : display(progress)));
}

function emit(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Progress on stderr: a live line on a terminal, a line per change on a pipe. */
export function display(
  schema: ProgressSchema,
  out: { isTTY?: boolean; write(text: string): unknown } = process.stderr,
): ProgressView {
  let last = "";
  return {
    schema,
    show(p: Progress | BatchProgress): void {
      const line = progressLine(p);
      if (out.isTTY === true) out.write(`\r${line}\x1b[K`);
      else if (line !== last) out.write(`${line}\n`);
      last = line;
    },
    close(): void {
      if (out.isTTY === true && last !== "") out.write("\n");
    },
  };
}

export function progressLine(p: Progress | BatchProgress): string {
  if ("batch_id" in p) return `done ${p.done}/${p.total}, ok ${p.succeeded}, failed ${p.failed}, running ${p.running}`;
  const batches = p.batches_total > 0 ? `, batches ${p.batches_done}/${p.batches_total}` : "";
  return `${p.stage} ${p.percent.toFixed(1)}% frames ${p.frames_extracted}, analysed ${p.frames_analyzed}${batches}`;
}
