import { createRoute, z } from "@hono/zod-openapi";
import { parseCampaignText } from "../../../src/io/campaign-file.js";
import { PairwiseError } from "../../../src/errors.js";
import { campaignView, campaignViewByName, campaignViews, progressView } from "../../../src/services/api/campaign-view.js";
import { requireCampaign } from "../../../src/services/find-campaign.js";
import { buildReport, REPORT_KINDS } from "../../../src/services/reports/index.js";
import { saveCampaign } from "../../../src/services/save-campaign.js";
import { setCampaignStatus } from "../../../src/services/set-campaign-status.js";
import type { RouteKit } from "../app.js";
import { CampaignParam, CampaignSchema, errorResponses, ProgressSchema, ReportSchema } from "../schemas.js";

const CAMPAIGN_FILE_BODY = {
  required: true,
  description: "A campaign file, the same format as `pairwise campaign create` takes (see the README), as JSON or YAML.",
  content: { "application/json": { schema: z.record(z.string(), z.unknown()) }, "application/yaml": { schema: z.string() } },
};

/** Reads a campaign file from a request body (JSON or YAML; YAML parses both), with the file's line-and-field errors. */
async function campaignFileOf(text: string) {
  if (text.trim().length === 0) throw new PairwiseError("VALIDATION", "The request body is empty: send a campaign file as JSON or YAML.");
  return parseCampaignText(text, "request body");
}

export function registerCampaignRoutes({ app, deps, secured, raw }: RouteKit): void {
  const ctx = deps.services;

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns",
      tags: ["campaigns"],
      summary: "List campaigns with their progress",
      ...secured("campaigns:read"),
      responses: {
        200: { description: "Campaigns", content: { "application/json": { schema: z.object({ campaigns: z.array(CampaignSchema) }) } } },
        ...errorResponses(),
      },
    }),
    async (c) => c.json({ campaigns: await campaignViews(ctx) }, 200),
  );

  raw(
    createRoute({
      method: "post",
      path: "/campaigns",
      tags: ["campaigns"],
      summary: "Create a campaign from a campaign file (JSON or YAML)",
      ...secured("campaigns:write"),
      request: { body: CAMPAIGN_FILE_BODY },
      responses: { 201: { description: "Created", content: { "application/json": { schema: CampaignSchema } } }, ...errorResponses(409, 422) },
    }),
    async (c) => {
      const file = await campaignFileOf(await c.req.text());
      const saved = await saveCampaign(ctx, { file, mode: "create" });
      return c.json(await campaignView(ctx, saved.campaign), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaign}",
      tags: ["campaigns"],
      summary: "A campaign's settings, status and progress",
      ...secured("campaigns:read"),
      request: { params: CampaignParam },
      responses: { 200: { description: "The campaign", content: { "application/json": { schema: CampaignSchema } } }, ...errorResponses(404) },
    }),
    async (c) => c.json(await campaignViewByName(ctx, c.req.valid("param").campaign), 200),
  );

  raw(
    createRoute({
      method: "put",
      path: "/campaigns/{campaign}",
      tags: ["campaigns"],
      summary: "Update a campaign from its file (a changed guidelines text becomes a new version)",
      ...secured("campaigns:write"),
      request: { params: CampaignParam, body: CAMPAIGN_FILE_BODY },
      responses: { 200: { description: "Updated", content: { "application/json": { schema: CampaignSchema } } }, ...errorResponses(404, 422) },
    }),
    async (c) => {
      const name = c.req.param("campaign")!;
      await requireCampaign(ctx, name);
      const file = await campaignFileOf(await c.req.text());
      if (file.name !== name)
        throw new PairwiseError(
          "VALIDATION",
          `field "name": the file names campaign "${file.name}" but the URL names "${name}"; a campaign's name cannot change.`,
          { location: { field: "name" } },
        );
      return c.json(await campaignView(ctx, (await saveCampaign(ctx, { file, mode: "update" })).campaign), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/campaigns/{campaign}/status",
      tags: ["campaigns"],
      summary: "Open, pause or close a campaign",
      ...secured("campaigns:write"),
      request: {
        params: CampaignParam,
        body: { required: true, content: { "application/json": { schema: z.object({ status: z.enum(["draft", "active", "paused", "closed"]) }) } } },
      },
      responses: { 200: { description: "The campaign", content: { "application/json": { schema: CampaignSchema } } }, ...errorResponses(404, 409, 422) },
    }),
    async (c) =>
      c.json(await campaignView(ctx, await setCampaignStatus(ctx, { campaign: c.req.valid("param").campaign, status: c.req.valid("json").status })), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaign}/progress",
      tags: ["campaigns"],
      summary: "Items complete, in progress and untouched",
      ...secured("campaigns:read"),
      request: { params: CampaignParam },
      responses: { 200: { description: "Progress", content: { "application/json": { schema: ProgressSchema } } }, ...errorResponses(404) },
    }),
    async (c) => c.json(await progressView(ctx, await requireCampaign(ctx, c.req.valid("param").campaign)), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaign}/reports/{kind}",
      tags: ["campaigns"],
      summary: "A lead report as JSON (progress, agreement, gold, annotators, bias, models, drift, judge, outcomes)",
      ...secured("campaigns:read"),
      request: { params: CampaignParam.extend({ kind: z.enum(REPORT_KINDS).openapi({ param: { name: "kind", in: "path" } }) }) },
      responses: { 200: { description: "The report", content: { "application/json": { schema: ReportSchema } } }, ...errorResponses(404, 422) },
    }),
    async (c) => {
      const { campaign, kind } = c.req.valid("param");
      const { charts: _charts, ...report } = await buildReport(ctx, campaign, kind);
      return c.json({ ...report, data: report.data ?? null }, 200);
    },
  );
}
