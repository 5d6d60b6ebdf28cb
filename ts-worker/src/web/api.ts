// The JSON API: every response is checked against its schema in schemas/ before it is sent
// (a mismatch is our bug: ContractViolation), every failure is an ApiError (app.ts).
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { check } from "../contracts/boundary";
import { ErrorType } from "../contracts/gen/registry";
import type { ContractTypes, SchemaName } from "../contracts/types";
import type { AppDeps } from "./app";
import { catalogPage, catalogRecord, pageParams, similarParams, similarVideos } from "./catalog-view";
import { WebError } from "./errors";
import { crossSite } from "./security";

const RUNS_LIMIT = 50;

/** `value`, once it is a valid `name`. */
export function valid<N extends SchemaName>(name: N, value: ContractTypes[N]): ContractTypes[N] {
  const problem = check(name, value);
  if (problem !== undefined) throw new WebError(ErrorType.ContractViolation, `the web API produced an ${problem}`);
  return value;
}

export function apiRoutes(deps: AppDeps): FastifyPluginAsync {
  return (app) => {
    const query = (raw: unknown): Record<string, unknown> => (typeof raw === "object" && raw !== null ? { ...raw } : {});
    // State-changing routes: same origin first, then the CSRF token (@fastify/csrf-protection).
    const guarded = {
      preHandler: [
        (request: Parameters<typeof crossSite>[0], _reply: unknown, done: (err?: Error) => void) => {
          const problem = crossSite(request);
          done(problem === undefined ? undefined : new WebError("Forbidden", problem));
        },
        (request: Parameters<typeof crossSite>[0], reply: FastifyReply, done: (err?: Error) => void) =>
          app.csrfProtection(request, reply, done),
      ],
    };

    app.get("/videos", async (request) => valid("CatalogPage", await catalogPage(deps.catalog, pageParams(query(request.query)))));
    app.get("/search", async (request) => {
      const params = pageParams(query(request.query));
      if (params.query === undefined) throw new WebError(ErrorType.InvalidInput, "q is required");
      return valid("CatalogPage", await catalogPage(deps.catalog, params));
    });
    app.get<{ Params: { id: string } }>("/videos/:id", async (request) =>
      valid("CatalogRecord", await catalogRecord(deps.catalog, request.params.id)),
    );
    app.get<{ Params: { id: string } }>("/videos/:id/similar", async (request) =>
      valid("SimilarVideos", await similarVideos(deps.catalog, request.params.id, similarParams(query(request.query)))),
    );
    app.get("/runs", async () => valid("RunList", await deps.runs.list(RUNS_LIMIT)));
    app.post("/runs", guarded, async (request, reply) => {
      const body = query(request.body);
      const url = typeof body.video_url === "string" ? body.video_url.trim() : "";
      if (url === "") throw new WebError(ErrorType.InvalidInput, "video_url is required");
      const started = valid("StartRunResponse", await deps.runs.start(url));
      return reply.status(201).send(started);
    });
    app.post<{ Params: { id: string } }>("/runs/:id/cancel", guarded, async (request) =>
      valid("RunStatus", await deps.runs.cancel(request.params.id)),
    );
    return Promise.resolve();
  };
}
