import { createRoute, z } from "@hono/zod-openapi";
import { judgmentsAfter } from "../../../src/services/api/judgments-page.js";
import { requireCampaign } from "../../../src/services/find-campaign.js";
import type { RouteKit } from "../app.js";
import { CampaignParam, errorResponses, JudgmentPageSchema, JudgmentQuery } from "../schemas.js";

/** Rows a stream reads per turn of the event loop, so a long stream never holds it for long. */
const STREAM_CHUNK = 500;

export function registerJudgmentRoutes({ app, deps, secured }: RouteKit): void {
  const ctx = deps.services;

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaign}/judgments",
      tags: ["judgments"],
      summary: "Judgments in id order, a page at a time",
      description:
        "Page with `after` = the previous page's `next_cursor`: every judgment is returned exactly once, in the order it was committed, however many votes arrive meanwhile.",
      ...secured("judgments:read"),
      request: { params: CampaignParam, query: JudgmentQuery },
      responses: { 200: { description: "A page", content: { "application/json": { schema: JudgmentPageSchema } } }, ...errorResponses(404, 422) },
    }),
    async (c) => {
      const { campaign } = c.req.valid("param");
      const q = c.req.valid("query");
      const limit = q.limit ?? 100;
      // One more than asked, to tell whether there is more.
      const rows = await judgmentsAfter(ctx, {
        campaign,
        ...(q.after !== undefined ? { after: q.after } : {}),
        ...(q.since ? { since: new Date(q.since) } : {}),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return c.json({ judgments: page, next_cursor: page.length > 0 ? page[page.length - 1]!.id : (q.after ?? null), has_more: rows.length > limit }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaign}/judgments/stream",
      tags: ["judgments"],
      summary: "Every judgment after the cursor, streamed as JSON Lines",
      ...secured("judgments:read"),
      request: { params: CampaignParam, query: JudgmentQuery.omit({ limit: true }) },
      responses: {
        200: { description: "One judgment (the Judgment schema) a line, in id order", content: { "application/x-ndjson": { schema: z.string() } } },
        ...errorResponses(404, 422),
      },
    }),
    async (c) => {
      const { campaign } = c.req.valid("param");
      const q = c.req.valid("query");
      await requireCampaign(ctx, campaign);
      let cursor = q.after ?? 0;
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const rows = await judgmentsAfter(ctx, { campaign, after: cursor, ...(q.since ? { since: new Date(q.since) } : {}), limit: STREAM_CHUNK });
          if (rows.length === 0) return controller.close();
          cursor = rows[rows.length - 1]!.id;
          controller.enqueue(encoder.encode(rows.map((r) => `${JSON.stringify(r)}\n`).join("")));
        },
      });
      return new Response(body, { status: 200, headers: { "content-type": "application/x-ndjson; charset=utf-8" } }) as never;
    },
  );
}
