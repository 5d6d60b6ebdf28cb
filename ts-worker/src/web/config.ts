// Settings of the web catalog (node dist/web.js), from the environment like every worker's
// (the README's configuration table). The Temporal connection comes from @temporalio/envconfig.
import { isIP } from "node:net";
import { DEFAULT_CATALOG_URL } from "../catalog/open";

export const DEFAULT_WEB_HOST = "127.0.0.1";
export const DEFAULT_WEB_PORT = 8090;
export const DEFAULT_TEMPORAL_UI_URL = "http://127.0.0.1:8233";
// A token shorter than this is guessable: refused at start.
const MIN_TOKEN_LENGTH = 16;

export interface WebConfig {
  host: string;
  port: number;
  /** Required of every request (bearer token or basic-auth password) when set. */
  authToken: string | undefined;
  catalogUrl: string;
  /** Base of the links to a run in the Temporal UI. */
  temporalUiUrl: string;
}

export function loadWebConfig(env: NodeJS.ProcessEnv): WebConfig {
  const host = nonEmpty(env.WEB_HOST) ?? DEFAULT_WEB_HOST;
  const authToken = nonEmpty(env.WEB_AUTH_TOKEN);
  if (authToken !== undefined && authToken.length < MIN_TOKEN_LENGTH) {
    throw new Error(`WEB_AUTH_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
  }
  // Safe by default: anything beyond this machine gets no catalog and no start button without a secret.
  if (!isLoopback(host) && authToken === undefined) {
    throw new Error(`WEB_HOST ${host} is not a loopback address: set WEB_AUTH_TOKEN to serve it`);
  }
  return {
    host,
    port: port(env.WEB_PORT),
    authToken,
    catalogUrl: nonEmpty(env.CATALOG_URL) ?? DEFAULT_CATALOG_URL,
    temporalUiUrl: uiUrl(nonEmpty(env.WEB_TEMPORAL_UI_URL) ?? DEFAULT_TEMPORAL_UI_URL),
  };
}

export function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

function port(value: string | undefined): number {
  const text = nonEmpty(value);
  if (text === undefined) return DEFAULT_WEB_PORT;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) {
    throw new Error(`WEB_PORT must be a port number 1-65535 (got ${JSON.stringify(value)})`);
  }
  return n;
}

function uiUrl(text: string): string {
  const url = new URL(text);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`WEB_TEMPORAL_UI_URL must be an http(s) URL (got ${JSON.stringify(text)})`);
  }
  return url.toString().replace(/\/$/, "");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
