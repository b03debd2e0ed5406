import { z } from "@hono/zod-openapi";
import { WEBHOOK_EVENTS } from "../../src/services/webhooks/events.js";
import { EXPORT_FORMATS } from "../../src/io/export/run-export.js";
import { CHOICES } from "../../src/domain/choice.js";

const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "VALIDATION" }),
      message: z.string().openapi({ example: 'request body:3, field "response_a": missing; every row needs response_a and response_b' }),
      line: z.number().int().optional(),
      field: z.string().optional(),
    }),
  })
  .openapi("Error");

export const CampaignParam = z.object({
  campaign: z
    .string()
    .min(1)
    .openapi({ param: { name: "campaign", in: "path" }, example: "helpfulness-v1" }),
});

export const ProgressSchema = z
  .object({
    items: z.number().int(),
    complete: z.number().int(),
    partial: z.number().int(),
    untouched: z.number().int(),
    judgments: z.number().int(),
    inProgress: z.number().int(),
  })
  .openapi("Progress");

export const CampaignSchema = z
  .object({
    name: z.string(),
    title: z.string().nullable(),
    status: z.enum(["draft", "active", "paused", "closed"]),
    guideline_version: z.number().int().nullable(),
    settings: z.record(z.string(), z.unknown()),
    progress: ProgressSchema,
  })
  .openapi("Campaign");

export const BatchSchema = z
  .object({
    id: z.number().int(),
    campaign: z.string(),
    status: z.enum(["publishing", "published"]),
    items: z.number().int(),
    complete: z.number().int(),
    judgments: z.number().int(),
    already_present: z.number().int(),
    progress: z.number(),
    created_at: z.string(),
    completed_at: z.string().nullable(),
  })
  .openapi("Batch");

export const BatchCreatedSchema = z.object({ batch: BatchSchema, replayed: z.boolean() }).openapi("BatchCreated");

const JudgmentSchema = z
  .object({
    id: z.number().int(),
    item_id: z.string(),
    annotator: z.string(),
    choice: z.enum(CHOICES),
    source: z.enum(["platform", "import", "ai"]),
    rationale: z.string().nullable(),
    confidence: z.number().int().nullable(),
    difficulty: z.string().nullable(),
    display_order: z.enum(["ab", "ba"]).nullable(),
    time_taken_ms: z.number().int().nullable(),
    guideline_version: z.number().int().nullable(),
    revision: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Judgment");

export const JudgmentPageSchema = z
  .object({
    judgments: z.array(JudgmentSchema),
    next_cursor: z.number().int().nullable().openapi({ description: "Pass as `after` for the next page; null when this page was empty." }),
    has_more: z.boolean(),
  })
  .openapi("JudgmentPage");

export const JudgmentQuery = z.object({
  after: z.coerce.number().int().min(0).optional().openapi({ description: "The last judgment id already seen (the cursor)." }),
  since: z.string().datetime({ offset: true }).optional().openapi({ description: "Only judgments made at or after this time (ISO 8601)." }),
  limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: "Page size, 1 to 1000 (default 100)." }),
});

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const ExportQuery = z.object({
  format: z.enum(EXPORT_FORMATS).default("trl"),
  aggregate: z.enum(["majority", "dawid-skene"]).optional(),
  conversational: bool.optional(),
  min_agreement: z.string().optional().openapi({ example: "2/3" }),
  exclude_ties: bool.optional(),
  include_flagged: bool.optional(),
  include_incomplete: bool.optional(),
  keep_degenerate: bool.optional(),
  qualified_only: bool.optional(),
  include_ai: bool.optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  guideline_version: z.coerce.number().int().min(1).optional(),
});

export const SnapshotSchema = z
  .object({
    id: z.string().openapi({ example: "snap_3f9c2a1b7d4e5f60" }),
    campaign: z.string(),
    format: z.string(),
    sha256: z.string(),
    bytes: z.number().int(),
    rows: z.number().int(),
    items: z.number().int(),
    agreement: z.number().nullable(),
    options: z.record(z.string(), z.unknown()),
    created_at: z.string(),
  })
  .openapi("Snapshot");

export const SnapshotParam = z.object({ snapshot: z.string().openapi({ param: { name: "snapshot", in: "path" }, example: "snap_3f9c2a1b7d4e5f60" }) });

export const OutcomeBody = z
  .object({
    snapshot_id: z.string().min(1),
    model: z.string().min(1).max(300).openapi({ example: "llama-3-8b-dpo-r2" }),
    benchmark: z.string().min(1).max(300).openapi({ example: "mt-bench" }),
    metric: z.string().min(1).max(100).openapi({ example: "score" }),
    value: z.number(),
    notes: z.string().max(2000).optional(),
  })
  .openapi("OutcomeInput");

export const OutcomeSchema = z
  .object({
    id: z.number().int(),
    snapshot_id: z.string(),
    model: z.string(),
    benchmark: z.string(),
    metric: z.string(),
    value: z.number(),
    notes: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("Outcome");

export const WebhookBody = z
  .object({ url: z.string().min(1).openapi({ example: "https://trainer.example.com/pairwise-events" }), events: z.array(z.enum(WEBHOOK_EVENTS)).min(1) })
  .openapi("WebhookInput");

export const WebhookSchema = z
  .object({
    id: z.number().int(),
    campaign: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    status: z.enum(["active", "disabled"]),
    created_at: z.string(),
  })
  .openapi("Webhook");

export const WebhookCreatedSchema = z
  .object({
    webhook: WebhookSchema,
    secret: z.string().openapi({ description: "Signs every delivery (HMAC-SHA256 of `${t}.${body}`). Shown once: store it." }),
  })
  .openapi("WebhookCreated");

export const WebhookParam = z.object({
  webhook: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: "webhook", in: "path" }, example: 1 }),
});

export const DeliverySchema = z
  .object({
    id: z.number().int(),
    event_id: z.string(),
    type: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable(),
    created_at: z.string(),
    delivered_at: z.string().nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    replay_of: z.number().int().nullable(),
  })
  .openapi("Delivery");

export const ReportSchema = z
  .object({
    kind: z.string(),
    campaign: z.string(),
    title: z.string(),
    summary: z.array(z.string()),
    data: z.unknown(),
    table: z.array(z.array(z.string())).optional(),
    details: z.array(z.string()).optional(),
  })
  .openapi("Report");

/** The answers every authenticated route may give besides its own. */
export function errorResponses(...codes: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503)[]) {
  const descriptions: Record<number, string> = {
    400: "Malformed request",
    401: "No token, or an unknown or revoked one",
    403: "The token lacks the scope this route needs",
    404: "No such campaign, batch, snapshot or webhook",
    409: "The state does not allow it (a closed campaign, an id taken by other content)",
    413: "The body is too large",
    415: "The body's content type is not one this route takes",
    422: "The body or a parameter is invalid: the message names the line and field",
    429: "Over the token's rate: wait Retry-After seconds",
    503: "The database is busy: retry after Retry-After seconds",
  };
  return Object.fromEntries(
    [401, 403, 429, ...codes].map((code) => [code, { description: descriptions[code]!, content: { "application/json": { schema: ErrorSchema } } }]),
  );
}
