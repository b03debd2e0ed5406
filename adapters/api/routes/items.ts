import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createRoute, z } from "@hono/zod-openapi";
import { PairwiseError } from "../../../src/errors.js";
import { batchesOf, batchView, ingestBatch, requireBatch } from "../../../src/services/api/ingest-batch.js";
import type { RouteKit } from "../app.js";
import { errorBody } from "../errors.js";
import { BatchCreatedSchema, BatchSchema, CampaignParam, errorResponses } from "../schemas.js";

const SHAPES = ["auto", "plain", "trl", "hh-rlhf", "pandalm", "raw"] as const;
const JSONL_TYPES = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-seq", "text/plain"];

/** One item, in the plain shape (other shapes the importer reads are accepted too: TRL, HH-RLHF, PandaLM, raw). */
const ItemRow = z
  .object({
    id: z.string().optional().openapi({ description: "Your id for the item: a retried request with the same ids creates nothing twice." }),
    prompt: z.union([z.string(), z.array(z.object({ role: z.string(), content: z.string() }))]),
    response_a: z.string(),
    response_b: z.string(),
    model_a: z.string().optional(),
    model_b: z.string().optional(),
    tags: z.array(z.string()).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("ItemRow");

export function registerItemRoutes({ app, deps, secured, raw }: RouteKit): void {
  const ctx = deps.services;

  raw(
    createRoute({
      method: "post",
      path: "/campaigns/{campaign}/items",
      tags: ["items"],
      summary: "Push a batch of items (JSON array or JSON Lines, streamed), all or nothing",
      description:
        "The body goes through the same importer as `pairwise import`: the same shapes, validation and errors (naming the line and field), all or nothing. Rows with an `id` the campaign already has with the same content are skipped (a retry), and the same bytes posted again give back the first batch.",
      ...secured("items:write"),
      request: {
        params: CampaignParam,
        query: z.object({
          format: z.enum(SHAPES).optional().openapi({ description: "The rows' shape; detected from the first row unless given." }),
          include_judgments: z
            .enum(["true", "false"])
            .optional()
            .openapi({ description: "Import the judgments that come with rows (PandaLM's labels). Default true." }),
        }),
        body: {
          required: true,
          content: {
            "application/json": { schema: z.array(ItemRow) },
            "application/x-ndjson": { schema: z.string().openapi({ description: "One item (JSON object) a line." }) },
          },
        },
      },
      responses: {
        201: { description: "The batch, created", content: { "application/json": { schema: BatchCreatedSchema } } },
        200: { description: "The same body was posted before: the batch it made", content: { "application/json": { schema: BatchCreatedSchema } } },
        ...errorResponses(404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      const container = type === "application/json" ? "json" : JSONL_TYPES.includes(type) ? "jsonl" : undefined;
      if (!container)
        return c.json(
          errorBody(
            "UNSUPPORTED_MEDIA_TYPE",
            `Send the items as application/json (an array) or application/x-ndjson (one item a line), not "${type || "no content type"}".`,
          ),
          415,
        );
      const format = c.req.query("format");
      if (format !== undefined && !(SHAPES as readonly string[]).includes(format))
        throw new PairwiseError("VALIDATION", `format must be one of ${SHAPES.join(", ")}, not "${format}".`, { location: { field: "format" } });
      const includeJudgments = c.req.query("include_judgments");
      const stream = c.req.raw.body;
      if (!stream) throw new PairwiseError("VALIDATION", "The request body is empty: send the items as a JSON array or as JSON Lines.");
      const result = await ingestBatch(ctx, {
        campaign: c.req.param("campaign")!,
        body: Readable.fromWeb(stream as unknown as WebReadableStream),
        container,
        ...(format ? { format: format as (typeof SHAPES)[number] } : {}),
        includeJudgments: includeJudgments !== "false",
        tokenId: c.get("token").id,
      });
      if (!result.replayed) c.header("Location", `/batches/${result.batch.id}`);
      return c.json(result, result.replayed ? 200 : 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaign}/batches",
      tags: ["items"],
      summary: "A campaign's batches, newest first, with their progress",
      ...secured("items:read"),
      request: {
        params: CampaignParam,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).optional(),
          before: z.coerce.number().int().min(1).optional().openapi({ description: "Only batches with a smaller id (the next page)." }),
        }),
      },
      responses: {
        200: { description: "Batches", content: { "application/json": { schema: z.object({ batches: z.array(BatchSchema) }) } } },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        { batches: await batchesOf(ctx, c.req.valid("param").campaign, { ...(q.limit ? { limit: q.limit } : {}), ...(q.before ? { before: q.before } : {}) }) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/batches/{batch}",
      tags: ["items"],
      summary: "A batch's progress: items complete, judgments so far",
      ...secured("items:read"),
      request: {
        params: z.object({
          batch: z.coerce
            .number()
            .int()
            .min(1)
            .openapi({ param: { name: "batch", in: "path" }, example: 12 }),
        }),
      },
      responses: { 200: { description: "The batch", content: { "application/json": { schema: BatchSchema } } }, ...errorResponses(404) },
    }),
    async (c) => c.json(await batchView(ctx, await requireBatch(ctx, c.req.valid("param").batch)), 200),
  );
}
