// The TypeScript client (node dist/client.js run|start|status|result|cancel|batch ...): starts
// the Python workflows by name and follows them (docs/clients.md). The parts live in client/.
import { main } from "./client/cli";

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
