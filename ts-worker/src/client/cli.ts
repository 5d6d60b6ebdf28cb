// The client CLI (node dist/client.js): start the media pipeline from TypeScript and watch it.
// Same commands, output and exit codes as the Python client (python client/cli.py), so tests
// can run one input through every client and compare.
import type { Client } from "@temporalio/client";
import { type BatchArgs, type IdArgs, parseCommand, type StartArgs, USAGE } from "./args";
import { batchId, batchRequestFor, readList, startBatch, watchBatch } from "./batch";
import { connect, type Connected, loadTarget } from "./connect";
import { ProgressView } from "./display";
import { report } from "./errors";
import { DEFAULT_MEDIA_ROOT, defaultWorkflowId } from "./ids";
import { cancel, handleFor, start, status, watch } from "./pipeline";
import { requestFor } from "./request";

export async function main(argv: readonly string[]): Promise<number> {
  let connected: Connected | undefined;
  try {
    const args = parseCommand(argv);
    if (args.command === "help") {
      process.stdout.write(USAGE);
      return 0;
    }
    // Connect first, then read the source (and upload it), as the Python client does: a bad
    // source with Temporal down gives the same exit code (2) in every client.
    connected = await connect(loadTarget());
    await dispatch(args, connected.client);
    return 0;
  } catch (err) {
    const { line, exitCode } = report(err);
    process.stderr.write(`${line}\n`);
    return exitCode;
  } finally {
    await connected?.close();
  }
}

async function dispatch(args: StartArgs | IdArgs | BatchArgs, client: Client): Promise<void> {
  switch (args.command) {
    case "run":
    case "start":
      return runOrStart(args, client);
    case "batch":
      return runBatch(args, client);
    case "status":
      return emit(await status(handleFor(client.workflow, args.id)));
    case "result":
      return emit(await watch(handleFor(client.workflow, args.id)));
    case "cancel":
      return emit(await cancel(handleFor(client.workflow, args.id)));
  }
}

async function runOrStart(args: StartArgs, client: Client): Promise<void> {
  const request = await requestFor(args, process.env.MEDIA_ROOT ?? DEFAULT_MEDIA_ROOT);
  // `||`, not `??`: an empty --id means the default, as in the Python client.
  const handle = await start(client.workflow, request, args.id || defaultWorkflowId(request.video_url));
  if (!args.wait) {
    process.stdout.write(`${handle.workflowId}\n`);
    return;
  }
  if (!args.json) process.stderr.write(`workflow ${handle.workflowId} started\n`);
  emit(await watch(handle, args.json ? undefined : new ProgressView(process.stderr)));
}

async function runBatch(args: BatchArgs, client: Client): Promise<void> {
  const data = await readList(args.file);
  const request = await batchRequestFor(data, args, process.env.MEDIA_ROOT ?? DEFAULT_MEDIA_ROOT);
  // `||`, not `??`: an empty --id means the default, as in the Python client.
  const handle = await startBatch(client.workflow, request, args.id || batchId(data));
  if (!args.wait) {
    process.stdout.write(`${handle.workflowId}\n`);
    return;
  }
  if (!args.json) process.stderr.write(`batch ${handle.workflowId} started\n`);
  emit(await watchBatch(handle, args.json ? undefined : process.stderr));
}

function emit(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
