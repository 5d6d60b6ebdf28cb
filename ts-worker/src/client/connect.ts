// Connect through Temporal's environment configuration, as every worker and client does:
// TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE and
// temporal.toml profiles all work, so the same command runs on the dev server or Temporal Cloud.
import { Client, Connection, type ConnectionOptions } from "@temporalio/client";
import { type ClientConnectConfig, loadClientConnectConfig } from "@temporalio/envconfig";
import { ConnectError, rpcStatus } from "./errors";

export const DEFAULT_ADDRESS = "localhost:7233";
// A server that is down must fail the command in seconds, not after the SDK's retries.
const CONNECT_TIMEOUT_MS = 10_000;

export interface Target {
  options: ConnectionOptions;
  address: string;
  namespace: string;
}

export function loadTarget(): Target {
  let config: ClientConnectConfig;
  try {
    config = loadClientConnectConfig();
  } catch (err) {
    throw new ConnectError(`cannot read the Temporal configuration: ${messageOf(err)}`);
  }
  // Envconfig builds worker-style options; the client connection takes the same four fields.
  const { address = DEFAULT_ADDRESS, tls, apiKey, metadata } = config.connectionOptions;
  return { options: { address, tls, apiKey, metadata }, address, namespace: config.namespace ?? "default" };
}

export function describeTarget(target: Target): string {
  return `${target.address} (namespace ${target.namespace})`;
}

export interface Connected {
  client: Client;
  close: () => Promise<void>;
}

export async function connect(target: Target): Promise<Connected> {
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ ...target.options, connectTimeout: CONNECT_TIMEOUT_MS });
    // connect() accepts UNIMPLEMENTED here (very old servers); anything else answering on the
    // port (an HTTP proxy, say) does too. Every supported server has GetSystemInfo.
    const { workflowService } = connection;
    await connection.withDeadline(deadline, () => workflowService.getSystemInfo({}));
  } catch (err) {
    await connection?.close();
    throw new ConnectError(`cannot reach Temporal at ${describeTarget(target)}: ${messageOf(err)}`);
  }
  const open = connection;
  return { client: new Client({ connection: open, namespace: target.namespace }), close: () => open.close() };
}

function messageOf(err: unknown): string {
  const rpc = rpcStatus(err);
  if (rpc !== undefined) return `${rpc.code}: ${rpc.message}`;
  return err instanceof Error ? err.message : String(err);
}
