// Connect through Temporal's environment configuration, as every worker and client does:
// TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE and
// temporal.toml profiles all work, so the same command runs on the dev server or Temporal Cloud.
import { Client, Connection, type WorkflowClientInterceptor } from "@temporalio/client";
import { loadClientConnectConfig } from "@temporalio/envconfig";
import { ConnectError, reason } from "./errors";

// A server that is down must fail the command in seconds (the contract allows 30), not after
// the SDK's retries.
const CONNECT_TIMEOUT_MS = 10_000;

export interface Connected {
  client: Client;
  close(): Promise<void>;
}

/** Interceptors (tracing) go on the client, so every workflow call carries them. */
export async function connect(interceptors: WorkflowClientInterceptor[] = []): Promise<Connected> {
  let where = "localhost:7233 (namespace default)";
  let connection: Connection | undefined;
  try {
    const config = loadClientConnectConfig();
    // Envconfig builds worker-style options; the client connection takes the same four fields.
    const { address = "localhost:7233", tls, apiKey, metadata } = config.connectionOptions;
    const namespace = config.namespace ?? "default";
    where = `${address} (namespace ${namespace})`;
    connection = await Connection.connect({ address, tls, apiKey, metadata, connectTimeout: CONNECT_TIMEOUT_MS });
    // connect() also succeeds against anything answering UNIMPLEMENTED on the port (an HTTP
    // proxy, say); every supported server has GetSystemInfo.
    const { workflowService } = connection;
    await connection.withDeadline(Date.now() + CONNECT_TIMEOUT_MS, () => workflowService.getSystemInfo({}));
    const open = connection;
    return { client: new Client({ connection: open, namespace, interceptors: { workflow: interceptors } }), close: () => open.close() };
  } catch (err) {
    await connection?.close();
    throw new ConnectError(`cannot reach Temporal at ${where}: ${reason(err)}`);
  }
}
