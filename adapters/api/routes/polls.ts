import { createRoute, z } from "@hono/zod-openapi";
import { requirePoll } from "../../../src/services/api/poll-view.js";
import { startApiPoll } from "../../../src/core/handlers/poll-api.js";
import { PairwiseError } from "../../../src/errors.js";
import type { RouteKit } from "../app.js";
import { errorResponses } from "../schemas.js";
import { PLATFORM_NAMES } from "../../../src/domain/platform-names.js";

const PollSchema = z
  .object({
    id: z.number().int(),
    platform: z.string(),
    channel_id: z.string(),
    question: z.string(),
    options: z.array(z.string()),
    status: z.enum(["posting", "open", "closed", "failed"]),
    anonymous: z.boolean(),
    hidden: z.boolean(),
    multi: z.boolean(),
    closes_at: z.string(),
    voters: z.number().int(),
    counts: z.array(z.number().int()).nullable().openapi({ description: "Votes per option; null while a hidden poll is open." }),
  })
  .openapi("Poll");

const PollBody = z
  .object({
    platform: z.enum(PLATFORM_NAMES),
    workspace_id: z.string().min(1).openapi({ description: "The Slack team or Discord guild id." }),
    channel_id: z.string().min(1),
    question: z.string().min(1),
    options: z.array(z.string()).min(2).max(10),
    anonymous: z.boolean().optional(),
    hidden: z.boolean().optional(),
    multi: z.boolean().optional(),
    close: z.string().optional().openapi({ example: "2h", description: "When it closes, as /pairwise poll --close takes it (default 24h)." }),
  })
  .openapi("PollInput");

export function registerPollRoutes({ app, deps, secured }: RouteKit): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/polls",
      tags: ["polls"],
      summary: "Post a quick poll in a channel (as /pairwise poll does)",
      ...secured("campaigns:write"),
      request: { body: { required: true, content: { "application/json": { schema: PollBody } } } },
      responses: { 201: { description: "Posted", content: { "application/json": { schema: PollSchema } } }, ...errorResponses(409, 422) },
    }),
    async (c) => {
      if (!deps.dispatch) throw new PairwiseError("CONFLICT", "This bot runs no chat platform to post a poll in.");
      const b = c.req.valid("json");
      const poll = await startApiPoll(deps.dispatch, {
        platform: b.platform,
        workspaceId: b.workspace_id,
        channelId: b.channel_id,
        creator: `api:${c.get("token").name}`,
        request: {
          question: b.question,
          options: b.options,
          anonymous: b.anonymous ?? false,
          hidden: b.hidden ?? false,
          multi: b.multi ?? false,
          ...(b.close ? { close: b.close } : {}),
        },
      });
      return c.json(poll, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/polls/{poll}",
      tags: ["polls"],
      summary: "A poll and its results",
      ...secured("campaigns:read"),
      request: {
        params: z.object({
          poll: z.coerce
            .number()
            .int()
            .min(1)
            .openapi({ param: { name: "poll", in: "path" } }),
        }),
      },
      responses: { 200: { description: "The poll", content: { "application/json": { schema: PollSchema } } }, ...errorResponses(404) },
    }),
    async (c) => c.json(await requirePoll({ services: deps.services }, c.req.valid("param").poll), 200),
  );
}
