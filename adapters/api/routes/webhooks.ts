import { createRoute, z } from "@hono/zod-openapi";
import {
  createWebhook,
  deliveryLog,
  removeWebhook,
  replayDelivery,
  requireWebhook,
  webhooksOf,
  webhookView,
} from "../../../src/services/webhooks/subscriptions.js";
import type { RouteKit } from "../app.js";
import { CampaignParam, DeliverySchema, errorResponses, WebhookBody, WebhookCreatedSchema, WebhookParam, WebhookSchema } from "../schemas.js";

export function registerWebhookRoutes({ app, deps, secured }: RouteKit): void {
  const ctx = deps.services;

  app.openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{campaign}/webhooks",
      tags: ["webhooks"],
      summary: "Subscribe a receiver to a campaign's events",
      description:
        "Each delivery is a POST of a JSON event ({id, type, created_at, campaign, data}) signed in the Pairwise-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256 of `${t}.${body}` keyed with the secret>. Delivered at least once (dedupe on the event id), retried with exponential backoff until a 2xx.",
      ...secured("webhooks:write"),
      request: { params: CampaignParam, body: { required: true, content: { "application/json": { schema: WebhookBody } } } },
      responses: {
        201: { description: "Subscribed; the secret is shown this once", content: { "application/json": { schema: WebhookCreatedSchema } } },
        ...errorResponses(404, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { webhook, secret } = await createWebhook(ctx, { campaign: c.req.valid("param").campaign, url: body.url, events: body.events });
      return c.json({ webhook: await webhookView(ctx, webhook), secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaign}/webhooks",
      tags: ["webhooks"],
      summary: "A campaign's webhooks",
      ...secured("webhooks:read"),
      request: { params: CampaignParam },
      responses: {
        200: { description: "Webhooks", content: { "application/json": { schema: z.object({ webhooks: z.array(WebhookSchema) }) } } },
        ...errorResponses(404),
      },
    }),
    async (c) => c.json({ webhooks: await Promise.all((await webhooksOf(ctx, c.req.valid("param").campaign)).map((w) => webhookView(ctx, w))) }, 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/webhooks/{webhook}",
      tags: ["webhooks"],
      summary: "Remove a webhook (its pending deliveries go with it)",
      ...secured("webhooks:write"),
      request: { params: WebhookParam },
      responses: { 204: { description: "Removed" }, ...errorResponses(404) },
    }),
    async (c) => {
      await removeWebhook(ctx, c.req.valid("param").webhook);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/webhooks/{webhook}/deliveries",
      tags: ["webhooks"],
      summary: "The delivery log, newest first",
      ...secured("webhooks:read"),
      request: {
        params: WebhookParam,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).optional(),
          before: z.coerce.number().int().min(1).optional().openapi({ description: "Only deliveries with a smaller id (the next page)." }),
        }),
      },
      responses: {
        200: { description: "Deliveries", content: { "application/json": { schema: z.object({ deliveries: z.array(DeliverySchema) }) } } },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        {
          deliveries: await deliveryLog(ctx, c.req.valid("param").webhook, {
            ...(q.limit ? { limit: q.limit } : {}),
            ...(q.before ? { before: q.before } : {}),
          }),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/webhooks/{webhook}/deliveries/{delivery}/replay",
      tags: ["webhooks"],
      summary: "Send a delivery again (same event id and body)",
      ...secured("webhooks:write"),
      request: {
        params: WebhookParam.extend({
          delivery: z.coerce
            .number()
            .int()
            .min(1)
            .openapi({ param: { name: "delivery", in: "path" } }),
        }),
      },
      responses: {
        202: { description: "Queued", content: { "application/json": { schema: z.object({ delivery: z.number().int() }) } } },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { webhook, delivery } = c.req.valid("param");
      await requireWebhook(ctx, webhook);
      return c.json({ delivery: await replayDelivery(ctx, delivery, webhook) }, 202);
    },
  );
}
