import { bigint, boolean, doublePrecision, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { CHOICES, DISPLAY_ORDERS } from "../../domain/choice.js";
import { annotators } from "./annotators.js";
import { campaigns } from "./campaigns.js";
import { comparisons } from "./comparisons.js";
import { judgments } from "./judgments.js";

/** A pre-scoring run of one campaign by one judge. */
export const prescoreRuns = pgTable(
  "prescore_runs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    judgeId: bigint("judge_id", { mode: "number" })
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["running", "done", "interrupted", "failed"] }).notNull(),
    owner: text("owner").notNull(),
    requestedBy: text("requested_by").notNull(),
    startedAt: bigint("started_at", { mode: "number" }).notNull(),
    heartbeatAt: bigint("heartbeat_at", { mode: "number" }).notNull(),
    finishedAt: bigint("finished_at", { mode: "number" }),
    planned: bigint("planned", { mode: "number" }).notNull().default(0),
    scored: bigint("scored", { mode: "number" }).notNull().default(0),
    failed: bigint("failed", { mode: "number" }).notNull().default(0),
    requests: bigint("requests", { mode: "number" }).notNull().default(0),
    retries: bigint("retries", { mode: "number" }).notNull().default(0),
    promptTokens: bigint("prompt_tokens", { mode: "number" }).notNull().default(0),
    completionTokens: bigint("completion_tokens", { mode: "number" }).notNull().default(0),
    errors: text("errors").notNull().default("[]"),
    note: text("note"),
  },
  (t) => [index("prescore_runs_by_campaign").on(t.campaignId, t.status)],
);

/** The judge's answer to one order of asking a pair. */
export const judgeAnswers = pgTable(
  "judge_answers",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    comparisonId: bigint("comparison_id", { mode: "number" })
      .notNull()
      .references(() => comparisons.id, { onDelete: "cascade" }),
    judgeId: bigint("judge_id", { mode: "number" })
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    runId: bigint("run_id", { mode: "number" }).references(() => prescoreRuns.id, { onDelete: "set null" }),
    displayOrder: text("display_order", { enum: DISPLAY_ORDERS }).notNull(),
    choice: text("choice", { enum: CHOICES }).notNull(),
    probability: doublePrecision("probability"),
    explanation: text("explanation"),
    rubricScores: text("rubric_scores").notNull().default("{}"),
    raw: text("raw").notNull(),
    via: text("via", { enum: ["json", "text"] }).notNull(),
    structured: boolean("structured").notNull(),
    promptTokens: bigint("prompt_tokens", { mode: "number" }),
    completionTokens: bigint("completion_tokens", { mode: "number" }),
    latencyMs: bigint("latency_ms", { mode: "number" }).notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("judge_answers_pair_order").on(t.comparisonId, t.judgeId, t.displayOrder)],
);

/** The provenance of a judgment made by the AI judge. */
export const aiVerdicts = pgTable("ai_verdicts", {
  judgmentId: bigint("judgment_id", { mode: "number" })
    .primaryKey()
    .references(() => judgments.id, { onDelete: "cascade" }),
  runId: bigint("run_id", { mode: "number" }).references(() => prescoreRuns.id, { onDelete: "set null" }),
  model: text("model").notNull(),
  promptVersion: text("prompt_version").notNull(),
  ordersAgree: boolean("orders_agree").notNull(),
  confidence: doublePrecision("confidence").notNull(),
  route: text("route", { enum: ["borderline", "neutral", "confident"] }).notNull(),
  targetBefore: bigint("target_before", { mode: "number" }).notNull(),
  targetAfter: bigint("target_after", { mode: "number" }).notNull(),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
});
