import { integer, real, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { annotators } from "./annotators.js";
import { campaigns } from "./campaigns.js";
import { comparisons } from "./comparisons.js";
import { CHOICES, DISPLAY_ORDERS } from "../../domain/choice.js";
import { judgments } from "./judgments.js";

/**
 * A pre-scoring run of one campaign by one judge (an `ai` annotator: model + prompt version). It
 * is the lock against two runs at once (`owner` is host:pid; a dead owner's run is taken over), and
 * the record of what a run cost: requests, retries, tokens, and the errors of pairs that failed.
 */
export const prescoreRuns = sqliteTable(
  "prescore_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    judgeId: integer("judge_id")
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["running", "done", "interrupted", "failed"] }).notNull(),
    owner: text("owner").notNull(),
    /** Who started it: `cli`, or platform:user for a chat command. */
    requestedBy: text("requested_by").notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    heartbeatAt: integer("heartbeat_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    planned: integer("planned").notNull().default(0),
    scored: integer("scored").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    requests: integer("requests").notNull().default(0),
    retries: integer("retries").notNull().default(0),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    /** JSON array `[{item, error}]` of the pairs that failed (at most 200), and why the run stopped if it did. */
    errors: text("errors").notNull().default("[]"),
    note: text("note"),
  },
  (t) => [index("prescore_runs_by_campaign").on(t.campaignId, t.status)],
);

/**
 * The judge's answer to one order of asking a pair, stored as soon as it arrives, so a run that
 * stops half-way never asks for it again. Verdict and rubric scores are in A/B terms; `raw` is the
 * server's text as received.
 */
export const judgeAnswers = sqliteTable(
  "judge_answers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    comparisonId: integer("comparison_id")
      .notNull()
      .references(() => comparisons.id, { onDelete: "cascade" }),
    judgeId: integer("judge_id")
      .notNull()
      .references(() => annotators.id, { onDelete: "cascade" }),
    runId: integer("run_id").references(() => prescoreRuns.id, { onDelete: "set null" }),
    /** `ab`: response A was shown to the judge first. */
    displayOrder: text("display_order", { enum: DISPLAY_ORDERS }).notNull(),
    choice: text("choice", { enum: CHOICES }).notNull(),
    /** The verdict token's probability, when the server returned logprobs. */
    probability: real("probability"),
    explanation: text("explanation"),
    /** JSON `{ dimension: { a, b } }`. */
    rubricScores: text("rubric_scores").notNull().default("{}"),
    raw: text("raw").notNull(),
    /** Whether the verdict came from the JSON object or a pattern in free text. */
    via: text("via", { enum: ["json", "text"] }).notNull(),
    /** Whether the request asked for JSON-schema output (false after a server refused it). */
    structured: integer("structured", { mode: "boolean" }).notNull(),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    latencyMs: integer("latency_ms").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("judge_answers_pair_order").on(t.comparisonId, t.judgeId, t.displayOrder)],
);

/**
 * The provenance of a judgment made by the AI judge (source `ai`): the model, the prompt version,
 * how sure it was, and what its verdict did to the pair's human overlap. The answers behind it
 * are the two judge_answers rows of the same pair and judge.
 */
export const aiVerdicts = sqliteTable("ai_verdicts", {
  judgmentId: integer("judgment_id")
    .primaryKey()
    .references(() => judgments.id, { onDelete: "cascade" }),
  runId: integer("run_id").references(() => prescoreRuns.id, { onDelete: "set null" }),
  model: text("model").notNull(),
  promptVersion: text("prompt_version").notNull(),
  ordersAgree: integer("orders_agree", { mode: "boolean" }).notNull(),
  confidence: real("confidence").notNull(),
  route: text("route", { enum: ["borderline", "neutral", "confident"] }).notNull(),
  /** Human judgments the pair wanted before and after this verdict routed it. */
  targetBefore: integer("target_before").notNull(),
  targetAfter: integer("target_after").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
