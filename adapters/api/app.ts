import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Handler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { DispatchDeps } from "../../src/core/dispatch-context.js";
import type { ApiScope } from "../../src/domain/api-scopes.js";
import type { Logger } from "../../src/logger.js";
import type { ServiceContext } from "../../src/services/context.js";
import { requireScope, type ApiEnv } from "./auth.js";
import { answerError, errorBody } from "./errors.js";
import { RateLimiter } from "./rate-limit.js";
import { registerCampaignRoutes } from "./routes/campaigns.js";
import { registerExportRoutes } from "./routes/exports.js";
import { registerItemRoutes } from "./routes/items.js";
import { registerJudgmentRoutes } from "./routes/judgments.js";
import { registerPollRoutes } from "./routes/polls.js";
import { registerWebhookRoutes } from "./routes/webhooks.js";

export interface ApiDeps {
  services: ServiceContext;
  logger: Logger;
  /** Where export snapshots are kept. */
  snapshotsDir: string;
  limiter?: RateLimiter;
  /** The running chat platforms and their settings, for what the API posts in chat (polls). */
  dispatch?: DispatchDeps;
}

export type ApiApp = OpenAPIHono<ApiEnv>;

/** What every route module gets: the app, the services, and how to guard a route with a scope. */
export interface RouteKit {
  app: ApiApp;
  deps: ApiDeps;
  /** The middleware and OpenAPI security entry of a route that needs `scope`. */
  secured(scope: ApiScope): { middleware: ReturnType<typeof requireScope>[]; security: { bearerAuth: string[] }[] };
  /**
   * A route whose body is read as a stream or as text (a batch of items, a campaign file in
   * YAML): documented from the same route config, served by a plain handler that reads the body
   * itself instead of through the JSON validator.
   */
  raw(route: RouteConfig & { middleware: ReturnType<typeof requireScope>[] }, handler: Handler<ApiEnv>): void;
}

export const OPENAPI_PATH = "/openapi.json";
/** The largest body of any route but POST /campaigns/{c}/items. */
const MAX_SMALL_BODY = 1024 * 1024;

/**
 * The pipeline API: every route with its zod schemas, served and documented from the same
 * definitions (OpenAPI 3.1 at /openapi.json). Each route calls the same service verbs as the CLI
 * and the chat commands.
 */
export function buildApiApp(deps: ApiDeps): ApiApp {
  const limiter = deps.limiter ?? new RateLimiter();
  const app: ApiApp = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0]!;
      const field = issue.path.map(String).join(".");
      return c.json(errorBody("VALIDATION", `${field ? `field "${field}": ` : ""}${issue.message}`, { field }), 422);
    },
  });
  // Every body but a batch of items (streamed to disk, with its own limit) is small: a campaign file, a webhook, an outcome.
  const smallBody = bodyLimit({
    maxSize: MAX_SMALL_BODY,
    onError: (c) => c.json(errorBody("TOO_LARGE", `The request body is larger than ${MAX_SMALL_BODY / 1024 / 1024} MiB, the limit for this route.`), 413),
  });
  app.use("*", async (c, next) => (c.req.method !== "GET" && !c.req.path.endsWith("/items") ? smallBody(c, next) : next()));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A token from `pairwise token create` (pw_…).",
  });
  const kit: RouteKit = {
    app,
    deps,
    secured: (scope) => ({ middleware: [requireScope(deps.services, limiter, scope)], security: [{ bearerAuth: [] }] }),
    raw: (route, handler) => {
      const { middleware, ...documented } = route;
      app.openAPIRegistry.registerPath(documented);
      const on = app.on.bind(app) as unknown as (method: string, path: string, ...handlers: unknown[]) => void;
      on(route.method.toUpperCase(), route.path.replace(/\{(\w+)\}/g, ":$1"), ...middleware, handler);
    },
  };
  registerCampaignRoutes(kit);
  registerItemRoutes(kit);
  registerJudgmentRoutes(kit);
  registerExportRoutes(kit);
  registerWebhookRoutes(kit);
  registerPollRoutes(kit);

  app.doc31(OPENAPI_PATH, {
    openapi: "3.1.0",
    info: {
      title: "Pairwise pipeline API",
      version: "1",
      description:
        "Push comparisons, pull judgments and exports, subscribe to events. Every route but this document needs `Authorization: Bearer pw_…` with the scope it names.",
    },
  });
  app.notFound((c) => c.json(errorBody("NOT_FOUND", `No route ${c.req.method} ${c.req.path}. The routes are listed in ${OPENAPI_PATH}.`), 404));
  app.onError((error, c) => answerError(c, error, deps.logger));
  return app;
}
