// Safe by default: a token (bearer or basic-auth password) when WEB_AUTH_TOKEN is set, and for
// every state-changing request a same-origin check on top of the CSRF token (app.ts).
import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { WebError } from "./errors";

/** onRequest hook: the request carries the token, or gets 401 with a basic-auth challenge. */
export function requireToken(token: string) {
  const expected = Buffer.from(token);
  return (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
    if (request.url === "/healthz") return done();
    const given = presented(request.headers.authorization);
    if (given !== undefined) {
      const bytes = Buffer.from(given);
      if (bytes.length === expected.length && timingSafeEqual(bytes, expected)) return done();
    }
    void reply.header("WWW-Authenticate", 'Basic realm="media catalog", charset="UTF-8"');
    done(new WebError("Unauthorized", "this catalog needs its token (WEB_AUTH_TOKEN)"));
  };
}

function presented(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const [scheme = "", value = ""] = header.split(" ", 2);
  if (scheme.toLowerCase() === "bearer") return value;
  if (scheme.toLowerCase() !== "basic") return undefined;
  // Basic user:password; any user name, the password is the token.
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/**
 * Why a state-changing request is refused before its CSRF token is even looked at, or
 * undefined: a browser says where a request comes from (Sec-Fetch-Site, Origin), and anything
 * but this origin is cross-site.
 */
export function crossSite(request: FastifyRequest): string | undefined {
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") return `cross-site request refused (Sec-Fetch-Site: ${site})`;
  const origin = request.headers.origin;
  if (origin === undefined) return site === undefined ? "a state-changing request needs an Origin header" : undefined;
  const own = `${request.protocol}://${request.headers.host ?? ""}`;
  return origin === own ? undefined : `cross-site request refused (Origin ${origin})`;
}
