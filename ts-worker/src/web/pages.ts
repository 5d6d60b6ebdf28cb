// The HTML pages: library (poster grid, search, paging), one video (player, storyboard,
// timeline, probe facts) and runs (live progress, cancel, start). Data comes from the same
// functions as the JSON API; /static/app.js adds the interactive parts.
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import type { AppDeps } from "./app";
import { catalogPage, catalogRecord, pageParams, similarParams, similarVideos } from "./catalog-view";
import { formats } from "./format";
import { mediaUri } from "./media";
import { timeline } from "./timeline";
import type { Views } from "./views";

export function pageRoutes(deps: AppDeps, views: Views): FastifyPluginAsync {
  return (app) => {
    const html = (reply: FastifyReply, name: string, data: Record<string, unknown>) =>
      reply.type("text/html; charset=utf-8").send(views.render(name, { ...data, csrf: reply.generateCsrf() }));
    const query = (raw: unknown): Record<string, unknown> => (typeof raw === "object" && raw !== null ? { ...raw } : {});
    const runUrl = (workflowId: string) =>
      `${deps.temporalUiUrl}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`;

    app.get("/", async (request, reply) => {
      const page = await catalogPage(deps.catalog, pageParams(query(request.query)));
      return html(reply, "library", { page, mediaPath, f: formats });
    });
    app.get<{ Params: { id: string } }>("/videos/:id", async (request, reply) => {
      const record = await catalogRecord(deps.catalog, request.params.id);
      const similar = await similarVideos(deps.catalog, request.params.id, similarParams({}));
      return html(reply, "video", {
        record,
        similar,
        mediaPath,
        f: formats,
        timeline: timeline(record.metadata),
        runUrl: runUrl(record.entry.workflow_id),
      });
    });
    app.get("/runs", (_request, reply) => html(reply, "runs", { temporalUiUrl: deps.temporalUiUrl, namespace: deps.namespace }));

    app.get<{ Params: { "*": string } }>("/media/*", async (request, reply) => {
      const answer = await deps.media.open(mediaUri(request.params["*"]), request.raw);
      return reply.status(answer.status).headers(answer.headers).send(answer.body);
    });
    return Promise.resolve();
  };
}

/** The app's path of a media:// reference. */
export function mediaPath(uri: string): string {
  return `/media/${uri.slice("media://".length)}`;
}
