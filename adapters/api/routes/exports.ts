import { createReadStream, existsSync } from "node:fs";
import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import { PairwiseError } from "../../../src/errors.js";
import { outcomesOf, recordOutcome } from "../../../src/services/api/outcomes.js";
import {
  createSnapshot,
  requireSnapshot,
  snapshotFiles,
  snapshotsOf,
  snapshotView,
  type SnapshotOptions,
  type SnapshotRow,
} from "../../../src/services/api/snapshots.js";
import type { RouteKit } from "../app.js";
import { CampaignParam, errorResponses, ExportQuery, OutcomeBody, OutcomeSchema, SnapshotParam, SnapshotSchema } from "../schemas.js";

function optionsOf(q: z.infer<typeof ExportQuery>): SnapshotOptions {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as unknown as SnapshotOptions;
}

/** Streams a file of a snapshot; a snapshot whose files were removed from disk is a clear 404. */
function fileResponse(path: string, type: string, headers: Record<string, string> = {}): Response {
  if (!existsSync(path)) throw new PairwiseError("NOT_FOUND", "This snapshot's files are no longer on the bot's disk (removed by hand?). Make a new export.");
  return new Response(Readable.toWeb(createReadStream(path)) as unknown as ReadableStream, { status: 200, headers: { "content-type": type, ...headers } });
}

const dataType = (row: SnapshotRow) => (row.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
const snapshotHeaders = (row: SnapshotRow) => ({ "Pairwise-Snapshot-Id": row.publicId, "Pairwise-Content-SHA256": row.sha256, ETag: `"${row.sha256}"` });

const STREAMED = { "application/x-ndjson": { schema: z.string() }, "text/csv": { schema: z.string() } };

export function registerExportRoutes({ app, deps, secured }: RouteKit): void {
  const ctx = deps.services;

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaign}/export",
      tags: ["exports"],
      summary: "Export the campaign in any format (streamed); the export is kept as a snapshot",
      description:
        "The same formats, filters and labels as `pairwise export`. The response carries the snapshot's id and the SHA-256 of the bytes (Pairwise-Snapshot-Id, Pairwise-Content-SHA256); its QA report and dataset card are at /snapshots/{id}/qa-report and /snapshots/{id}/card.",
      ...secured("exports:read"),
      request: { params: CampaignParam, query: ExportQuery },
      responses: { 200: { description: "The exported file", content: STREAMED }, ...errorResponses(404, 422) },
    }),
    async (c) => {
      const { row } = await createSnapshot(ctx, { campaign: c.req.valid("param").campaign, options: optionsOf(c.req.valid("query")), dir: deps.snapshotsDir });
      return fileResponse(row.path, dataType(row), snapshotHeaders(row)) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{campaign}/snapshots",
      tags: ["exports"],
      summary: "Make a snapshot (an export kept with its id and hash), and send export.ready",
      ...secured("exports:write"),
      request: { params: CampaignParam, query: ExportQuery },
      responses: { 201: { description: "The snapshot", content: { "application/json": { schema: SnapshotSchema } } }, ...errorResponses(404, 422) },
    }),
    async (c) =>
      c.json(
        (await createSnapshot(ctx, { campaign: c.req.valid("param").campaign, options: optionsOf(c.req.valid("query")), dir: deps.snapshotsDir })).view,
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaign}/snapshots",
      tags: ["exports"],
      summary: "A campaign's snapshots",
      ...secured("exports:read"),
      request: { params: CampaignParam },
      responses: {
        200: { description: "Snapshots, oldest first", content: { "application/json": { schema: z.object({ snapshots: z.array(SnapshotSchema) }) } } },
        ...errorResponses(404),
      },
    }),
    async (c) => c.json({ snapshots: await snapshotsOf(ctx, c.req.valid("param").campaign) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/snapshots/{snapshot}",
      tags: ["exports"],
      summary: "A snapshot: hash, size, agreement, options",
      ...secured("exports:read"),
      request: { params: SnapshotParam },
      responses: { 200: { description: "The snapshot", content: { "application/json": { schema: SnapshotSchema } } }, ...errorResponses(404) },
    }),
    async (c) => {
      const s = await requireSnapshot(ctx, c.req.valid("param").snapshot);
      return c.json(snapshotView(s.row, s.campaign), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/snapshots/{snapshot}/data",
      tags: ["exports"],
      summary: "A snapshot's exported file (streamed)",
      ...secured("exports:read"),
      request: { params: SnapshotParam },
      responses: { 200: { description: "The exported file", content: STREAMED }, ...errorResponses(404) },
    }),
    async (c) => {
      const { row } = await requireSnapshot(ctx, c.req.valid("param").snapshot);
      return fileResponse(row.path, dataType(row), snapshotHeaders(row)) as never;
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/snapshots/{snapshot}/qa-report",
      tags: ["exports"],
      summary: "A snapshot's QA report (JSON)",
      ...secured("exports:read"),
      request: { params: SnapshotParam },
      responses: {
        200: { description: "The QA report", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
        ...errorResponses(404),
      },
    }),
    async (c) =>
      fileResponse(snapshotFiles((await requireSnapshot(ctx, c.req.valid("param").snapshot)).row).qaJson, "application/json; charset=utf-8") as never,
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/snapshots/{snapshot}/qa-report/markdown",
      tags: ["exports"],
      summary: "A snapshot's QA report (Markdown)",
      ...secured("exports:read"),
      request: { params: SnapshotParam },
      responses: { 200: { description: "The QA report", content: { "text/markdown": { schema: z.string() } } }, ...errorResponses(404) },
    }),
    async (c) =>
      fileResponse(snapshotFiles((await requireSnapshot(ctx, c.req.valid("param").snapshot)).row).qaMarkdown, "text/markdown; charset=utf-8") as never,
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/snapshots/{snapshot}/card",
      tags: ["exports"],
      summary: "A snapshot's dataset card (Markdown; it names the snapshot)",
      ...secured("exports:read"),
      request: { params: SnapshotParam },
      responses: { 200: { description: "The dataset card", content: { "text/markdown": { schema: z.string() } } }, ...errorResponses(404) },
    }),
    async (c) => fileResponse(snapshotFiles((await requireSnapshot(ctx, c.req.valid("param").snapshot)).row).card, "text/markdown; charset=utf-8") as never,
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{campaign}/outcomes",
      tags: ["exports"],
      summary: "Record the outcome of a training run on one of the campaign's snapshots",
      ...secured("exports:write"),
      request: { params: CampaignParam, body: { required: true, content: { "application/json": { schema: OutcomeBody } } } },
      responses: { 201: { description: "Recorded", content: { "application/json": { schema: OutcomeSchema } } }, ...errorResponses(404, 422) },
    }),
    async (c) => c.json(await recordOutcome(ctx, c.req.valid("param").campaign, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaign}/outcomes",
      tags: ["exports"],
      summary: "The outcomes posted for a campaign's snapshots",
      ...secured("exports:read"),
      request: { params: CampaignParam },
      responses: {
        200: { description: "Outcomes", content: { "application/json": { schema: z.object({ outcomes: z.array(OutcomeSchema) }) } } },
        ...errorResponses(404),
      },
    }),
    async (c) => c.json({ outcomes: await outcomesOf(ctx, c.req.valid("param").campaign) }, 200),
  );
}
