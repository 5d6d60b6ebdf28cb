// The web catalog as a Fastify instance built from its dependencies (catalog, media, runs), so
// tests build it on a temporary catalog and a real dev server, and web.ts on the configured ones.
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyFormbody from "@fastify/formbody";
import fastifyHelmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { Catalog } from "../catalog/catalog";
import { apiRoutes } from "./api";
import { toApiError, WebError } from "./errors";
import type { MediaSource } from "./media";
import { pageRoutes } from "./pages";
import type { Runs } from "./runs";
import { requireToken } from "./security";
import { Views } from "./views";

/** ts-worker/web: templates and the static files (dist/web/app.js is two levels below). */
export const ASSETS = resolve(__dirname, "..", "..", "web");

export interface AppDeps {
  catalog: Catalog;
  media: MediaSource;
  runs: Runs;
  temporalUiUrl: string;
  namespace: string;
  authToken?: string;
  logger?: FastifyServerOptions["logger"];
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: 64 * 1024 });
  const views = new Views(join(ASSETS, "views"), join(ASSETS, "static", "app.css"));
  if (deps.authToken !== undefined) app.addHook("onRequest", requireToken(deps.authToken));
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      // No inline script anywhere (the pages load /static/app.js) and one inline style: the
      // stylesheet, allowed by its hash (views.ts), so that the first paint waits for no request.
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", views.styleHash],
        imgSrc: ["'self'"],
        mediaSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Served over plain http on loopback: no HSTS.
    strictTransportSecurity: false,
  });
  // The CSRF secret lives in a signed, HttpOnly, SameSite=Strict cookie; a restart invalidates
  // tokens, which a reload of the page renews.
  await app.register(fastifyCookie, { secret: randomBytes(32).toString("hex") });
  await app.register(fastifyCsrf, {
    cookieOpts: { signed: true, httpOnly: true, sameSite: "strict", path: "/" },
    getToken: (request) => {
      const header = request.headers["x-csrf-token"];
      if (typeof header === "string") return header;
      const body = request.body as Record<string, unknown> | undefined;
      return typeof body?._csrf === "string" ? body._csrf : undefined;
    },
  });
  await app.register(fastifyFormbody);
  await app.register(fastifyStatic, {
    root: join(ASSETS, "static"),
    prefix: "/static/",
    index: false,
    list: false,
    dotfiles: "deny",
    maxAge: "5m",
  });

  app.setErrorHandler((err, request, reply) => {
    const typed = err instanceof WebError ? err : fastifyError(err);
    const { status, body } = toApiError(typed);
    if (status >= 500) request.log.error({ err }, "request failed");
    const wantsHtml = !request.url.startsWith("/api/") && !request.url.startsWith("/media/");
    if (wantsHtml) return reply.status(status).type("text/html; charset=utf-8").send(views.render("error", { status, error: body }));
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request) => {
    throw new WebError("NotFound", `no page at ${request.url.split("?")[0] ?? ""}`);
  });

  app.get("/healthz", () => ({ ok: true }));
  await app.register(apiRoutes(deps), { prefix: "/api" });
  await app.register(pageRoutes(deps, views));
  return app;
}

/** Fastify's own errors (a body it cannot parse, a bad CSRF token) as typed ones. */
function fastifyError(err: unknown): unknown {
  if (!(err instanceof Error) || !("statusCode" in err) || typeof err.statusCode !== "number") return err;
  if ("code" in err && typeof err.code === "string" && err.code.startsWith("FST_CSRF")) {
    return new WebError("Forbidden", "missing or invalid CSRF token: reload the page");
  }
  if (err.statusCode === 404) return new WebError("NotFound", err.message);
  if (err.statusCode < 500) return new WebError("InvalidInput", err.message);
  return err;
}
