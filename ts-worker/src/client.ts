// The TypeScript client (node dist/client.js run|start|status|result|cancel|batch ...): starts
// the Python MediaProcessingWorkflow (or MediaBatchWorkflow) by name and watches it. The parts
// live in client/.
import { main } from "./client/cli";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
